import { statSync } from 'node:fs';
import type { Knex } from 'knex';
import type { DatabaseTarget } from '../database/database-url';
import { MIGRATIONS_TABLE } from '../migrations/migration-list';
import { MARK1_TABLES } from './mark1-tables';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Bytes Mark-1's data takes: the SQLite file and its write-ahead log, or on PostgreSQL the total
 * size (tables, indexes, TOAST) of Mark-1's tables in the current schema.
 */
export async function databaseSize(knex: Knex, target: DatabaseTarget): Promise<number> {
  if (target.engine === 'sqlite') {
    return fileSize(target.filename) + fileSize(`${target.filename}-wal`);
  }
  const result = (await knex.raw(
    `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as size
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.relname = any(?)`,
    [[...MARK1_TABLES, MIGRATIONS_TABLE]],
  )) as { rows: { size: string | number }[] };
  return Number(result.rows[0]?.size ?? 0);
}
