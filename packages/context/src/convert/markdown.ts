import type { CsvTable } from './csv';

function cell(value: string): string {
  // A pipe ends a cell and a line break ends the row in GitHub-flavoured Markdown tables.
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A table as a GitHub-flavoured Markdown table: a header row, the `---` delimiter row, one line per
 * row; pipes and backslashes in cells are escaped and line breaks written as `<br>`. An empty
 * table (no columns) is the empty string.
 */
export function renderMarkdownTable(table: CsvTable): string {
  if (table.columns.length === 0) return '';
  const line = (cells: readonly string[]) =>
    `| ${table.columns.map((_name, index) => cell(cells[index] ?? '')).join(' | ')} |`;
  return (
    [
      line(table.columns),
      `| ${table.columns.map(() => '---').join(' | ')} |`,
      ...table.rows.map(line),
    ].join('\n') + '\n'
  );
}
