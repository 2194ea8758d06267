import { type DataType, isDataType } from '../data-types';

/** `process_data`, `ProcessData`, `process data` → `process-data`. */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** A valid plugin name from any text: lowercase, `-` for anything else, at most 64 characters. */
export function toPluginName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
  return cleaned || 'plugin';
}

const FORMAT_TO_DATA_TYPE: Record<string, DataType> = {
  string: 'text',
  str: 'text',
  txt: 'text',
  dict: 'json',
  object: 'json',
  list: 'json',
  array: 'json',
  metadata: 'json',
  yml: 'yaml',
  md: 'markdown',
  htm: 'html',
  xlsx: 'file',
  xls: 'file',
  parquet: 'file',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  svg: 'image',
  mp3: 'audio',
  wav: 'audio',
  mp4: 'video',
  bytes: 'binary',
  folder: 'directory',
  dir: 'directory',
  uri: 'url',
  link: 'url',
};

/** Maps a format or type name used by older manifests (`png`, `dict`, `xlsx`) to a data type. */
export function toDataType(name: string): DataType | undefined {
  const key = name.trim().toLowerCase();
  if (isDataType(key)) return key;
  return FORMAT_TO_DATA_TYPE[key];
}

/**
 * Splits a command line into argv tokens the way a POSIX shell would for plain words and quotes,
 * without running a shell (no variables, globs or pipes).
 */
export function splitCommandLine(command: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < command.length)
        current += command[++index];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else if (char === '\\' && index + 1 < command.length) {
      current += command[++index];
      started = true;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}
