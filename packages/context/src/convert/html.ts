import type { CsvTable } from './csv';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text escaped for HTML element content and attribute values. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function cell(value: string): string {
  return escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A table as an HTML `<table>` with a `<thead>` of column names and a `<tbody>` of rows; text is
 * escaped (`&`, `<`, `>`, quotes) so cell content can never become markup, line breaks become `<br>`.
 */
export function renderHtmlTable(table: CsvTable): string {
  const head = table.columns.map((name) => `<th>${cell(name)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `    <tr>${table.columns.map((_name, index) => `<td>${cell(row[index] ?? '')}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return [
    '<table>',
    '  <thead>',
    `    <tr>${head}</tr>`,
    '  </thead>',
    '  <tbody>',
    ...(body === '' ? [] : [body]),
    '  </tbody>',
    '</table>',
    '',
  ].join('\n');
}
