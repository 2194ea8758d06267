import type { DatabaseEngine } from '../database/database-url';

/** How a column's value is stored and read back. */
export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json' | 'timestamp';

/** Record fields mapped to `[column, kind]`. */
export type FieldMap = Readonly<Record<string, readonly [column: string, kind: ColumnKind]>>;

/** Converts between records (camelCase API fields) and rows (snake_case columns) for one table. */
export interface RowCodec<F extends FieldMap> {
  /** The column of a field. */
  column(field: keyof F & string): string;
  /** A row for insert or update: fields left `undefined` are skipped, JSON is serialized. */
  toRow(values: Partial<Record<keyof F & string, unknown>>): Record<string, unknown>;
  /** A record's fields from a row: JSON parsed (SQLite), booleans and big integers normalized, timestamps as ISO strings. */
  fromRow(row: Record<string, unknown>): Record<keyof F & string, unknown>;
}

function toIsoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const date = new Date(typeof value === 'number' ? value : String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

function encode(kind: ColumnKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'json':
      return JSON.stringify(value);
    case 'timestamp':
      return toIsoTimestamp(value);
    case 'boolean':
      return Boolean(value);
    case 'text':
    case 'integer':
    case 'real':
      return value;
  }
}

function decode(kind: ColumnKind, value: unknown, engine: DatabaseEngine): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      // PostgreSQL hands jsonb back parsed; SQLite keeps the text.
      return engine === 'sqlite' && typeof value === 'string' ? JSON.parse(value) : value;
    case 'timestamp':
      return toIsoTimestamp(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
    case 'integer':
    case 'real':
      return typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
    case 'text':
      return value;
  }
}

/** A {@link RowCodec} for `fields` on `engine`. */
export function createRowCodec<F extends FieldMap>(fields: F, engine: DatabaseEngine): RowCodec<F> {
  const entries = Object.entries(fields) as [keyof F & string, readonly [string, ColumnKind]][];
  return {
    column: (field) => fields[field]![0],
    toRow(values) {
      const row: Record<string, unknown> = {};
      for (const [field, [column, kind]] of entries) {
        const value = values[field];
        if (value !== undefined) row[column] = encode(kind, value);
      }
      return row;
    },
    fromRow(row) {
      const record = {} as Record<keyof F & string, unknown>;
      for (const [field, [column, kind]] of entries)
        record[field] = decode(kind, row[column], engine);
      return record;
    },
  };
}
