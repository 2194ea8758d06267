import { existsSync } from 'node:fs';
import { Mark1Error } from '@mark1/sdk';
import { storageError, StorageErrorCodes } from '../errors';
import { toConnectionError } from './database-errors';
import type { DatabaseTarget } from './database-url';
import { loadPg, loadSqlite3 } from './drivers';
import { findTrailingStatement } from './sql-statements';

/** Options of {@link executeReadOnlySql}. */
export interface ReadOnlySqlOptions {
  /**
   * Most rows returned; the rest are dropped and `truncated` is set.
   * @default 1000
   */
  maxRows?: number;
  /**
   * Milliseconds the statement may run (PostgreSQL `statement_timeout`; SQLite's busy timeout).
   * @default 30000
   */
  timeoutMs?: number;
}

/** What read-only SQL returned. */
export interface ReadOnlySqlResult {
  /** Column names, in order (SQLite knows them only when a row came back). */
  readonly columns: readonly string[];
  /** The rows, at most `maxRows`. Dates are ISO strings, binary values hex. */
  readonly rows: readonly Record<string, unknown>[];
  /** Rows the statement produced before truncation. */
  readonly rowCount: number;
  /** True when rows were dropped to respect `maxRows`. */
  readonly truncated: boolean;
}

interface DriverError {
  code?: string;
  message?: string;
}

function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function result(
  rows: Record<string, unknown>[],
  columns: string[],
  maxRows: number,
): ReadOnlySqlResult {
  const kept = rows
    .slice(0, maxRows)
    .map((row) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainValue(value)])),
    );
  return {
    columns: columns.length ? columns : Object.keys(rows[0] ?? {}),
    rows: kept,
    rowCount: rows.length,
    truncated: rows.length > maxRows,
  };
}

function readOnlyViolation(engineMessage: string, cause: unknown): Mark1Error {
  return storageError(
    StorageErrorCodes.READ_ONLY_VIOLATION,
    `The database refused the statement because this SQL runs read-only (${engineMessage}). Use SELECT (or EXPLAIN, WITH ... SELECT) only; change data through Mark-1's commands.`,
    { cause },
  );
}

function sqlError(engineMessage: string, cause: unknown): Mark1Error {
  return storageError(
    StorageErrorCodes.SQL_ERROR,
    `The SQL failed: ${engineMessage}. Fix the statement and retry.`,
    {
      cause,
    },
  );
}

type Sqlite3 = Awaited<ReturnType<typeof loadSqlite3>>;
type SqliteDatabase = InstanceType<Sqlite3['Database']>;

function openReadOnlySqlite(sqlite3: Sqlite3, filename: string): Promise<SqliteDatabase> {
  return new Promise((resolve, reject) => {
    const database: SqliteDatabase = new sqlite3.Database(
      filename,
      sqlite3.OPEN_READONLY,
      (error) => (error ? reject(error) : resolve(database)),
    );
  });
}

async function runSqlite(
  target: Extract<DatabaseTarget, { engine: 'sqlite' }>,
  sql: string,
  maxRows: number,
  timeoutMs: number,
): Promise<ReadOnlySqlResult> {
  const sqlite3 = await loadSqlite3();
  if (!existsSync(target.filename)) {
    throw storageError(
      StorageErrorCodes.DATABASE_NOT_INITIALIZED,
      `There is no Mark-1 database at ${target.filename}; run \`mark1 init\` to create it.`,
      { details: { filename: target.filename } },
    );
  }
  let database: SqliteDatabase;
  try {
    database = await openReadOnlySqlite(sqlite3, target.filename);
  } catch (error) {
    throw toConnectionError(error, target);
  }
  try {
    // The connection is opened read-only; on top of that the engine refuses ATTACH (and so
    // VACUUM INTO, which attaches its target) and any write through PRAGMA query_only.
    database.configure('limit', sqlite3.LIMIT_ATTACHED, 0);
    database.configure('busyTimeout', timeoutMs);
    await new Promise<void>((resolve, reject) =>
      database.exec('PRAGMA query_only = ON;', (error) => (error ? reject(error) : resolve())),
    );
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) =>
      database.all(sql, (error: Error | null, found: Record<string, unknown>[]) =>
        error ? reject(error) : resolve(found ?? []),
      ),
    );
    const trailing = findTrailingStatement(sql);
    if (trailing) {
      throw storageError(
        StorageErrorCodes.SQL_ERROR,
        `The SQL holds more than one statement (the next starts at line ${trailing.line}, column ${trailing.column}); exactly one statement is run. Run each on its own.`,
        { details: { offset: trailing.offset } },
      );
    }
    return result(rows, [], maxRows);
  } catch (error) {
    if (Mark1Error.isInstance(error)) throw error;
    const { code, message = String(error) } = error as DriverError;
    const engineMessage = message.replace(/^SQLITE_\w+: /, '');
    if (
      code === 'SQLITE_READONLY' ||
      /too many attached databases|query_only|readonly/i.test(message)
    ) {
      throw readOnlyViolation(engineMessage, error);
    }
    throw sqlError(engineMessage, error);
  } finally {
    await new Promise<void>((resolve) => database.close(() => resolve()));
  }
}

async function runPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  sql: string,
  maxRows: number,
  timeoutMs: number,
): Promise<ReadOnlySqlResult> {
  const pg = await loadPg();
  const client = new pg.Client({
    connectionString: target.connectionString,
    connectionTimeoutMillis: 10_000,
    application_name: 'mark1-read-only',
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toConnectionError(error, target);
  }
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    if (target.schema) await client.query(`SET LOCAL search_path TO "${target.schema}"`);
    // The extended protocol parses exactly one statement, so `COMMIT; DELETE ...` is a syntax error.
    const answer = await client.query({ text: sql, queryMode: 'extended' } as { text: string });
    return result(
      answer.rows,
      answer.fields.map((field) => field.name),
      maxRows,
    );
  } catch (error) {
    const { code, message = String(error) } = error as DriverError;
    if (code === '25006') throw readOnlyViolation(message, error);
    if (code === '42601' && /multiple commands/i.test(message)) {
      throw sqlError(`${message} (exactly one statement is run)`, error);
    }
    throw sqlError(message, error);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs one SQL statement that cannot change the database, enforced by the engine (the SQL text is
 * never inspected). SQLite: a separate connection opened read-only, with `PRAGMA query_only` and
 * ATTACH disabled (a zero attached-database limit); SQLite compiles only the first statement, and
 * text after it is refused with `SQL_ERROR` (after the first ran, so a write is still reported as one).
 * PostgreSQL: a separate connection in a `READ ONLY` transaction that is always rolled back,
 * running exactly one statement through the extended query protocol. A write throws
 * `READ_ONLY_VIOLATION`; other failures `SQL_ERROR`.
 */
export async function executeReadOnlySql(
  target: DatabaseTarget,
  sql: string,
  options: ReadOnlySqlOptions = {},
): Promise<ReadOnlySqlResult> {
  const maxRows = options.maxRows ?? 1000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (sql.trim() === '') {
    throw storageError(
      StorageErrorCodes.SQL_ERROR,
      'The SQL is empty; give one statement such as "SELECT * FROM plugins".',
    );
  }
  return target.engine === 'sqlite'
    ? runSqlite(target, sql, maxRows, timeoutMs)
    : runPostgres(target, sql, maxRows, timeoutMs);
}
