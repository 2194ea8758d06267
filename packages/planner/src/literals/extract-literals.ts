import type { DataType } from '@mark1/sdk';
import { parseInlineData } from './parse-inline-data';

/** What kind of value a request spells out. */
export type LiteralKind = 'text' | 'json' | 'url' | 'path' | 'email' | 'number';

/** A value written in the request itself: quoted text, inline data, a URL, a path, a number. */
export interface RequestLiteral {
  /** Position in {@link ExtractedLiterals.literals}. */
  readonly index: number;
  readonly kind: LiteralKind;
  /** The value: a string, a number, or parsed inline data. */
  readonly value: unknown;
  /** The text as written in the request (quotes included). */
  readonly raw: string;
  /** The data type the value carries (`csv` for `sales.csv`, `directory` for `./photos`). */
  readonly dataType: DataType;
  /** The one character that stands for this literal in {@link ExtractedLiterals.masked}. */
  readonly placeholder: string;
}

/** A request with its literals taken out. */
export interface ExtractedLiterals {
  /** The request with each literal replaced by its placeholder character. */
  readonly masked: string;
  readonly literals: readonly RequestLiteral[];
}

/** Placeholders are Unicode private-use characters, which never occur in requests nor in words. */
const PLACEHOLDER_BASE = 0xe000;

/** True for a placeholder character. */
export function isPlaceholder(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && code >= PLACEHOLDER_BASE && code < PLACEHOLDER_BASE + 0x1900;
}

/** The literal index a placeholder character stands for. */
export function placeholderIndex(char: string): number {
  return char.charCodeAt(0) - PLACEHOLDER_BASE;
}

/** Placeholder characters in a text, in order. */
export function placeholdersIn(text: string): number[] {
  const result: number[] = [];
  for (const char of text) if (isPlaceholder(char)) result.push(placeholderIndex(char));
  return result;
}

/** Data types of files by extension. */
const EXTENSION_TYPES: Readonly<Record<string, DataType>> = {
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
  jsonl: 'json',
  ndjson: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  xml: 'xml',
  html: 'html',
  htm: 'html',
  md: 'markdown',
  markdown: 'markdown',
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  svg: 'image',
  mp3: 'audio',
  wav: 'audio',
  ogg: 'audio',
  flac: 'audio',
  m4a: 'audio',
  mp4: 'video',
  mov: 'video',
  avi: 'video',
  mkv: 'video',
  webm: 'video',
};

/** Extensions recognised on a bare file name (`notes.txt`); others need a `/` to count as paths. */
const KNOWN_EXTENSIONS = new Set([
  ...Object.keys(EXTENSION_TYPES),
  'txt',
  'log',
  'text',
  'rtf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'zip',
  'gz',
  'tgz',
  'tar',
  'py',
  'js',
  'ts',
  'sql',
  'db',
  'sqlite',
  'ini',
  'toml',
  'cfg',
  'conf',
  'bin',
]);

/** The data type of a path: by extension, `directory` without one (or with a trailing `/`). */
export function dataTypeOfPath(path: string): DataType {
  if (path.endsWith('/') || path.endsWith('\\')) return 'directory';
  const name = path.split(/[\\/]/).pop() ?? path;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'directory';
  const extension = name.slice(dot + 1).toLowerCase();
  return EXTENSION_TYPES[extension] ?? 'file';
}

