import type { Knex } from 'knex';
import { toQueryError } from '../database/database-errors';
import type { DatabaseTarget } from '../database/database-url';
import { storageError, StorageErrorCodes } from '../errors';
import { databaseSize } from './database-size';

/** Options of the monitoring report. */
export interface MonitoringOptions {
  /**
   * How many slow capabilities and recent failures to list.
   * @default 5
   */
  limit?: number;
}

/** A capability's timing over its finished executions. */
export interface CapabilityTiming {
  readonly pluginId: string;
  readonly pluginName: string;
  readonly capability: string;
  readonly executions: number;
  readonly averageSeconds: number;
  readonly maxSeconds: number;
}

/** A recent failed, cancelled or timed-out execution. */
export interface RecentFailure {
  readonly executionId: string;
  readonly pluginName: string;
  readonly capability: string;
  readonly status: string;
  readonly startedAt: string;
  readonly errorMessage: string | null;
}

/** What `db monitoring` shows. */
export interface MonitoringReport {
  readonly executions: {
    readonly total: number;
    /** Count per status, most frequent first. */
    readonly byStatus: readonly { readonly status: string; readonly count: number }[];
    /** Succeeded ÷ finished (running ones left out), 0–1; null when nothing finished. */
    readonly successRate: number | null;
  };
  /** Capabilities by average duration, slowest first. */
  readonly slowestCapabilities: readonly CapabilityTiming[];
  /** Latest failures, newest first. */
  readonly recentFailures: readonly RecentFailure[];
  /** Count per run state. */
  readonly runs: readonly { readonly state: string; readonly count: number }[];
  readonly contexts: { readonly count: number; readonly totalBytes: number };
  /** Bytes Mark-1's data takes. */
  readonly databaseSizeBytes: number;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Gathers execution, run and context statistics from the database. */
export async function readMonitoringReport(
  knex: Knex,
  target: DatabaseTarget,
  options: MonitoringOptions = {},
): Promise<MonitoringReport> {
  const limit = options.limit ?? 5;
  try {
    if (!(await knex.schema.hasTable('plugin_executions'))) {
      throw storageError(
        StorageErrorCodes.DATABASE_NOT_INITIALIZED,
        `The database ${target.displayUrl} has no Mark-1 tables yet; run \`mark1 db init\` to create them.`,
      );
    }
    const statusRows = (await knex('plugin_executions')
      .select('status')
      .count({ count: '*' })
      .groupBy('status')
      .orderBy([{ column: 'count', order: 'desc' }, { column: 'status' }])) as {
      status: string;
      count: string | number;
    }[];
    const byStatus = statusRows.map((row) => ({ status: row.status, count: Number(row.count) }));
    const total = byStatus.reduce((sum, row) => sum + row.count, 0);
    const finished = byStatus
      .filter((row) => row.status !== 'running')
      .reduce((sum, row) => sum + row.count, 0);
    const succeeded = byStatus.find((row) => row.status === 'succeeded')?.count ?? 0;

    const timingRows = (await knex('plugin_executions as e')
      .join('plugins as p', 'p.plugin_id', 'e.plugin_id')
      .whereNotNull('e.execution_time')
      .groupBy('e.plugin_id', 'p.name', 'e.capability_name')
      .select('e.plugin_id', 'p.name', 'e.capability_name')
      .count({ executions: '*' })
      .avg({ average: 'e.execution_time' })
      .max({ maximum: 'e.execution_time' })
      .orderBy([{ column: 'average', order: 'desc' }, { column: 'e.capability_name' }])
      .limit(limit)) as Record<string, unknown>[];

    const failureRows = (await knex('plugin_executions as e')
      .join('plugins as p', 'p.plugin_id', 'e.plugin_id')
      .whereIn('e.status', ['failed', 'timed_out', 'cancelled'])
      .select(
        'e.execution_id',
        'p.name',
        'e.capability_name',
        'e.status',
        'e.started_at',
        'e.error_message',
      )
      .orderBy([
        { column: 'e.started_at', order: 'desc' },
        { column: 'e.execution_id', order: 'desc' },
      ])
      .limit(limit)) as Record<string, unknown>[];

    const runRows = (await knex('runs')
      .select('state')
      .count({ count: '*' })
      .groupBy('state')
      .orderBy('state')) as { state: string; count: string | number }[];

    const contextRow = (await knex('contexts')
      .count({ count: '*' })
      .sum({ bytes: 'size_bytes' })
      .first()) as { count: string | number; bytes: string | number | null } | undefined;

    return {
      executions: { total, byStatus, successRate: finished === 0 ? null : succeeded / finished },
      slowestCapabilities: timingRows.map((row) => ({
        pluginId: String(row.plugin_id),
        pluginName: String(row.name),
        capability: String(row.capability_name),
        executions: Number(row.executions),
        averageSeconds: Number(row.average),
        maxSeconds: Number(row.maximum),
      })),
      recentFailures: failureRows.map((row) => ({
        executionId: String(row.execution_id),
        pluginName: String(row.name),
        capability: String(row.capability_name),
        status: String(row.status),
        startedAt: iso(row.started_at),
        errorMessage: row.error_message === null ? null : String(row.error_message),
      })),
      runs: runRows.map((row) => ({ state: row.state, count: Number(row.count) })),
      contexts: {
        count: Number(contextRow?.count ?? 0),
        totalBytes: Number(contextRow?.bytes ?? 0),
      },
      databaseSizeBytes: await databaseSize(knex, target),
    };
  } catch (error) {
    throw toQueryError(error, 'reading monitoring statistics', target);
  }
}
