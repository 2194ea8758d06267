import type { Knex } from 'knex';
import { loadConfig, type Mark1Config } from './config/load-config';
import {
  parseDatabaseUrl,
  type DatabaseEngine,
  type DatabaseTarget,
} from './database/database-url';
import { openDatabase } from './database/open-database';
import {
  executeReadOnlySql,
  type ReadOnlySqlOptions,
  type ReadOnlySqlResult,
} from './database/read-only-sql';
import { readDatabaseStatus, type DatabaseStatus } from './inspection/database-status';
import {
  readMonitoringReport,
  type MonitoringOptions,
  type MonitoringReport,
} from './inspection/monitoring-report';
import {
  queryTable,
  type TableQueryOptions,
  type TableQueryResult,
} from './inspection/table-query';
import { migrateToLatest, readMigrationStatus, type MigrationStatus } from './migrations/migrator';
import { createRepositories, type Repositories } from './repositories/create-repositories';
import type { RepositoryContext } from './repositories/repository-context';

/** Options of {@link createStorage}. */
export interface StorageOptions {
  /**
   * Database URL (`sqlite:///path.db`, `sqlite://./rel.db`, `file:`, `postgres://...?schema=x`).
   * @default config.database.url, or the configuration loaded from the environment
   */
  url?: string;
  /** Resolved configuration; supplies the URL and pool size when `url` is not given. */
  config?: Mark1Config;
  /** Where the URL came from (`env MARK1_DATABASE_URL`), named in connection errors. */
  urlSource?: string;
  /**
   * Apply pending migrations on open.
   * @default true
   */
  migrate?: boolean;
  /**
   * Create a missing SQLite file. When false a missing file throws `DATABASE_NOT_INITIALIZED`.
   * @default true
   */
  createIfMissing?: boolean;
  /**
   * Most PostgreSQL connections.
   * @default config.database.poolSize, else 10
   */
  poolSize?: number;
  /**
   * Milliseconds SQLite waits on another process's lock.
   * @default 5000
   */
  busyTimeoutMs?: number;
}

/** Mark-1's database: repositories plus inspection, migrations and read-only SQL. */
export interface Storage extends Repositories {
  /** `sqlite` or `postgres`. */
  readonly engine: DatabaseEngine;
  /** The database URL with any password hidden. */
  readonly url: string;
  /** The SQLite file, or undefined on PostgreSQL. */
  readonly filename: string | undefined;
  /**
   * Runs `work` in one transaction and commits when it resolves (rolls back when it throws). Use
   * the repositories it is given: on SQLite the outer ones wait for the transaction to end.
   */
  withTransaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Applied and pending migrations. */
  migrationStatus(): Promise<MigrationStatus>;
  /** Engine, URL, migrations, row counts and size. */
  status(): Promise<DatabaseStatus>;
  /** Rows of one of Mark-1's tables, filtered by column values (`db query`). */
  queryTable(table: string, options?: TableQueryOptions): Promise<TableQueryResult>;
  /** Execution, run and context statistics (`db monitoring`). */
  monitoring(options?: MonitoringOptions): Promise<MonitoringReport>;
  /** Runs one read-only statement on a separate connection the engine keeps read-only (`db exec-sql`). */
  executeReadOnly(sql: string, options?: ReadOnlySqlOptions): Promise<ReadOnlySqlResult>;
  /** Closes every connection. */
  close(): Promise<void>;
}

function storageOn(knex: Knex, target: DatabaseTarget): Storage {
  const context: RepositoryContext = { db: knex, engine: target.engine, target };
  return {
    ...createRepositories(context),
    engine: target.engine,
    url: target.displayUrl,
    filename: target.engine === 'sqlite' ? target.filename : undefined,
    withTransaction: (work) =>
      knex.transaction((trx) => work(createRepositories({ ...context, db: trx }))),
    migrate: () => migrateToLatest(knex, target),
    migrationStatus: () => readMigrationStatus(knex, target),
    status: () => readDatabaseStatus(knex, target),
    queryTable: (table, options) => queryTable(knex, target, table, options),
    monitoring: (options) => readMonitoringReport(knex, target, options),
    executeReadOnly: (sql, options) => executeReadOnlySql(target, sql, options),
    close: () => knex.destroy(),
  };
}

/**
 * Opens Mark-1's database and, unless told not to, brings its schema up to date. The URL comes
 * from `options.url`, else `options.config`, else the configuration in the environment. Throws
 * clear storage errors for an unsupported URL, an unreachable PostgreSQL, a read-only SQLite
 * folder, a missing driver or a failing migration.
 */
export async function createStorage(options: StorageOptions = {}): Promise<Storage> {
  const config =
    options.url === undefined ? (options.config ?? loadConfig().config) : options.config;
  const url = options.url ?? config!.database.url;
  const target = parseDatabaseUrl(url, { source: options.urlSource });
  const knex = await openDatabase(target, {
    createIfMissing: options.createIfMissing,
    poolSize: options.poolSize ?? config?.database.poolSize,
    busyTimeoutMs: options.busyTimeoutMs,
    source: options.urlSource,
  });
  const storage = storageOn(knex, target);
  if (options.migrate !== false) {
    try {
      await storage.migrate();
    } catch (error) {
      await storage.close();
      throw error;
    }
  }
  return storage;
}
