import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { contextError, ContextErrorCodes } from '../errors';
import { kindOf } from './notes';

const MAX_PATH = 4096;

/**
 * The absolute path `value` names when it is a path to an existing regular file, else undefined.
 * With `explicitOnly` (values of textual types, which may be content or a path), only absolute paths
 * and paths starting with `./` or `../` count, so a one-line CSV such as `name` is never taken for a
 * file that happens to share its name.
 */
export function existingFile(
  value: unknown,
  cwd: string,
  explicitOnly: boolean,
): string | undefined {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.length > MAX_PATH ||
    /[\0\r\n]/.test(value)
  )
    return undefined;
  if (explicitOnly && !isAbsolute(value) && !value.startsWith('./') && !value.startsWith('../'))
    return undefined;
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The UTF-8 text of the file at `path`; `CONVERSION_FILE_UNREADABLE` when unreadable or not UTF-8 text. */
export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw contextError(
      ContextErrorCodes.CONVERSION_FILE_UNREADABLE,
      `Cannot read ${path} (${(error as Error).message}). Check that it exists and is readable.`,
      { cause: error, details: { path } },
    );
  }
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw contextError(
      ContextErrorCodes.CONVERSION_FILE_UNREADABLE,
      `${path} is not UTF-8 text, so it cannot be read as a textual value. Convert it to UTF-8, or declare the value as binary or file.`,
      { cause: error, details: { path } },
    );
  }
}

/** Where textual values that are paths are resolved, and which files they may read. */
export interface SourceContext {
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** Whether a textual value naming this existing file is read (else the value is taken as text). */
  mayRead: (path: string) => boolean;
}

/**
 * The text of a textual value: the string itself, or the content of the file it names (see
 * {@link existingFile}) when `source.mayRead` allows it. Anything else is `CONVERSION_INPUT_INVALID`.
 */
export function textOf(value: unknown, type: string, source: SourceContext): string {
  if (typeof value !== 'string') {
    throw contextError(
      ContextErrorCodes.CONVERSION_INPUT_INVALID,
      `A ${type} value must be text (or the path of a ${type} file); got ${kindOf(value)}. Give the ${type} as a string.`,
      { details: { type, got: kindOf(value) } },
    );
  }
  const path = existingFile(value, source.cwd, true);
  return path === undefined || !source.mayRead(path) ? value : readTextFile(path);
}

/** The path of a file value: it must name an existing regular file (relative paths resolve against `cwd`). */
export function filePathOf(value: unknown, type: string, cwd: string): string {
  const path = existingFile(value, cwd, false);
  if (path === undefined) {
    throw contextError(
      ContextErrorCodes.CONVERSION_FILE_UNREADABLE,
      typeof value === 'string'
        ? `A ${type} value must be the path of an existing file; ${value} does not exist or is not a regular file. Check the path (relative paths are resolved against ${cwd}).`
        : `A ${type} value must be the path of an existing file; got ${kindOf(value)}. Give the path as a string.`,
      { details: { type, value: typeof value === 'string' ? value : kindOf(value) } },
    );
  }
  return path;
}
