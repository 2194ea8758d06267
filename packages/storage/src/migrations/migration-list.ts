import type { Knex } from 'knex';
import { initialSchema } from './0001-initial-schema';
import { apiServerSchema } from './0002-api-server';
import type { CodeMigration } from './code-migration';

/** Every migration, oldest first. Append new ones; never edit or reorder released ones. */
export const MIGRATIONS: readonly CodeMigration[] = [initialSchema, apiServerSchema];

/** Name of the table where knex records applied migrations. */
export const MIGRATIONS_TABLE = 'mark1_migrations';

/** Hands {@link MIGRATIONS} to knex's migrator. */
export const codeMigrationSource: Knex.MigrationSource<CodeMigration> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => Promise.resolve(migration),
};
