import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { Colors } from './colors';
import { formatCell } from './format';

/** What {@link renderTable} draws. */
export interface TableSpec {
  /** Column titles. */
  head: readonly string[];
  /** Rows of cell values (formatted with `formatCell`). */
  rows: readonly (readonly unknown[])[];
  /** Right-align these columns (numbers). */
  alignRight?: readonly number[];
}

/** A boxed table; the header is bold when colours are on. */
export function renderTable(spec: TableSpec, colors: Colors): string {
  const table = new Table({
    head: spec.head.map((title) => colors.bold(title)),
    style: { head: [], border: [], compact: true },
    colAligns: spec.head.map((_, index) => (spec.alignRight?.includes(index) ? 'right' : 'left')),
  });
  for (const row of spec.rows) table.push(row.map((cell) => formatCell(cell)));
  return table.toString();
}

/** Aligned `label  value` lines, labels dimmed when colours are on. */
export function renderPairs(pairs: readonly (readonly [string, string])[], colors: Colors): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${colors.dim(label.padEnd(width))}  ${value}`).join('\n');
}

function visibleWidth(text: string): number {
  return Math.max(
    ...stripVTControlCharacters(text)
      .split('\n')
      .map((line) => line.length),
  );
}

/**
 * Records as a table when it fits `width` columns, else one block of `column  value` lines per
 * record (wide tables wrap into unreadable noise in a terminal).
 */
export function renderRecords(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  colors: Colors,
  width: number,
): string {
  if (rows.length === 0) return colors.dim('(no rows)');
  const table = renderTable(
    { head: columns, rows: rows.map((row) => columns.map((column) => row[column])) },
    colors,
  );
  if (visibleWidth(table) <= width) return table;
  return rows
    .map((row, index) => {
      const title = colors.bold(`── row ${index + 1} ──`);
      const pairs = columns.map(
        (column) => [column, formatCell(row[column], Math.max(20, width - 24))] as const,
      );
      return `${title}\n${renderPairs(pairs, colors)}`;
    })
    .join('\n\n');
}
