import { contextError, ContextErrorCodes } from '../errors';
import type { CsvTable } from './csv';
import { isRecord, kindOf, listNames, setField, type Notes } from './notes';

/** Where the records of a value are: the list itself, or the wrapper fields leading to it. */
export interface LocatedRecords {
  /** The records (list items). */
  records: unknown[];
  /** Field names walked through to reach them (`["library", "book"]`), empty for a top-level list. */
  wrappers: string[];
  /** True when the value was one object, read as a single record. */
  single: boolean;
}

/**
 * Finds the list of records in a value: a list; or an object with a single field, followed down
 * to a list (`{"users": [...]}`, XML's `{"library": {"book": [...]}}`); otherwise one object is one
 * record.
 */
function locateRecords(data: unknown): LocatedRecords {
  const wrappers: string[] = [];
  let current = data;
  for (;;) {
    if (Array.isArray(current)) return { records: current, wrappers, single: false };
    if (!isRecord(current)) break;
    const keys = Object.keys(current);
    const only = keys.length === 1 ? current[keys[0]!] : undefined;
    if (keys.length === 1 && (Array.isArray(only) || isRecord(only))) {
      wrappers.push(keys[0]!);
      current = only;
      continue;
    }
    return { records: [current], wrappers, single: true };
  }
  if (wrappers.length > 0) {
    // `{"count": 3}` style single-field objects that end in a scalar are one record.
    return { records: [data], wrappers: [], single: true };
  }
  throw contextError(
    ContextErrorCodes.CONVERSION_INPUT_INVALID,
    `A table needs a list of records (objects) or one object; got ${kindOf(data)}. Give a JSON list such as [{"name": "a"}], or convert to text instead.`,
    { details: { got: kindOf(data) } },
  );
}

/** Options of {@link dataToTable}. */
export interface DataToTableOptions {
  /** The format being written, for notes (`CSV`, `Markdown`, `HTML`). */
  format: string;
  /** The value came from XML: `@attribute` fields and `#text` become plain columns. */
  fromXml?: boolean;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/**
 * Turns records into a table: one column per field in order of first appearance, nested objects
 * flattened into dotted columns (`address.city`), lists written as JSON text in one cell. Notes
 * every loss: flattening, lists as text, records with different fields, non-text values turned to
 * text, wrapper fields dropped, XML attributes made plain columns.
 */
export function dataToTable(data: unknown, options: DataToTableOptions, notes: Notes): CsvTable {
  const located = locateRecords(data);
  if (located.wrappers.length > 0) {
    const wrapper = options.fromXml
      ? located.wrappers.map((name) => `<${name}>`).join('')
      : located.wrappers.join('.');
    notes.add(
      `the records were read from inside ${wrapper}; that wrapper is not part of the ${options.format} table`,
    );
  }
  const columnIndex = new Map<string, number>();
  // Paths (fields joined by NUL, which no column name contains) to column indexes, so each cell costs one lookup.
  const pathIndex = new Map<string, number>();
  const columns: string[] = [];
  const rows: string[][] = [];
  const flattened = new Set<string>();
  const listColumns = new Set<string>();
  const typedColumns = new Set<string>();
  const collided = new Set<string>();
  const attributeColumns = new Set<string>();
  let scalarItems = 0;

  const columnName = (path: string): string => {
    if (!options.fromXml) return path.includes('\u0000') ? path.replaceAll('\u0000', '.') : path;
    const parts = path.split('\u0000');
    return parts
      .filter(
        (part, index) => !(part === '#text' && index === parts.length - 1 && parts.length > 1),
      )
      .map((part) => {
        if (part.startsWith('@') && part.length > 1) {
          attributeColumns.add(part.slice(1));
          return part.slice(1);
        }
        return part === '#text' ? 'text' : part;
      })
      .join('.');
  };
  const indexOf = (path: string): number => {
    let index = pathIndex.get(path);
    if (index !== undefined) return index;
    const name = columnName(path);
    index = columnIndex.get(name);
    if (index === undefined) {
      index = columns.length;
      columnIndex.set(name, index);
      columns.push(name);
    }
    pathIndex.set(path, index);
    return index;
  };

  let filled = 0;
  const place = (row: string[], path: string, value: unknown) => {
    const index = indexOf(path);
    if (row[index] !== undefined) collided.add(columns[index]!);
    else filled += 1;
    if (typeof value === 'string') {
      row[index] = value;
      return;
    }
    if (Array.isArray(value)) listColumns.add(columns[index]!);
    else typedColumns.add(columns[index]!);
    row[index] = cellText(value);
  };

  const flatten = (row: string[], prefix: string, record: Record<string, unknown>) => {
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (value === undefined) continue;
      const path = prefix === '' ? key : `${prefix}\u0000${key}`;
      if (isRecord(value) && Object.keys(value).length > 0) {
        flattened.add(path.replaceAll('\u0000', '.'));
        flatten(row, path, value);
      } else {
        place(row, path, value);
      }
    }
  };

