import type { Knex } from 'knex';
import { Mark1Error } from '@mark1/sdk';
import { toQueryError } from '../database/database-errors';
import type { DatabaseTarget } from '../database/database-url';
import { storageError, StorageErrorCodes } from '../errors';
import type { CodeMigration } from './code-migration';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migration-list';

/** A migration recorded as applied. */
export interface AppliedMigration {
  /** Its name. */
  readonly name: string;
  /** When it was applied (ISO 8601), if recorded. */
  readonly appliedAt: string | null;
}

/** Which migrations the database has and which it still needs. */
export interface MigrationStatus {
  /** Applied migrations, oldest first. */
  readonly applied: readonly AppliedMigration[];
  /** Migrations this version of Mark-1 has and the database does not, in the order they will run. */
  readonly pending: readonly string[];
  /** Applied migrations this version does not know (the database was migrated by a newer Mark-1). */
  readonly unknown: readonly string[];
}

class MigrationStepError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

const LOCK_RETRY_MS = 200;
const LOCK_WAIT_MS = 15_000;

function wrapped(migration: CodeMigration): CodeMigration {
  const guard = (direction: 'up' | 'down') => async (knex: Knex) => {
    try {
      await migration[direction](knex);
    } catch (error) {
      throw new MigrationStepError(migration.name, error);
    }
  };
  return { name: migration.name, up: guard('up'), down: guard('down') };
}

const source: Knex.MigrationSource<CodeMigration> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(wrapped)),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => Promise.resolve(migration),
};

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Two processes creating the migrations tables at once: PostgreSQL may fail the loser's
 * `create table if not exists` on its catalog's unique index. The loser retries and finds them.
 */
function lostTableCreationRace(error: unknown): boolean {
  const { message = '', code } = (error ?? {}) as { message?: string; code?: string };
  return (
    message.includes(MIGRATIONS_TABLE) &&
    (/already exists/i.test(message) || code === '42P07' || code === '23505')
  );
}

/** Reads which migrations are applied and pending, without changing anything. */
export async function readMigrationStatus(
  knex: Knex,
  target: DatabaseTarget,
): Promise<MigrationStatus> {
  try {
    const known = MIGRATIONS.map((migration) => migration.name);
    if (!(await knex.schema.hasTable(MIGRATIONS_TABLE))) {
      return { applied: [], pending: known, unknown: [] };
    }
    const rows = (await knex(MIGRATIONS_TABLE).select('name', 'migration_time').orderBy('id')) as {
      name: string;
      migration_time: unknown;
    }[];
    const appliedNames = new Set(rows.map((row) => row.name));
    return {
      applied: rows.map((row) => ({ name: row.name, appliedAt: toIso(row.migration_time) })),
      pending: known.filter((name) => !appliedNames.has(name)),
      unknown: rows.map((row) => row.name).filter((name) => !known.includes(name)),
    };
  } catch (error) {
    throw toQueryError(error, 'reading the migration status', target);
  }
}

/**
 * Creates knex's bookkeeping tables race-free before knex looks for them: knex checks, then
 * creates, then inserts a lock row when it sees none, so two processes opening a new database at
 * once can create two lock rows and lock each other out for good. A fixed primary key and
 * `ON CONFLICT DO NOTHING` leave exactly one row whoever wins.
 */
async function prepareMigrationTables(knex: Knex, target: DatabaseTarget): Promise<void> {
  const table = MIGRATIONS_TABLE;
  const lock = `${MIGRATIONS_TABLE}_lock`;
  const idColumn =
    target.engine === 'sqlite'
      ? 'integer not null primary key autoincrement'
      : 'serial primary key';
  const timeColumn = target.engine === 'sqlite' ? 'datetime' : 'timestamptz';
  await knex.raw(
    `create table if not exists "${table}" ("id" ${idColumn}, "name" varchar(255), "batch" integer, "migration_time" ${timeColumn})`,
  );
  await knex.raw(
    `create table if not exists "${lock}" ("index" integer primary key, "is_locked" integer)`,
  );
  await knex.raw(
    `insert into "${lock}" ("index", "is_locked") values (1, 0) on conflict do nothing`,
  );
}

/**
 * Applies every pending migration, each in its own transaction, and returns the names applied.
 * Waits for another process that holds the migration lock. A failing migration throws
 * `MIGRATION_FAILED` naming it; the database stays at the last migration that succeeded.
 */
export async function migrateToLatest(knex: Knex, target: DatabaseTarget): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    try {
      await prepareMigrationTables(knex, target);
      const [, names] = (await knex.migrate.latest({
        migrationSource: source,
        tableName: MIGRATIONS_TABLE,
      })) as [number, string[]];
      return names;
    } catch (error) {
      if (error instanceof MigrationStepError) {
        const reason = error.message.split('\n')[0];
        throw storageError(
          StorageErrorCodes.MIGRATION_FAILED,
          `Migration ${error.migration} failed on ${target.displayUrl}: ${reason}. The database stays at the previous migration; fix the cause and run \`mark1 db init\` again.`,
          { cause: error.cause, details: { migration: error.migration, url: target.displayUrl } },
        );
      }
      const locked = (error as Error)?.name === 'MigrationLocked';
      if ((locked || lostTableCreationRace(error)) && Date.now() - started < LOCK_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
        continue;
      }
      if (locked) {
        throw storageError(
          StorageErrorCodes.MIGRATION_FAILED,
          `Migrations on ${target.displayUrl} are locked by another process (table ${MIGRATIONS_TABLE}_lock). Wait for it to finish; if no Mark-1 process is running, set is_locked to 0 in that table.`,
          { cause: error, details: { url: target.displayUrl } },
        );
      }
      if (Mark1Error.isInstance(error)) throw error;
      throw toQueryError(error, 'migrating the schema', target);
    }
  }
}
