import { cellText, leaves } from './model.js';

/** One CSV field, quoted per RFC 4180 when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text) {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report as CSV with the columns section, key, value: one row per leaf value, keyed by its
 * dotted path within the section (`score`, `positive.0`, `terms.1.weight`); a section that is
 * plain text or a single value has an empty key. The first row holds the title (empty section,
 * key `title`).
 */
export function renderCsv(title, sections) {
  const rows = [
    ['section', 'key', 'value'],
    ['', 'title', title],
  ];
  for (const [name, value] of Object.entries(sections)) {
    for (const [key, leaf] of leaves(value)) rows.push([name, key, cellText(leaf)]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