  const widths: number[] = [];
  for (const item of located.records) {
    const row: string[] = [];
    filled = 0;
    if (isRecord(item)) flatten(row, '', item);
    else if (item !== null && item !== undefined) {
      scalarItems += 1;
      place(row, 'value', item);
    }
    widths.push(filled);
    rows.push(row);
  }

  const width = columns.length;
  let ragged = false;
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    if (widths[r]! < width) {
      ragged = true;
      for (let c = 0; c < width; c += 1) if (row[c] === undefined) row[c] = '';
    }
  }

  const format = options.format;
  if (flattened.size > 0) {
    notes.add(
      `nested objects were flattened into dotted ${format} columns (${listNames(flattened)})`,
    );
  }
  if (listColumns.size > 0)
    notes.add(`lists were written as JSON text in one ${format} cell (${listNames(listColumns)})`);
  if (ragged) {
    const missing = new Set<string>();
    rows.forEach((_row, r) => {
      if (widths[r]! < width) {
        const record = located.records[r];
        for (const name of columns)
          if (!isRecord(record) || !hasPath(record, name)) missing.add(name);
      }
    });
    notes.add(
      `the records do not all have the same fields; ${format} cells of missing fields were left empty, so "missing" and "empty" look alike (${listNames(missing)})`,
    );
  }
  if (typedColumns.size > 0) {
    notes.add(
      `numbers, booleans and nulls became ${format} text, their types are lost (${listNames(typedColumns)})`,
    );
  }
  if (scalarItems > 0)
    notes.add(`list items that are not objects were put in a column named "value"`);
  if (collided.size > 0) {
    notes.add(
      `two fields map to the same ${format} column and only the last was kept (${listNames(collided)})`,
    );
  }
  if (attributeColumns.size > 0) {
    notes.add(
      `XML attributes and child elements both became plain ${format} columns; which was an attribute is lost (${listNames(attributeColumns)})`,
    );
  }
  return { columns, rows };
}

function hasPath(record: Record<string, unknown>, column: string): boolean {
  if (Object.hasOwn(record, column)) return true;
  const dot = column.indexOf('.');
  if (dot === -1) return false;
  const head = record[column.slice(0, dot)];
  return isRecord(head) && hasPath(head, column.slice(dot + 1));
}

const CANONICAL_NUMBER = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

function columnKind(rows: string[][], column: number): 'number' | 'boolean' | 'text' {
  let kind: 'number' | 'boolean' | 'unknown' = 'unknown';
  for (const row of rows) {
    const cell = row[column]!;
    if (cell === '') continue;
    if (
      (kind === 'unknown' || kind === 'number') &&
      CANONICAL_NUMBER.test(cell) &&
      String(Number(cell)) === cell
    ) {
      kind = 'number';
    } else if (
      (kind === 'unknown' || kind === 'boolean') &&
      (cell === 'true' || cell === 'false')
    ) {
      kind = 'boolean';
    } else {
      return 'text';
    }
  }
  return kind === 'unknown' ? 'text' : kind;
}

/** Options of {@link tableToRecords}. */
export interface TableToRecordsOptions {
  /**
   * Read a column as numbers when every non-empty cell is a number written the canonical way
   * (`42`, `-1.5`, not `007` or `1.50`, so the text comes back the same), and as booleans when
   * every non-empty cell is `true` or `false`; empty cells become null. Off, every cell is a string.
   */
  inferTypes: boolean;
}

/**
 * Turns a table into records (one object per row, fields in column order). Throws
 * `CSV_PARSE_ERROR` for a header with a repeated or empty column name, which would make fields
 * collide.
 */
export function tableToRecords(
  table: CsvTable,
  options: TableToRecordsOptions,
): Record<string, unknown>[] {
  const { columns, rows } = table;
  const seen = new Map<string, number>();
  columns.forEach((name, index) => {
    if (name.trim() === '') {
      throw contextError(
        ContextErrorCodes.CSV_PARSE_ERROR,
        `CSV header: column ${index + 1} has no name. Name every column in the first line.`,
        { details: { column: index + 1 } },
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw contextError(
        ContextErrorCodes.CSV_PARSE_ERROR,
        `CSV header: column "${name}" appears twice (columns ${first + 1} and ${index + 1}). Give every column a different name, or rename one.`,
        { details: { column: name } },
      );
    }
    seen.set(name, index);
  });
  const kinds = columns.map((_name, index) =>
    options.inferTypes ? columnKind(rows, index) : 'text',
  );
  const records: Record<string, unknown>[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    const record: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c += 1) {
      const cell = row[c]!;
      const kind = kinds[c];
      const value =
        options.inferTypes && cell === ''
          ? null
          : kind === 'number'
            ? Number(cell)
            : kind === 'boolean'
              ? cell === 'true'
              : cell;
      setField(record, columns[c]!, value);
    }
    records[r] = record;
  }
  return records;
}
