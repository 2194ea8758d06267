import { Mark1Error, type Mark1ErrorOptions } from '@mark1/sdk';

/** Error codes raised by `@mark1/storage`. */
export const StorageErrorCodes = {
  /** `config.yaml` is not valid YAML, or its top level is not a mapping. */
  CONFIG_PARSE_ERROR: 'CONFIG_PARSE_ERROR',
  /** A configuration value (from the environment, config.yaml or a flag) is not acceptable. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** The home folder or one of its files could not be created or written. */
  HOME_NOT_WRITABLE: 'HOME_NOT_WRITABLE',
  /** A database URL uses a scheme Mark-1 does not support (only SQLite and PostgreSQL). */
  DATABASE_URL_UNSUPPORTED: 'DATABASE_URL_UNSUPPORTED',
  /** A database URL has a supported scheme but is malformed (no path, no host). */
  DATABASE_URL_INVALID: 'DATABASE_URL_INVALID',
  /** PostgreSQL could not be reached or refused the connection (down, wrong port, bad credentials). */
  DATABASE_UNREACHABLE: 'DATABASE_UNREACHABLE',
  /** The SQLite database file, or the folder it lives in, cannot be written. */
  DATABASE_READ_ONLY: 'DATABASE_READ_ONLY',
  /** There is no Mark-1 database yet, or its schema is behind: `mark1 db init` fixes it. */
  DATABASE_NOT_INITIALIZED: 'DATABASE_NOT_INITIALIZED',
  /** The database failed in a way none of the other codes describe. */
  DATABASE_ERROR: 'DATABASE_ERROR',
  /** A native database driver (`sqlite3`, `pg`) is not installed. */
  DRIVER_MISSING: 'DRIVER_MISSING',
  /** A schema migration failed; the database stays at the last migration that succeeded. */
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  /** A record that was asked for by id or key does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A write collides with an existing record (a unique name, key or version). */
  CONFLICT: 'CONFLICT',
  /** A run or step run was asked to move to a state its current state does not lead to. */
  STATE_TRANSITION_INVALID: 'STATE_TRANSITION_INVALID',
  /** Data handed to a repository does not match its schema. */
  INVALID_RECORD: 'INVALID_RECORD',
  /** Read-only SQL tried to write, attach a database, or change the schema; the engine refused. */
  READ_ONLY_VIOLATION: 'READ_ONLY_VIOLATION',
  /** Read-only SQL failed for another reason (syntax, unknown column, more than one statement). */
  SQL_ERROR: 'SQL_ERROR',
  /** `db query` was given a table that is not one of Mark-1's tables. */
  UNKNOWN_TABLE: 'UNKNOWN_TABLE',
  /** `db query` was given a filter on a column the table does not have. */
  UNKNOWN_COLUMN: 'UNKNOWN_COLUMN',
} as const;

/** A code raised by `@mark1/storage`. */
export type StorageErrorCode = (typeof StorageErrorCodes)[keyof typeof StorageErrorCodes];

/** A {@link Mark1Error} with a storage code. */
export function storageError(
  code: StorageErrorCode,
  message: string,
  options: Mark1ErrorOptions = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}
