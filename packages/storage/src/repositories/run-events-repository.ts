import { z } from 'zod';
import { storageError, StorageErrorCodes } from '../errors';
import { createRowCodec } from './row-codec';
import {
  chunkSize,
  decodeRow,
  inTransaction,
  JsonValueSchema,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** One progress event of a run (`run_events`), numbered 1, 2, 3... per run. */
export const RunEventRecordSchema = z.object({
  id: z.number().int(),
  runId: z.string(),
  /** Position in the run's event stream, from 1, without gaps. */
  seq: z.number().int().positive(),
  /** Event type (`run.started`, `step.finished`, ...). */
  type: z.string(),
  payload: JsonValueSchema.nullable(),
  at: TimestampSchema,
});
/** One progress event of a run. */
export type RunEventRecord = z.infer<typeof RunEventRecordSchema>;

/** An event to append. */
export const NewRunEventSchema = z.object({
  type: z.string().min(1),
  payload: JsonValueSchema.nullable().optional(),
  /** @default now */
  at: TimestampInputSchema.optional(),
});
/** An event to append. */
export type NewRunEvent = z.input<typeof NewRunEventSchema>;

/** Filters of `runEvents.list`. */
export interface RunEventListOptions {
  /** Only events after this sequence number (for resuming a stream). */
  afterSeq?: number;
  /**
   * Most returned.
   * @default 1000
   */
  limit?: number;
}

/** Progress events of runs (`run_events`), for live progress and replay. */
export interface RunEventsRepository {
  /** Appends events to a run's stream in one transaction, numbering them after the last one. */
  append(runId: string, events: readonly NewRunEvent[]): Promise<RunEventRecord[]>;
  /** A run's events in order. */
  list(runId: string, options?: RunEventListOptions): Promise<RunEventRecord[]>;
}

const TABLE = 'run_events';
const APPEND_ATTEMPTS = 5;

/** The {@link RunEventsRepository} on `context`. */
export function createRunEventsRepository(context: RepositoryContext): RunEventsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      runId: ['run_id', 'text'],
      seq: ['seq', 'integer'],
      type: ['type', 'text'],
      payload: ['payload', 'json'],
      at: ['at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, RunEventRecordSchema, row, TABLE);
  const list = async (scope: RepositoryContext, runId: string, options: RunEventListOptions) => {
    const rows = await runQuery(scope, `listing events of run ${runId}`, () =>
      scope
        .db(TABLE)
        .where('run_id', runId)
        .andWhere('seq', '>', options.afterSeq ?? 0)
        .orderBy('seq')
        .limit(options.limit ?? 1000),
    );
    return rows.map(decode);
  };

  const appendOnce = (runId: string, inputs: { type: string; payload?: unknown; at?: string }[]) =>
    inTransaction(context, async (scope) => {
      if (scope.engine === 'postgres') {
        // Appenders to one run queue on its row instead of racing for the same numbers.
        await runQuery(scope, `locking run ${runId} to number its events`, () =>
          scope.db('runs').select('id').where('id', runId).forUpdate(),
        );
      }
      const last = (await runQuery(scope, `numbering events of run ${runId}`, () =>
        scope.db(TABLE).where('run_id', runId).max({ seq: 'seq' }).first(),
      )) as { seq: number | string | null } | undefined;
      const first = Number(last?.seq ?? 0) + 1;
      const now = nowIso();
      const rows = inputs.map((input, index) =>
        codec.toRow({ ...input, at: input.at ?? now, runId, seq: first + index }),
      );
      await runQuery(
        scope,
        `append events to run ${runId}`,
        async () => {
          const size = chunkSize(5);
          for (let start = 0; start < rows.length; start += size) {
            await scope.db(TABLE).insert(rows.slice(start, start + size));
          }
        },
        {
          missingReference: `Run ${runId} does not exist; create the run before appending events.`,
        },
      );
      return list(scope, runId, { afterSeq: first - 1, limit: rows.length });
    });

  return {
    async append(runId, events) {
      const inputs = events.map((event, index) =>
        parseInput(NewRunEventSchema, event, `event #${index + 1}`),
      );
      if (inputs.length === 0) return [];
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await appendOnce(runId, inputs);
        } catch (error) {
          // Two writers numbered the same events (SQLite without a row lock); the loser renumbers.
          const collided = (error as { code?: string }).code === StorageErrorCodes.CONFLICT;
          if (!collided || attempt >= APPEND_ATTEMPTS) {
            if (collided) {
              throw storageError(
                StorageErrorCodes.CONFLICT,
                `Could not append events to run ${runId}: other writers kept taking the same sequence numbers. Retry.`,
                { cause: error },
              );
            }
            throw error;
          }
        }
      }
    },
    list: (runId, options = {}) => list(context, runId, options),
  };
}
