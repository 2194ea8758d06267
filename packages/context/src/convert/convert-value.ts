import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compatibility, isDataType, type DataType } from '@mark1/sdk';
import { createArtifactStore, type ArtifactStore } from '../artifacts/artifact-store';
import { contextError, ContextErrorCodes } from '../errors';
import { parseCsv, writeCsv, type CsvTable } from './csv';
import { toFile, type FileContext } from './file';
import { renderHtmlTable } from './html';
import { looksLikeJson, parseJson, renderJson } from './json';
import { renderMarkdownTable } from './markdown';
import { isRecord, kindOf, Notes } from './notes';
import { checkRenameMap, renameColumns, renameInData, type RenameMap } from './rename';
import { filePathOf, readTextFile, textOf, type SourceContext } from './source';
import { dataToTable, tableToRecords } from './table';
import { dataToXml, xmlToData } from './xml';
import { parseYamlText, renderYaml } from './yaml';

/** Options of {@link convertValue}. */
export interface ConvertOptions {
  /** Field renames applied to the records of a json, yaml, csv or xml value (`{ from: to }`), for schema mapping. */
  rename?: Record<string, string>;
  /**
   * Where values converted to `file` are written (content-addressed).
   * @default a store under the system temporary folder (`mark1-artifacts`)
   */
  artifacts?: ArtifactStore;
  /**
   * Folder relative file paths are resolved against.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * Whether a textual value (csv, json, yaml, xml, text...) that names an existing file is read from
   * it: `false` takes every string as content, a function decides per absolute path (e.g. only
   * inside a run's folder). Values of type `file` are always read.
   * @default true
   */
  readFiles?: boolean | ((path: string) => boolean);
}

/** The converted value, and what the conversion lost, in plain words (empty when nothing was lost). */
export interface ConversionResult {
  value: unknown;
  lossy: string[];
}

type Structured = 'json' | 'yaml' | 'csv' | 'xml';
type Decoded =
  { kind: 'data'; data: unknown; fromXml: boolean } | { kind: 'table'; table: CsvTable };

const STRUCTURED = new Set<DataType>(['json', 'yaml', 'csv', 'xml']);
const TEXT_TARGETS = new Set<DataType>(['text', 'json', 'csv', 'yaml', 'xml', 'html', 'markdown']);
const RENAMABLE = 'rename applies to the records of json, yaml, csv and xml values';

let defaultArtifacts: ArtifactStore | undefined;

function decode(value: unknown, from: Structured, source: SourceContext, notes: Notes): Decoded {
  switch (from) {
    case 'json': {
      if (typeof value !== 'string') return { kind: 'data', data: value, fromXml: false };
      const text = textOf(value, 'json', source);
      return {
        kind: 'data',
        data: text !== value || looksLikeJson(text) ? parseJson(text) : value,
        fromXml: false,
      };
    }
    case 'yaml':
      if (typeof value !== 'string') return { kind: 'data', data: value, fromXml: false };
      return {
        kind: 'data',
        data: parseYamlText(textOf(value, 'yaml', source), notes),
        fromXml: false,
      };
    case 'csv':
      return { kind: 'table', table: parseCsv(textOf(value, 'csv', source)) };
    case 'xml':
      return { kind: 'data', data: xmlToData(textOf(value, 'xml', source), notes), fromXml: true };
  }
}

