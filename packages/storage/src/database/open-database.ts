import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { storageError, StorageErrorCodes } from '../errors';
import { readOnlyDatabaseError, toConnectionError, unwritableReason } from './database-errors';
import type { DatabaseTarget } from './database-url';
import { loadPg, loadSqlite3 } from './drivers';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * Create the SQLite file (and its folder) when missing. When false, a missing file throws
   * `DATABASE_NOT_INITIALIZED`.
   * @default true
   */
  createIfMissing?: boolean;
  /**
   * Most PostgreSQL connections in the pool.
   * @default 10
   */
  poolSize?: number;
  /**
   * Milliseconds SQLite waits for another process's lock before failing with SQLITE_BUSY.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * Milliseconds to wait for PostgreSQL to accept a connection.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /** Where the URL came from, for error messages. */
  source?: string;
}

// Knex would print pool and driver errors to the console; they reach the caller as storage errors.
const quiet = {
  warn: () => undefined,
  error: () => undefined,
  deprecate: () => undefined,
  debug: () => undefined,
};

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, callback: (error: Error | null) => void): void;
}

async function openSqlite(
  target: Extract<DatabaseTarget, { engine: 'sqlite' }>,
  options: OpenDatabaseOptions,
): Promise<Knex> {
  await loadSqlite3();
  const { filename } = target;
  if (!existsSync(filename)) {
    if (options.createIfMissing === false) {
      throw storageError(
        StorageErrorCodes.DATABASE_NOT_INITIALIZED,
        `There is no Mark-1 database at ${filename}; run \`mark1 init\` (or \`mark1 db init\`) to create it.`,
        { details: { filename, source: options.source } },
      );
    }
    try {
      mkdirSync(dirname(filename), { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw readOnlyDatabaseError(
        filename,
        `its folder cannot be created (${code})`,
        options.source,
        error,
      );
    }
  }
  const reason = unwritableReason(filename);
  if (reason) throw readOnlyDatabaseError(filename, reason, options.source);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  return knexFactory({
    client: 'sqlite3',
    log: quiet,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        connection: SqliteConnection,
        done: (error: Error | null, connection: unknown) => void,
      ) {
        connection.configure('busyTimeout', busyTimeoutMs);
        connection.exec(
          'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;',
          (error) => done(error, connection),
        );
      },
    },
  });
}

async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  options: OpenDatabaseOptions,
): Promise<Knex> {
  await loadPg();
  return knexFactory({
    client: 'pg',
    log: quiet,
    connection: {
      connectionString: target.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'mark1',
    },
    searchPath: target.schema ? [target.schema] : undefined,
    pool: { min: 0, max: options.poolSize ?? 10 },
    acquireConnectionTimeout: (options.connectTimeoutMs ?? 10_000) + 5_000,
  });
}

async function createSchema(knex: Knex, schema: string): Promise<void> {
  try {
    await knex.raw('create schema if not exists ??', [schema]);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees it exist, which is the goal.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  }
}

/**
 * Opens a knex instance on `target` and checks it answers: SQLite in WAL mode with foreign keys on
 * and a busy timeout; PostgreSQL with a pool, creating the `?schema=` schema when named. Throws a
 * clear `DATABASE_UNREACHABLE`, `DATABASE_READ_ONLY`, `DATABASE_NOT_INITIALIZED` or `DRIVER_MISSING`.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<Knex> {
  const knex =
    target.engine === 'sqlite'
      ? await openSqlite(target, options)
      : await openPostgres(target, options);
  try {
    if (target.engine === 'postgres' && target.schema) await createSchema(knex, target.schema);
    await knex.raw('select 1');
    return knex;
  } catch (error) {
    await knex.destroy().catch(() => undefined);
    throw toConnectionError(error, target, options.source);
  }
}