const URL_PATTERN = /\bhttps?:\/\/[^\s'"<>“”‘’]+/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const PATH_PATTERN =
  /(?<![\w@/.-])(?:~?\.{0,2}\/[\w.\-/]*|[A-Za-z]:\\[\w.\-\\]+|[\w-]+(?:\/[\w.-]+)+\/?|[\w-]+(?:\.[\w-]+)*\.[A-Za-z0-9]{1,8})(?![\w@/-])/g;
const NUMBER_PATTERN = /(?<![\w.#-])-?\d+(?:\.\d+)?(?![\w.]*[A-Za-z_])/g;

/** Trailing punctuation that ends a sentence rather than a URL or path. */
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Finds the literals of a request, in this order: inline JSON or Python-ish dicts and lists, quoted
 * text ('…', "…", “…”, ‘…’; an apostrophe inside a word does not open a quote), URLs, email
 * addresses, file and folder paths (`./photos`, `data/input.csv`, `notes.txt`), and numbers. Each
 * is replaced in {@link ExtractedLiterals.masked} by one placeholder character, so later stages see
 * the words around it.
 */
export function extractLiterals(request: string): ExtractedLiterals {
  const literals: RequestLiteral[] = [];
  let text = request;

  const add = (kind: LiteralKind, value: unknown, raw: string, dataType: DataType): string => {
    const placeholder = String.fromCharCode(PLACEHOLDER_BASE + literals.length);
    literals.push({ index: literals.length, kind, value, raw, dataType, placeholder });
    return placeholder;
  };

  text = replaceInlineData(text, add);
  text = replaceQuoted(text, add);
  text = text.replace(URL_PATTERN, (match) => {
    const trailing = TRAILING.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - trailing.length);
    return add('url', url, url, 'url') + trailing;
  });
  text = text.replace(EMAIL_PATTERN, (match) => add('email', match, match, 'text'));
  text = text.replace(PATH_PATTERN, (match) => {
    const trailing =
      match.startsWith('.') && match.length <= 2 ? '' : (TRAILING.exec(match)?.[0] ?? '');
    const path = match.slice(0, match.length - trailing.length);
    if (!isLikelyPath(path)) return match;
    return add('path', path, path, dataTypeOfPath(path)) + trailing;
  });
  text = text.replace(NUMBER_PATTERN, (match) => add('number', Number(match), match, 'json'));
  return { masked: text, literals };
}

type AddLiteral = (kind: LiteralKind, value: unknown, raw: string, dataType: DataType) => string;

function isLikelyPath(path: string): boolean {
  if (path.length < 2) return false;
  if (/^~?\.{0,2}\//.test(path) || /^[A-Za-z]:\\/.test(path))
    return path.replace(/[./~]/g, '').length > 0;
  if (path.includes('/')) {
    // "and/or", "input/output": a slash between plain words is prose unless it ends in a file name.
    const last = path.split('/').filter(Boolean).pop() ?? '';
    return path.endsWith('/') || last.includes('.') || path.split('/').length > 2;
  }
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  // "e.g", "i.e", "1.5": a name needs letters before its extension.
  return KNOWN_EXTENSIONS.has(extension) && /[A-Za-z]/.test(path.slice(0, path.lastIndexOf('.')));
}

function replaceInlineData(text: string, add: AddLiteral): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '{' || char === '[') {
      const end = matchingBracket(text, index);
      if (end !== undefined) {
        const raw = text.slice(index, end + 1);
        const value = parseInlineData(raw);
        if (value !== undefined && typeof value === 'object' && value !== null) {
          result += add('json', value, raw, 'json');
          index = end + 1;
          continue;
        }
      }
    }
    result += char;
    index += 1;
  }
  return result;
}

/** Index of the bracket closing the one at `start`, skipping quoted strings. */
function matchingBracket(text: string, start: number): number | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') stack.push(char === '{' ? '}' : ']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  "'": "'",
  '"': '"',
  '“': '”',
  '‘': '’',
  '«': '»',
};

function replaceQuoted(text: string, add: AddLiteral): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const closing = QUOTE_PAIRS[char];
    if (closing !== undefined && opensQuote(text, index)) {
      const end = closingQuote(text, index + 1, closing);
      if (end !== undefined) {
        const inner = text.slice(index + 1, end);
        // Quotes around data already taken ('{"a": 1}') only wrap it.
        const wrapsLiterals = inner.trim().length > 0 && [...inner.trim()].every(isPlaceholder);
        result += wrapsLiterals ? inner : addQuoted(inner, text.slice(index, end + 1), add);
        index = end + 1;
        continue;
      }
    }
    result += char;
    index += 1;
  }
  return result;
}

function opensQuote(text: string, index: number): boolean {
  const before = index === 0 ? ' ' : text[index - 1]!;
  const after = text[index + 1];
  if (after === undefined || /\s/.test(after)) return false;
  const char = text[index]!;
  // Typographic quotes are unambiguous; straight ones must not sit inside a word ("customer's").
  if (char !== "'" && char !== '"') return true;
  return /[\s:([{,=\-—]/.test(before);
}

function closingQuote(text: string, from: number, closing: string): number | undefined {
  for (let i = from; i < text.length; i += 1) {
    if (text[i] !== closing) continue;
    if (closing !== "'" && closing !== '"') return i;
    const next = text[i + 1];
    if (!/\s/.test(text[i - 1] ?? ' ') && (next === undefined || /[\s.,;:!?)\]}]/.test(next)))
      return i;
  }
  return undefined;
}

/** A quoted value is text, unless it is exactly a URL, a path or inline data. */
function addQuoted(inner: string, raw: string, add: AddLiteral): string {
  const trimmed = inner.trim();
  if (trimmed.length > 0 && !/\s/.test(trimmed)) {
    if (/^https?:\/\/\S+$/.test(trimmed)) return add('url', trimmed, raw, 'url');
    if (isLikelyPath(trimmed) && new RegExp(`^${PATH_PATTERN.source}$`).test(trimmed)) {
      return add('path', trimmed, raw, dataTypeOfPath(trimmed));
    }
  }
  if (/^[[{]/.test(trimmed)) {
    const value = parseInlineData(trimmed);
    if (value !== undefined && typeof value === 'object' && value !== null)
      return add('json', value, raw, 'json');
  }
  return add('text', inner, raw, 'text');
}
