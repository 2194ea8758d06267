import type { Knex } from 'knex';
import { toQueryError } from '../database/database-errors';
import type { DatabaseTarget } from '../database/database-url';
import { storageError, StorageErrorCodes } from '../errors';
import { isMark1Table, MARK1_TABLES, type Mark1Table } from './mark1-tables';

/** Options of `db query`. */
export interface TableQueryOptions {
  /** Column = value filters, all of which must hold. Values are text; `true`/`false` match booleans. */
  where?: Readonly<Record<string, string>>;
  /**
   * Most rows returned.
   * @default 20
   */
  limit?: number;
}

/** Rows of one table, with JSON columns parsed and timestamps as ISO strings. */
export interface TableQueryResult {
  readonly table: Mark1Table;
  /** The table's columns, in order. */
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** The order rows are listed in: most recent first where the table has a time. */
const TABLE_ORDER: Readonly<
  Record<Mark1Table, readonly { column: string; order: 'asc' | 'desc' }[]>
> = {
  plugins: [{ column: 'name', order: 'asc' }],
  plugin_versions: [{ column: 'created_at', order: 'desc' }],
  plugin_capabilities: [
    { column: 'plugin_id', order: 'asc' },
    { column: 'name', order: 'asc' },
  ],
  plugin_executions: [{ column: 'started_at', order: 'desc' }],
  workflows: [{ column: 'created_at', order: 'desc' }],
  runs: [{ column: 'created_at', order: 'desc' }],
  step_runs: [
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ],
  run_events: [
    { column: 'run_id', order: 'asc' },
    { column: 'seq', order: 'asc' },
  ],
  contexts: [{ column: 'updated_at', order: 'desc' }],
  secrets: [
    { column: 'plugin_id', order: 'asc' },
    { column: 'name', order: 'asc' },
  ],
  audit_log: [{ column: 'at', order: 'desc' }],
};

type ColumnType = 'json' | 'boolean' | 'timestamp' | 'number' | 'other';

function columnType(declared: string): ColumnType {
  const type = declared.toLowerCase();
  if (type.startsWith('json')) return 'json';
  if (type === 'boolean' || type === 'bool') return 'boolean';
  if (type.startsWith('timestamp') || type === 'datetime') return 'timestamp';
  if (/^(bigint|integer|int|double|real|float|numeric)/.test(type)) return 'number';
  return 'other';
}

function decodeCell(type: ColumnType, value: unknown, target: DatabaseTarget): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return target.engine === 'sqlite' && typeof value === 'string' ? JSON.parse(value) : value;
    case 'boolean':
      return value === true || value === 1;
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    case 'number':
      return typeof value === 'string' ? Number(value) : value;
    case 'other':
      return value;
  }
}

function filterValue(type: ColumnType, value: string, target: DatabaseTarget): unknown {
  if (type === 'boolean' && /^(true|false)$/i.test(value)) {
    const flag = value.toLowerCase() === 'true';
    return target.engine === 'sqlite' ? Number(flag) : flag;
  }
  return value;
}

async function readColumnTypes(
  knex: Knex,
  target: DatabaseTarget,
  table: Mark1Table,
): Promise<Map<string, ColumnType>> {
  if (target.engine === 'sqlite') {
    const rows = (await knex.raw('select name, type from pragma_table_info(?) order by cid', [
      table,
    ])) as {
      name: string;
      type: string;
    }[];
    return new Map(rows.map((row) => [row.name, columnType(row.type)]));
  }
  const result = (await knex.raw(
    `select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = ? order by ordinal_position`,
    [table],
  )) as { rows: { name: string; type: string }[] };
  return new Map(result.rows.map((row) => [row.name, columnType(row.type)]));
}

/**
 * Lists rows of one of Mark-1's tables, filtered by column values. Throws `UNKNOWN_TABLE` for a
 * table that is not Mark-1's, `UNKNOWN_COLUMN` for a filter on a column the table lacks (both list
 * what exists), and `DATABASE_NOT_INITIALIZED` when the table is not created yet.
 */
export async function queryTable(
  knex: Knex,
  target: DatabaseTarget,
  table: string,
  options: TableQueryOptions = {},
): Promise<TableQueryResult> {
  if (!isMark1Table(table)) {
    throw storageError(
      StorageErrorCodes.UNKNOWN_TABLE,
      `"${table}" is not a Mark-1 table; choose one of ${MARK1_TABLES.join(', ')}.`,
      { details: { table, tables: [...MARK1_TABLES] } },
    );
  }
  const limit = options.limit ?? 20;
  try {
    if (!(await knex.schema.hasTable(table))) {
      throw storageError(
        StorageErrorCodes.DATABASE_NOT_INITIALIZED,
        `The table ${table} does not exist in ${target.displayUrl} yet; run \`mark1 db init\` to create Mark-1's tables.`,
        { details: { table } },
      );
    }
    const types = await readColumnTypes(knex, target, table);
    const columns = [...types.keys()];
    const query = knex(table)
      .select('*')
      .orderBy([...TABLE_ORDER[table]])
      .limit(limit);
    for (const [column, value] of Object.entries(options.where ?? {})) {
      const type = types.get(column);
      if (type === undefined) {
        throw storageError(
          StorageErrorCodes.UNKNOWN_COLUMN,
          `The table ${table} has no column "${column}"; filter on one of ${columns.join(', ')}.`,
          { details: { table, column, columns } },
        );
      }
      query.where(column, filterValue(type, value, target) as Knex.Value);
    }
    const rows = (await query) as Record<string, unknown>[];
    return {
      table,
      columns,
      rows: rows.map((row) =>
        Object.fromEntries(
          columns.map((column) => [column, decodeCell(types.get(column)!, row[column], target)]),
        ),
      ),
    };
  } catch (error) {
    throw toQueryError(error, `querying ${table}`, target);
  }
}
