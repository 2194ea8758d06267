import type { Knex } from 'knex';
import { toQueryError } from '../database/database-errors';
import type { DatabaseEngine, DatabaseTarget } from '../database/database-url';
import { readMigrationStatus, type MigrationStatus } from '../migrations/migrator';
import { databaseSize } from './database-size';
import { MARK1_TABLES, type Mark1Table } from './mark1-tables';

/** Rows in one table; `rows` is null when the table does not exist yet. */
export interface TableRowCount {
  readonly table: Mark1Table;
  readonly rows: number | null;
}

/** What `db status` shows. */
export interface DatabaseStatus {
  readonly engine: DatabaseEngine;
  /** The URL, password hidden. */
  readonly url: string;
  /** The SQLite file, or PostgreSQL's host and port. */
  readonly location: string;
  /** The PostgreSQL schema holding the tables (`?schema=`), or undefined for the default. */
  readonly schema: string | undefined;
  readonly migrations: MigrationStatus;
  /** Row count of each table. */
  readonly tables: readonly TableRowCount[];
  /** Bytes the data takes. */
  readonly sizeBytes: number;
}

/** Reads the database's engine, migrations, row counts and size, without changing anything. */
export async function readDatabaseStatus(
  knex: Knex,
  target: DatabaseTarget,
): Promise<DatabaseStatus> {
  const migrations = await readMigrationStatus(knex, target);
  try {
    const tables: TableRowCount[] = [];
    for (const table of MARK1_TABLES) {
      if (!(await knex.schema.hasTable(table))) {
        tables.push({ table, rows: null });
        continue;
      }
      const row = (await knex(table).count({ count: '*' }).first()) as
        { count: number | string } | undefined;
      tables.push({ table, rows: Number(row?.count ?? 0) });
    }
    return {
      engine: target.engine,
      url: target.displayUrl,
      location: target.engine === 'sqlite' ? target.filename : target.host,
      schema: target.engine === 'postgres' ? target.schema : undefined,
      migrations,
      tables,
      sizeBytes: await databaseSize(knex, target),
    };
  } catch (error) {
    throw toQueryError(error, 'reading the database status', target);
  }
}
