import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import { storageError, StorageErrorCodes } from '../errors';
import { CONFIG_KEY_ALIASES, CONFIG_KEY_DEFINITIONS, type ConfigKey } from './config-keys';

/** What config.yaml says: values by key, plus warnings about keys that mean nothing. */
export interface ConfigFileContents {
  /** Whether the file exists. */
  readonly exists: boolean;
  /** Values by configuration key, with the key as written in the file (an alias stays visible). */
  readonly values: ReadonlyMap<ConfigKey, { readonly value: unknown; readonly writtenKey: string }>;
  /** Unknown or misplaced keys, ignored. */
  readonly warnings: readonly string[];
}

const FILE_KEYS = new Set<string>(
  CONFIG_KEY_DEFINITIONS.filter((definition) => definition.inFile).map(
    (definition) => definition.key,
  ),
);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw storageError(
      StorageErrorCodes.CONFIG_PARSE_ERROR,
      `Cannot read ${path}: ${(error as Error).message}. Make it a readable file or remove it.`,
      { cause: error, details: { path } },
    );
  }
}

function parseYaml(path: string, text: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
        : '';
    const reason = (error as Error).message.split('\n')[0];
    throw storageError(
      StorageErrorCodes.CONFIG_PARSE_ERROR,
      `${path} is not valid YAML${where}: ${reason}. Fix the file, or delete it and run \`mark1 init\` to write a fresh one.`,
      { cause: error, details: { path } },
    );
  }
}

/** Reads and flattens `path` (config.yaml). A missing file is empty, not an error. */
export function readConfigFile(path: string): ConfigFileContents {
  const values = new Map<ConfigKey, { value: unknown; writtenKey: string }>();
  const warnings: string[] = [];
  const text = readText(path);
  if (text === undefined) return { exists: false, values, warnings };
  const document = parseYaml(path, text);
  if (document === null || document === undefined) return { exists: true, values, warnings };
  if (!isPlainObject(document)) {
    throw storageError(
      StorageErrorCodes.CONFIG_PARSE_ERROR,
      `${path} must be a YAML mapping of sections (database:, ollama:, ...), not a ${Array.isArray(document) ? 'list' : typeof document}. Fix the file or delete it and run \`mark1 init\`.`,
      { details: { path } },
    );
  }
  const take = (writtenKey: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    const key = (FILE_KEYS.has(writtenKey) ? writtenKey : CONFIG_KEY_ALIASES[writtenKey]) as
      ConfigKey | undefined;
    if (writtenKey === 'home') {
      warnings.push(
        `"home" in ${path} is ignored: the home folder holds this file; set MARK1_HOME or pass --home.`,
      );
    } else if (key === undefined) {
      warnings.push(`Unknown key "${writtenKey}" in ${path} is ignored.`);
    } else {
      values.set(key, { value, writtenKey });
    }
  };
  for (const [section, content] of Object.entries(document)) {
    if (isPlainObject(content)) {
      for (const [name, value] of Object.entries(content)) take(`${section}.${name}`, value);
    } else {
      take(section, content);
    }
  }
  return { exists: true, values, warnings };
}
