import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { storageError, StorageErrorCodes } from '../errors';
import type { DatabaseTarget } from './database-url';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  constraint?: string;
  detail?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
]);

function driverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null
    ? (error as DriverError)
    : { message: String(error) };
}

function fromWhere(source: string | undefined): string {
  return source ? ` (URL from ${source})` : '';
}

/** Why the folder of `filename` cannot be written, or undefined when it can. */
export function unwritableReason(filename: string): string | undefined {
  const folder = dirname(filename);
  for (const path of existsSync(filename) ? [folder, filename] : [folder]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'not writable';
      if (code === 'ENOENT') return undefined;
      return `${path === folder ? 'its folder' : 'the file'} ${path} is ${code === 'EROFS' ? 'on a read-only file system' : 'not writable'} (${code})`;
    }
  }
  return undefined;
}

/** The `DATABASE_READ_ONLY` error for a SQLite file, with the reason and the fix. */
export function readOnlyDatabaseError(
  filename: string,
  reason: string,
  source: string | undefined,
  cause?: unknown,
): Mark1Error {
  return storageError(
    StorageErrorCodes.DATABASE_READ_ONLY,
    `Cannot write the SQLite database ${filename}: ${reason}. SQLite writes the file and its -wal/-shm journals in that folder; make it writable or point the database URL${fromWhere(source)} to a writable folder.`,
    { cause, details: { filename, source } },
  );
}

/**
 * Turns an error met while connecting into a clear `DATABASE_UNREACHABLE`, `DATABASE_READ_ONLY` or
 * `DATABASE_ERROR` that names the database and how to fix it.
 */
export function toConnectionError(
  error: unknown,
  target: DatabaseTarget,
  source?: string,
): Mark1Error {
  if (Mark1Error.isInstance(error)) return error;
  const { code, message = '' } = driverError(error);
  if (target.engine === 'postgres') {
    let reason: string | undefined;
    let fix = `Start PostgreSQL at ${target.host} or correct the database URL${fromWhere(source)}.`;
    if (code && NETWORK_CODES.has(code)) {
      reason =
        code === 'ECONNREFUSED'
          ? 'connection refused'
          : code === 'ENOTFOUND'
            ? 'unknown host'
            : code;
    } else if (/timeout|terminated unexpectedly/i.test(message)) {
      reason = message.split('\n')[0];
    } else if (code === '28P01' || code === '28000') {
      reason = 'authentication failed';
      fix = `Check the user and password in the database URL${fromWhere(source)}.`;
    } else if (code === '3D000') {
      reason = message.split('\n')[0];
      fix = `Create the database (createdb) or name an existing one in the URL${fromWhere(source)}.`;
    }
    if (reason === undefined) {
      return storageError(
        StorageErrorCodes.DATABASE_ERROR,
        `PostgreSQL at ${target.host} failed while opening the database: ${message.split('\n')[0]}`,
        { cause: error, details: { url: target.displayUrl, code, source } },
      );
    }
    return storageError(
      StorageErrorCodes.DATABASE_UNREACHABLE,
      `Cannot connect to PostgreSQL at ${target.host} (${reason}). ${fix}`,
      { cause: error, details: { url: target.displayUrl, host: target.host, code, source } },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    const reason = unwritableReason(target.filename);
    if (reason || code === 'SQLITE_READONLY') {
      return readOnlyDatabaseError(
        target.filename,
        reason ?? 'the file is read-only',
        source,
        error,
      );
    }
  }
  const hint =
    code === 'SQLITE_NOTADB'
      ? 'The file is not a SQLite database; point the database URL elsewhere or move the file away.'
      : code === 'SQLITE_BUSY'
        ? 'Another process holds a lock on it; wait for it to finish and retry.'
        : 'Check that the path is a SQLite database file Mark-1 can open.';
  return storageError(
    StorageErrorCodes.DATABASE_ERROR,
    `Cannot open the SQLite database ${target.filename}: ${message.replace(/^\w+: /, '')}. ${hint}`,
    { cause: error, details: { filename: target.filename, code, source } },
  );
}

/** True when a driver error is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message = '' } = driverError(error);
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && message.includes('UNIQUE'));
}

/** True when a driver error is a foreign-key violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, message = '' } = driverError(error);
  return code === '23503' || (code === 'SQLITE_CONSTRAINT' && message.includes('FOREIGN KEY'));
}

/** True when a driver error says a table does not exist (the schema is not migrated). */
export function isMissingTable(error: unknown): boolean {
  const { code, message = '' } = driverError(error);
  return code === '42P01' || message.includes('no such table');
}

/**
 * Turns an error from a query into a storage error: a missing table becomes
 * `DATABASE_NOT_INITIALIZED`, a lost connection `DATABASE_UNREACHABLE`, a read-only file
 * `DATABASE_READ_ONLY`, anything else `DATABASE_ERROR` with `operation` in the message. Mark-1
 * errors pass through.
 */
export function toQueryError(
  error: unknown,
  operation: string,
  target: DatabaseTarget,
): Mark1Error {
  if (Mark1Error.isInstance(error)) return error;
  const { code, message = '' } = driverError(error);
  if (isMissingTable(error)) {
    return storageError(
      StorageErrorCodes.DATABASE_NOT_INITIALIZED,
      `The database ${target.displayUrl} has no Mark-1 tables yet (${operation}); run \`mark1 db init\` to create them.`,
      { cause: error, details: { url: target.displayUrl } },
    );
  }
  if (
    (code && NETWORK_CODES.has(code)) ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY'
  ) {
    return toConnectionError(error, target);
  }
  return storageError(
    StorageErrorCodes.DATABASE_ERROR,
    `Database error while ${operation}: ${message.split('\n')[0]}`,
    { cause: error, details: { code, url: target.displayUrl } },
  );
}
