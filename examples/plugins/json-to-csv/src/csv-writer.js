/**
 * Writing CSV (RFC 4180): fields holding the delimiter, a double quote, a line break, or leading or
 * trailing spaces are enclosed in double quotes, with inner quotes doubled.
 */

/**
 * The text of one cell: strings as they are, numbers and booleans in their JSON form, null and
 * undefined empty, lists and objects as JSON text.
 */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** One field, quoted when it must be. */
export function quoteField(text, delimiter = ',') {
  const needsQuotes =
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text !== text.trim();
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV text of a header and rows of cell values.
 *
 * @param {string[]} header
 * @param {unknown[][]} rows
 * @param {{ delimiter?: string, eol?: string }} [options]
 */
export function writeCsv(header, rows, { delimiter = ',', eol = '\n' } = {}) {
  const line = (cells) =>
    cells.map((cell) => quoteField(cellText(cell), delimiter)).join(delimiter);
  const lines = [line(header), ...rows.map(line)];
  return lines.join(eol) + eol;
}
