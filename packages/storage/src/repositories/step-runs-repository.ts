import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  chunkSize,
  decodeRow,
  ErrorInfoSchema,
  inTransaction,
  JsonValueSchema,
  newId,
  nowIso,
  parseInput,
  runQuery,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';
import { applyTransition, type TransitionTable } from './state-transition';

/** States of one step run. */
export const STEP_RUN_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
] as const;
/** A step run's state. */
export type StepRunState = (typeof STEP_RUN_STATES)[number];

/** Where each step run state may go. A retry is a new step run with the next `attempt`. */
export const STEP_RUN_TRANSITIONS: TransitionTable<StepRunState> = {
  pending: ['running', 'skipped', 'cancelled', 'failed'],
  running: ['succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  skipped: [],
  cancelled: [],
};

/** One attempt of one step (or one `foreach` item of it) in a run (`step_runs`). */
export const StepRunRecordSchema = z.object({
  id: z.string(),
  runId: z.string(),
  /** The step's id in the workflow. */
  stepId: z.string(),
  /** Index of the `foreach` item, or null for a step without `foreach`. */
  itemIndex: z.number().int().nullable(),
  state: z.enum(STEP_RUN_STATES),
  /** 1 for the first attempt. */
  attempt: z.number().int(),
  /** The resolved inputs. */
  inputs: JsonValueSchema.nullable(),
  outputs: JsonValueSchema.nullable(),
  error: ErrorInfoSchema.nullable(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  durationMs: z.number().nullable(),
  /** Which sandbox protections were applied, as the sandbox layer reports them. */
  sandbox: JsonValueSchema.nullable(),
  /** Artifact reference of the step's log. */
  logRef: z.string().nullable(),
});
/** One attempt of one step in a run. */
export type StepRunRecord = z.infer<typeof StepRunRecordSchema>;

/** What `stepRuns.create` accepts; a step run starts `pending` unless `state` says otherwise. */
export const NewStepRunSchema = z.object({
  /** @default a random UUID */
  id: z.string().min(1).optional(),
  runId: z.string().min(1),
  stepId: z.string().min(1),
  itemIndex: z.number().int().nonnegative().nullable().optional(),
  /** @default 'pending' */
  state: z.enum(STEP_RUN_STATES).default('pending'),
  /** @default 1 */
  attempt: z.number().int().positive().default(1),
  inputs: JsonValueSchema.nullable().optional(),
});
/** What `stepRuns.create` accepts. */
export type NewStepRun = z.input<typeof NewStepRunSchema>;

/** Values stored along with a step state change. */
export const StepRunTransitionSchema = z.object({
  inputs: JsonValueSchema.nullable().optional(),
  outputs: JsonValueSchema.nullable().optional(),
  error: ErrorInfoSchema.nullable().optional(),
  sandbox: JsonValueSchema.nullable().optional(),
  logRef: z.string().min(1).nullable().optional(),
});
/** Values stored along with a step state change. */
export type StepRunTransition = z.input<typeof StepRunTransitionSchema>;

/** Step runs (`step_runs`), with their state machine. */
export interface StepRunsRepository {
  /** Records one step run. */
  create(stepRun: NewStepRun): Promise<StepRunRecord>;
  /** Records many step runs in one transaction (batched inserts), in order. */
  createMany(stepRuns: readonly NewStepRun[]): Promise<StepRunRecord[]>;
  /** One step run, or undefined. */
  get(id: string): Promise<StepRunRecord | undefined>;
  /** A run's step runs, in creation order. */
  listForRun(runId: string): Promise<StepRunRecord[]>;
  /**
   * Moves a step run to `to` along {@link STEP_RUN_TRANSITIONS}, storing outputs, error, sandbox
   * report and log in the same update: outputs are stored by the very update that marks the step
   * succeeded. Entering `running` sets `startedAt`; a final state sets `finishedAt` and `durationMs`.
   */
  transition(id: string, to: StepRunState, values?: StepRunTransition): Promise<StepRunRecord>;
}

const TABLE = 'step_runs';
const COLUMNS = 15;

/** The {@link StepRunsRepository} on `context`. */
export function createStepRunsRepository(context: RepositoryContext): StepRunsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      runId: ['run_id', 'text'],
      stepId: ['step_id', 'text'],
      itemIndex: ['item_index', 'integer'],
      state: ['state', 'text'],
      attempt: ['attempt', 'integer'],
      inputs: ['inputs', 'json'],
      outputs: ['outputs', 'json'],
      error: ['error', 'json'],
      createdAt: ['created_at', 'timestamp'],
      startedAt: ['started_at', 'timestamp'],
      finishedAt: ['finished_at', 'timestamp'],
      durationMs: ['duration_ms', 'real'],
      sandbox: ['sandbox', 'json'],
      logRef: ['log_ref', 'text'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, StepRunRecordSchema, row, TABLE);
  const get = async (scope: RepositoryContext, id: string) => {
    const row = await runQuery(scope, `reading step run ${id}`, () =>
      scope.db(TABLE).where('id', id).first(),
    );
    return row ? decode(row) : undefined;
  };
  const toRows = (stepRuns: readonly NewStepRun[]) => {
    const now = nowIso();
    return stepRuns.map((stepRun, index) => {
      const input = parseInput(NewStepRunSchema, stepRun, `step run #${index + 1}`);
      const startedAt = input.state === 'running' ? now : undefined;
      return codec.toRow({ ...input, id: input.id ?? newId(), createdAt: now, startedAt });
    });
  };
  const insert = (scope: RepositoryContext, rows: Record<string, unknown>[]) =>
    runQuery(
      scope,
      'record step runs',
      async () => {
        const size = chunkSize(COLUMNS);
        for (let start = 0; start < rows.length; start += size) {
          await scope.db(TABLE).insert(rows.slice(start, start + size));
        }
      },
      {
        conflict: 'A step run with the same id already exists.',
        missingReference: 'The run these step runs belong to does not exist; create the run first.',
      },
    );
  const listForRun = async (scope: RepositoryContext, runId: string) => {
    const rows = await runQuery(scope, `listing step runs of run ${runId}`, () =>
      scope
        .db(TABLE)
        .where('run_id', runId)
        .orderBy([{ column: 'created_at' }, { column: 'id' }]),
    );
    return rows.map(decode);
  };

  return {
    async create(stepRun) {
      const rows = toRows([stepRun]);
      await insert(context, rows);
      return (await get(context, String(rows[0]!.id)))!;
    },
    async createMany(stepRuns) {
      const rows = toRows(stepRuns);
      if (rows.length === 0) return [];
      return inTransaction(context, async (scope) => {
        await insert(scope, rows);
        const ids = rows.map((row) => String(row.id));
        const stored = new Map<string, StepRunRecord>();
        const size = chunkSize(1);
        for (let start = 0; start < ids.length; start += size) {
          const found = await runQuery(scope, 'reading step runs', () =>
            scope.db(TABLE).whereIn('id', ids.slice(start, start + size)),
          );
          for (const row of found) stored.set(String(row.id), decode(row));
        }
        return ids.map((id) => stored.get(id)!);
      });
    },
    get: (id) => get(context, id),
    listForRun: (runId) => listForRun(context, runId),
    async transition(id, to, values = {}) {
      const input = parseInput(StepRunTransitionSchema, values, 'step run state change');
      const now = nowIso();
      const changes: Record<string, unknown> = codec.toRow(input);
      if (to === 'running') changes.started_at = now;
      if (STEP_RUN_TRANSITIONS[to].length === 0) {
        changes.finished_at = now;
        const current = await get(context, id);
        if (current?.startedAt)
          changes.duration_ms = Math.max(0, Date.parse(now) - Date.parse(current.startedAt));
      }
      await applyTransition(context, {
        table: TABLE,
        id,
        to,
        transitions: STEP_RUN_TRANSITIONS,
        changes,
        what: `Step run ${id}`,
        listHint:
          'list the step runs of a run with `mark1 db query step_runs --where run_id=<run>`',
      });
      return (await get(context, id))!;
    },
  };
}
