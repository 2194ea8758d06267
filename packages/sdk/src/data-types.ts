import { z } from 'zod';

/**
 * The data types capabilities exchange (seed 002 §8.3, plus yaml, xml, markdown and directory).
 * Text-like types travel as strings; file-like types travel as paths.
 */
export const DATA_TYPES = [
  'text',
  'json',
  'csv',
  'yaml',
  'xml',
  'html',
  'markdown',
  'pdf',
  'image',
  'audio',
  'video',
  'binary',
  'file',
  'directory',
  'url',
  'database',
] as const;

/** One of {@link DATA_TYPES}. */
export type DataType = (typeof DATA_TYPES)[number];

/** zod schema of a {@link DataType}. */
export const DataTypeSchema = z.enum(DATA_TYPES);

/** True when `value` names a data type. */
export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value);
}

/** Types whose value is a path to a file on disk rather than an in-memory value. */
export const FILE_DATA_TYPES: ReadonlySet<DataType> = new Set<DataType>([
  'file',
  'directory',
  'pdf',
  'image',
  'audio',
  'video',
  'binary',
]);

/** Text formats the context store converts between (JSON ↔ CSV ↔ YAML ↔ XML, tables to Markdown/HTML). */
const STRUCTURED: ReadonlySet<DataType> = new Set<DataType>(['json', 'csv', 'yaml', 'xml']);
const TEXTUAL: ReadonlySet<DataType> = new Set<DataType>([
  'text',
  'json',
  'csv',
  'yaml',
  'xml',
  'html',
  'markdown',
  'url',
]);

/** How a value of one type reaches an input of another. */
export type TypeCompatibility = 'exact' | 'convertible' | 'incompatible';

/**
 * Whether a value of type `from` can feed an input of type `to`: `exact` when the types agree,
 * `convertible` when the context store converts it on the way (structured formats, tables to
 * Markdown/HTML, anything textual to text, file-like values to `file`), else `incompatible`.
 */
export function compatibility(from: DataType, to: DataType): TypeCompatibility {
  if (from === to) return 'exact';
  if (to === 'text' && TEXTUAL.has(from)) return 'convertible';
  if (from === 'text' && (to === 'url' || to === 'database' || to === 'markdown')) {
    return 'convertible';
  }
  if (STRUCTURED.has(from) && STRUCTURED.has(to)) return 'convertible';
  if ((to === 'markdown' || to === 'html') && (from === 'csv' || from === 'json')) {
    return 'convertible';
  }
  // Any value held in memory can be written to a file, and a file can be read as any file-like
  // type. A URL is not: fetching it is network work for a step of its own, not a conversion.
  if (to === 'file' && from !== 'directory' && from !== 'database' && from !== 'url') {
    return 'convertible';
  }
  if (from === 'file' && to !== 'directory' && to !== 'database' && to !== 'url') {
    return 'convertible';
  }
  if (from === 'binary' && FILE_DATA_TYPES.has(to) && to !== 'directory') return 'convertible';
  return 'incompatible';
}
