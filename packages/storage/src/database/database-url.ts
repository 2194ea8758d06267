import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storageError, StorageErrorCodes } from '../errors';

/** The database engines Mark-1 runs on. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/** A database URL, understood. */
export type DatabaseTarget =
  | {
      readonly engine: 'sqlite';
      /** Absolute path of the database file. */
      readonly filename: string;
      /** The URL with the password hidden (SQLite URLs have none: the normalized `sqlite:///path`). */
      readonly displayUrl: string;
    }
  | {
      readonly engine: 'postgres';
      /** The URL handed to `pg`, without Mark-1's own `schema` parameter. */
      readonly connectionString: string;
      /** The schema named by `?schema=`, if any. */
      readonly schema: string | undefined;
      /** Host and port, for messages. */
      readonly host: string;
      /** The URL with the password hidden. */
      readonly displayUrl: string;
    };

/** Options of {@link parseDatabaseUrl}. */
export interface ParseDatabaseUrlOptions {
  /**
   * Folder that relative SQLite paths are resolved against.
   * @default process.cwd()
   */
  baseDir?: string;
  /** Where the URL came from (`MARK1_DATABASE_URL`, a config file key), for error messages. */
  source?: string;
}

const ACCEPTED_FORMS =
  'sqlite:///absolute/path.db, sqlite://./relative.db, file:/absolute/path.db, or postgres://user:password@host:5432/database';
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The URL with any password replaced by `****`. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:****@');
}

function fromWhere(source: string | undefined): string {
  return source ? ` (from ${source})` : '';
}

function sqlitePathOf(url: string): string | undefined {
  const lower = url.toLowerCase();
  if (lower.startsWith('sqlite:')) {
    let rest = url.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    // SQLAlchemy spells relative paths sqlite:///./data.db; keep reading them as relative.
    if (rest.startsWith('/./') || rest.startsWith('/../')) rest = rest.slice(1);
    return rest;
  }
  if (lower.startsWith('file://')) return fileURLToPath(url.split('?')[0]!);
  if (lower.startsWith('file:')) return url.slice('file:'.length).split('?')[0]!;
  return undefined;
}

/**
 * Reads a database URL. Accepts `sqlite:///abs/path.db`, `sqlite://./relative.db` (also
 * `sqlite:///./relative.db`), `file:` URLs and paths, and `postgres://` or `postgresql://` URLs,
 * which may carry `?schema=name` to keep Mark-1's tables in that schema. Anything else throws
 * `DATABASE_URL_UNSUPPORTED`.
 */
export function parseDatabaseUrl(
  url: string,
  options: ParseDatabaseUrlOptions = {},
): DatabaseTarget {
  const trimmed = url.trim();
  const shown = redactDatabaseUrl(trimmed);
  const sqlitePath = sqlitePathOf(trimmed);
  if (sqlitePath !== undefined) {
    if (sqlitePath.trim() === '' || sqlitePath === '/') {
      throw storageError(
        StorageErrorCodes.DATABASE_URL_INVALID,
        `The SQLite URL "${shown}"${fromWhere(options.source)} names no file; write ${ACCEPTED_FORMS}.`,
        { details: { url: shown, source: options.source } },
      );
    }
    const filename = isAbsolute(sqlitePath)
      ? resolve(sqlitePath)
      : resolve(options.baseDir ?? process.cwd(), sqlitePath);
    return { engine: 'sqlite', filename, displayUrl: `sqlite://${filename}` };
  }
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      parsed = new URL('invalid://');
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw storageError(
        StorageErrorCodes.DATABASE_URL_INVALID,
        `The PostgreSQL URL "${shown}"${fromWhere(options.source)} has no host; write postgres://user:password@host:5432/database.`,
        { details: { url: shown, source: options.source } },
      );
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw storageError(
        StorageErrorCodes.DATABASE_URL_INVALID,
        `The schema "${schema}" in "${shown}"${fromWhere(options.source)} is not a plain identifier; use letters, digits and _ (at most 63).`,
        { details: { url: shown, source: options.source, schema } },
      );
    }
    let connectionString = trimmed;
    if (schema !== undefined) {
      parsed.searchParams.delete('schema');
      connectionString = parsed.toString();
    }
    const host = `${parsed.hostname || parsed.searchParams.get('host')}:${parsed.port || '5432'}`;
    return {
      engine: 'postgres',
      connectionString,
      schema,
      host,
      displayUrl: redactDatabaseUrl(trimmed),
    };
  }
  const what = scheme ? `scheme "${scheme}:"` : 'no scheme';
  throw storageError(
    StorageErrorCodes.DATABASE_URL_UNSUPPORTED,
    `The database URL "${shown}"${fromWhere(options.source)} has ${what}; Mark-1 runs on SQLite or PostgreSQL, so write ${ACCEPTED_FORMS}.`,
    { details: { url: shown, source: options.source, scheme } },
  );
}