function withoutNonFinite(data: unknown, notes: Notes): unknown {
  if (typeof data === 'number') {
    if (Number.isFinite(data)) return data;
    notes.add('infinite and not-a-number values have no JSON form and became null');
    return null;
  }
  if (Array.isArray(data)) return data.map((item) => withoutNonFinite(item, notes));
  if (isRecord(data)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(data)) {
      Object.defineProperty(out, key, {
        value: withoutNonFinite(data[key], notes),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return data;
}

function recordsOf(decoded: Decoded, inferTypes: boolean): unknown {
  return decoded.kind === 'data' ? decoded.data : tableToRecords(decoded.table, { inferTypes });
}

function tableOf(decoded: Decoded, format: string, notes: Notes): CsvTable {
  return decoded.kind === 'table'
    ? decoded.table
    : dataToTable(decoded.data, { format, fromXml: decoded.fromXml }, notes);
}

function encode(decoded: Decoded, to: DataType, notes: Notes): unknown {
  switch (to) {
    case 'json': {
      const data = recordsOf(decoded, true);
      return decoded.kind === 'data' ? withoutNonFinite(data, notes) : data;
    }
    case 'yaml':
      return renderYaml(recordsOf(decoded, true));
    case 'xml':
      return dataToXml(recordsOf(decoded, false), notes);
    case 'csv':
      return writeCsv(tableOf(decoded, 'CSV', notes));
    case 'markdown':
      return renderMarkdownTable(tableOf(decoded, 'Markdown', notes));
    case 'html':
      return renderHtmlTable(tableOf(decoded, 'HTML', notes));
    default:
      throw new Error(`no encoder for ${to}`);
  }
}

function applyRename(decoded: Decoded, rename: RenameMap): Decoded {
  return decoded.kind === 'table'
    ? { kind: 'table', table: renameColumns(decoded.table, rename) }
    : { ...decoded, data: renameInData(decoded.data, rename) };
}

/** The same value in the same structured format with `rename` applied. */
function renamed(
  value: unknown,
  type: Structured,
  rename: RenameMap,
  source: SourceContext,
  notes: Notes,
): unknown {
  const decoded = applyRename(decode(value, type, source, notes), rename);
  if (type === 'json') return recordsOf(decoded, true);
  if (decoded.kind === 'table') return writeCsv(decoded.table);
  return encode(decoded, type, notes);
}

function toText(value: unknown, from: DataType, source: SourceContext): string {
  if (from === 'json' && typeof value !== 'string') return renderJson(value);
  if (from === 'yaml' && typeof value !== 'string') return renderYaml(value);
  return textOf(value, from, source);
}

function fromText(value: unknown, to: DataType, source: SourceContext): unknown {
  const text = textOf(value, 'text', source);
  if (to === 'markdown') return text;
  const line = text.trim();
  if (to === 'url') {
    try {
      return new URL(line).href;
    } catch {
      throw contextError(
        ContextErrorCodes.CONVERSION_INPUT_INVALID,
        `Text ${JSON.stringify(line.slice(0, 80))} is not a URL. Give an absolute URL with a scheme, such as https://example.com/data.csv.`,
        { details: { value: line.slice(0, 200) } },
      );
    }
  }
  if (line === '' || /[\r\n]/.test(line)) {
    throw contextError(
      ContextErrorCodes.CONVERSION_INPUT_INVALID,
      'A database value is one line naming a database (postgres://..., sqlite:///path.db, or a file path); got ' +
        (line === '' ? 'empty text' : 'several lines') +
        '. Give the database URL or path alone.',
      { details: { to } },
    );
  }
  return line;
}

const FORMAT_BY_EXTENSION: Record<string, Structured> = {
  json: 'json',
  csv: 'csv',
  yaml: 'yaml',
  yml: 'yaml',
  xml: 'xml',
};

/**
 * A file as a value of type `to`: file-like types get the path; textual types get the text. For
 * json, csv, yaml, xml, Markdown and HTML targets, a file whose extension names another structured
 * format (`.csv` read as json) is converted from that format, otherwise it must hold the target format.
 */
function fromFile(value: unknown, to: DataType, source: SourceContext, notes: Notes): unknown {
  const path = filePathOf(value, 'file', source.cwd);
  if (!TEXT_TARGETS.has(to)) return path;
  const text = readTextFile(path);
  const extension = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : FORMAT_BY_EXTENSION[extension];
  if (format !== undefined && format !== to && to !== 'text') {
    return encode(decode(text, format, source, notes), to, notes);
  }
  switch (to) {
    case 'json':
      return parseJson(text);
    case 'csv':
      parseCsv(text);
      return text;
    case 'yaml':
      parseYamlText(text, new Notes());
      return text;
    case 'xml':
      xmlToData(text, new Notes());
      return text;
    default:
      return text;
  }
}

/**
 * Converts a value between data types, as the executor does when a step's output type differs
 * from the next input's declared type. Implements every pair `compatibility()` in `@mark1/sdk`
 * calls convertible:
 *
 * - json ↔ csv ↔ yaml ↔ xml; csv or json records → Markdown or HTML tables;
 * - anything textual → text; text → url, database, markdown;
 * - anything but a directory or database → file; a file → any file-like or textual type;
 *   binary → the file-like types.
 *
 * Values travel as the sdk says: json as data, the other textual types as strings (a string that
 * is an absolute or `./` path to an existing file is read), file-like types as paths. `lossy` says,
 * in plain words, what the conversion lost (flattened objects, types turned to text, dropped
 * comments...). Throws `CONVERSION_UNSUPPORTED` for an incompatible pair, `*_PARSE_ERROR` for
 * malformed input, `XML_DTD_REFUSED` for a DOCTYPE or custom entity.
 */
export function convertValue(
  value: unknown,
  from: DataType,
  to: DataType,
  options: ConvertOptions = {},
): ConversionResult {
  for (const [role, type] of [
    ['source', from],
    ['target', to],
  ] as const) {
    if (!isDataType(type)) {
      throw contextError(
        ContextErrorCodes.CONVERSION_UNSUPPORTED,
        `Unknown ${role} data type ${JSON.stringify(type)}. Use one of the data types of @mark1/sdk (json, csv, yaml, xml, text, ...).`,
        { details: { from, to } },
      );
    }
  }
  const compatible = compatibility(from, to);
  if (compatible === 'incompatible') {
    throw contextError(
      ContextErrorCodes.CONVERSION_UNSUPPORTED,
      `A ${from} value cannot be converted to ${to}. Add a step that turns the ${from} into ${to}, or declare a type the next step accepts.`,
      { details: { from, to } },
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const readFiles = options.readFiles ?? true;
  const source: SourceContext = {
    cwd,
    mayRead: typeof readFiles === 'function' ? readFiles : () => readFiles,
  };
  const notes = new Notes();
  const rename =
    options.rename && Object.keys(options.rename).length > 0 ? options.rename : undefined;
  if (rename) checkRenameMap(rename);

  let current = value;
  const type = from;
  if (rename) {
    if (STRUCTURED.has(type)) {
      current = renamed(current, type as Structured, rename, source, notes);
    } else if (!(type === 'file' && STRUCTURED.has(to))) {
      throw contextError(
        ContextErrorCodes.RENAME_INVALID,
        `Cannot rename fields of a ${from} value: ${RENAMABLE}. Remove rename from this conversion.`,
        {
          details: { from, to },
        },
      );
    }
  }
  if (type === to) return { value: current, lossy: notes.list };

  if (type === 'file' && STRUCTURED.has(to) && rename) {
    current = renamed(
      fromFile(current, to, source, notes),
      to as Structured,
      rename,
      source,
      notes,
    );
    return { value: current, lossy: notes.list };
  }
  let result: unknown;
  if (to === 'file') {
    result = toFile(current, type, fileContext(options, cwd));
  } else if (type === 'file') {
    result = fromFile(current, to, source, notes);
  } else if (type === 'binary') {
    result =
      current instanceof Uint8Array
        ? toFile(current, type, fileContext(options, cwd))
        : filePathOf(current, 'binary', cwd);
  } else if (to === 'text') {
    result = toText(current, type, source);
  } else if (type === 'text') {
    result = fromText(current, to, source);
  } else if (STRUCTURED.has(type)) {
    result = encode(decode(current, type as Structured, source, notes), to, notes);
  } else {
    // compatibility() and this function disagree: a converter is missing.
    throw contextError(
      ContextErrorCodes.CONVERSION_UNSUPPORTED,
      `No converter from ${from} to ${to} although the sdk declares the pair convertible; report this as a bug.`,
      {
        details: { from, to, got: kindOf(value) },
      },
    );
  }
  return { value: result, lossy: notes.list };
}

function fileContext(options: ConvertOptions, cwd: string): FileContext {
  return {
    artifacts: () =>
      options.artifacts ??
      (defaultArtifacts ??= createArtifactStore({ root: join(tmpdir(), 'mark1-artifacts') })),
    cwd,
  };
}
