import type { Knex } from 'knex';

/** A schema migration written as code, so it survives bundling (no migration folder to scan). */
export interface CodeMigration {
  /** Stable name recorded in the migrations table, `NNNN_what_it_does`. */
  readonly name: string;
  /** Applies the change. Runs inside a transaction. */
  up(knex: Knex): Promise<void>;
  /** Reverts it. */
  down(knex: Knex): Promise<void>;
}
