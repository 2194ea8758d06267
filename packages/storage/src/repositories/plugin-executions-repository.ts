import { z } from 'zod';
import { storageError, StorageErrorCodes } from '../errors';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonValueSchema,
  newId,
  notFound,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** Outcomes of one plugin call. */
export const EXECUTION_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
] as const;
/** An execution's status. */
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** One actual plugin call (`plugin_executions`, seed 000's columns plus the run it belongs to). */
export const PluginExecutionRecordSchema = z.object({
  executionId: z.string(),
  pluginId: z.string(),
  pluginVersion: z.string().nullable(),
  capabilityName: z.string(),
  status: z.enum(EXECUTION_STATUSES),
  /** Seconds the call took, once finished. */
  executionTime: z.number().nullable(),
  startedAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
  inputs: JsonValueSchema.nullable(),
  outputs: JsonValueSchema.nullable(),
  errorMessage: z.string().nullable(),
  /** The run this call belongs to, when it ran inside a workflow. */
  runId: z.string().nullable(),
  /** The step run this call belongs to. */
  stepRunId: z.string().nullable(),
});
/** One actual plugin call. */
export type PluginExecutionRecord = z.infer<typeof PluginExecutionRecordSchema>;

/** What `pluginExecutions.start` accepts. */
export const NewPluginExecutionSchema = z.object({
  /** @default a random UUID */
  executionId: z.string().min(1).optional(),
  pluginId: z.string().min(1),
  pluginVersion: z.string().min(1).nullable().optional(),
  capabilityName: z.string().min(1),
  /** @default now */
  startedAt: TimestampInputSchema.optional(),
  inputs: JsonValueSchema.nullable().optional(),
  runId: z.string().min(1).nullable().optional(),
  stepRunId: z.string().min(1).nullable().optional(),
});
/** What `pluginExecutions.start` accepts. */
export type NewPluginExecution = z.input<typeof NewPluginExecutionSchema>;

/** How a call ended, for `pluginExecutions.finish`. */
export const ExecutionOutcomeSchema = z.object({
  status: z.enum(['succeeded', 'failed', 'cancelled', 'timed_out']),
  outputs: JsonValueSchema.nullable().optional(),
  errorMessage: z.string().nullable().optional(),
  /** @default now */
  completedAt: TimestampInputSchema.optional(),
});
/** How a call ended. */
export type ExecutionOutcome = z.input<typeof ExecutionOutcomeSchema>;

/** Filters of `pluginExecutions.list`. */
export interface ExecutionListOptions {
  pluginId?: string;
  status?: ExecutionStatus;
  runId?: string;
  /**
   * Most records returned, newest first.
   * @default 100
   */
  limit?: number;
}

/** Plugin calls (`plugin_executions`). */
export interface PluginExecutionsRepository {
  /** Records a call that started (status `running`). */
  start(execution: NewPluginExecution): Promise<PluginExecutionRecord>;
  /** Records how a running call ended, with its duration; `NOT_FOUND` or `STATE_TRANSITION_INVALID` when it is not running. */
  finish(executionId: string, outcome: ExecutionOutcome): Promise<PluginExecutionRecord>;
  /** One call, or undefined. */
  get(executionId: string): Promise<PluginExecutionRecord | undefined>;
  /** Calls, newest first. */
  list(options?: ExecutionListOptions): Promise<PluginExecutionRecord[]>;
}

const TABLE = 'plugin_executions';

/** The {@link PluginExecutionsRepository} on `context`. */
export function createPluginExecutionsRepository(
  context: RepositoryContext,
): PluginExecutionsRepository {
  const codec = createRowCodec(
    {
      executionId: ['execution_id', 'text'],
      pluginId: ['plugin_id', 'text'],
      pluginVersion: ['plugin_version', 'text'],
      capabilityName: ['capability_name', 'text'],
      status: ['status', 'text'],
      executionTime: ['execution_time', 'real'],
      startedAt: ['started_at', 'timestamp'],
      completedAt: ['completed_at', 'timestamp'],
      inputs: ['inputs', 'json'],
      outputs: ['outputs', 'json'],
      errorMessage: ['error_message', 'text'],
      runId: ['run_id', 'text'],
      stepRunId: ['step_run_id', 'text'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, PluginExecutionRecordSchema, row, TABLE);
  const get = async (executionId: string) => {
    const row = await runQuery(context, `reading execution ${executionId}`, () =>
      context.db(TABLE).where('execution_id', executionId).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async start(execution) {
      const input = parseInput(NewPluginExecutionSchema, execution, 'plugin execution');
      const record = {
        ...input,
        executionId: input.executionId ?? newId(),
        startedAt: input.startedAt ?? nowIso(),
        status: 'running' as const,
      };
      await runQuery(
        context,
        `record an execution of ${input.pluginId}`,
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `Execution ${record.executionId} is already recorded.`,
          missingReference: `Plugin ${input.pluginId}, run ${input.runId ?? '-'} or step run ${input.stepRunId ?? '-'} does not exist.`,
        },
      );
      return (await get(record.executionId))!;
    },
    async finish(executionId, outcome) {
      const input = parseInput(ExecutionOutcomeSchema, outcome, 'execution outcome');
      const current = await get(executionId);
      if (!current)
        throw notFound(
          `Execution ${executionId}`,
          'list executions with `mark1 db query plugin_executions`',
        );
      const completedAt = input.completedAt ?? nowIso();
      const executionTime = Math.max(
        0,
        (Date.parse(completedAt) - Date.parse(current.startedAt)) / 1000,
      );
      const changed = await runQuery(context, `finish execution ${executionId}`, () =>
        context
          .db(TABLE)
          .where({ execution_id: executionId, status: 'running' })
          .update(codec.toRow({ ...input, completedAt, executionTime })),
      );
      if (changed === 0) {
        throw storageError(
          StorageErrorCodes.STATE_TRANSITION_INVALID,
          `Execution ${executionId} already finished (${current.status}); an execution is finished once.`,
          { details: { executionId, state: current.status } },
        );
      }
      return (await get(executionId))!;
    },
    get,
    async list(options = {}) {
      const rows = await runQuery(context, 'listing executions', () => {
        const query = context
          .db(TABLE)
          .select('*')
          .orderBy([
            { column: 'started_at', order: 'desc' },
            { column: 'execution_id', order: 'desc' },
          ]);
        if (options.pluginId) query.where('plugin_id', options.pluginId);
        if (options.status) query.where('status', options.status);
        if (options.runId) query.where('run_id', options.runId);
        return query.limit(options.limit ?? 100);
      });
      return rows.map(decode);
    },
  };
}
