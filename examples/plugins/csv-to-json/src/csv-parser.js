/**
 * Reading CSV (RFC 4180): fields separated by a delimiter, records by CRLF, LF or CR; a field in
 * double quotes may hold the delimiter, line breaks, and quotes written twice (""). A byte order
 * mark is skipped, blank lines are ignored, and a final line break is optional.
 */

/** A CSV syntax error; `line` is the 1-based line where it was found. */
export class CsvSyntaxError extends Error {
  constructor(message, line) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Parses CSV text into records.
 *
 * @param {string} text
 * @param {{ delimiter?: string }} [options]
 * @returns {{ fields: string[], line: number }[]} each record's fields and the line it starts on
 */
export function parseCsv(text, { delimiter = ',' } = {}) {
  const records = [];
  const length = text.length;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let recordLine = 1;
  let record = [];
  let field = '';
  let fieldStart = true;
  let anyQuoted = false;

  const endRecord = () => {
    record.push(field);
    const blank = record.length === 1 && record[0] === '' && !anyQuoted;
    if (!blank) records.push({ fields: record, line: recordLine });
    record = [];
    field = '';
    fieldStart = true;
    anyQuoted = false;
  };

  while (index < length) {
    const char = text[index];
    if (fieldStart && record.length === 0) recordLine = line;
    if (fieldStart && char === '"') {
      const openLine = line;
      anyQuoted = true;
      fieldStart = false;
      index += 1;
      for (;;) {
        if (index >= length) {
          throw new CsvSyntaxError(
            `the quoted field that starts on line ${openLine} never closes; end it with a double quote, and write quotes inside it twice ("")`,
            openLine,
          );
        }
        const inner = text[index];
        if (inner === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (inner === '\n' || (inner === '\r' && text[index + 1] !== '\n')) line += 1;
        field += inner;
        index += 1;
      }
      const next = text[index];
      if (index < length && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(
          `line ${line}: ${JSON.stringify(next)} follows the closing quote of field ${record.length + 1}; a quote inside a quoted field is written twice ("")`,
          line,
        );
      }
      continue;
    }
    fieldStart = false;
    if (char === delimiter) {
      record.push(field);
      field = '';
      fieldStart = true;
      index += 1;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line += 1;
    } else {
      field += char;
      index += 1;
    }
  }
  if (!fieldStart || record.length > 0) endRecord();
  return records;
}

/** The most frequent of `,`, `;`, tab and `|` in the first record, outside quotes; `,` when none. */
export function detectDelimiter(text) {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char) + 1);
  }
  let best = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)) best = candidate;
  return best;
}
