import { hostname } from 'node:os';
import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  ErrorInfoSchema,
  JsonObjectSchema,
  JsonValueSchema,
  newId,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';
import { applyTransition, type TransitionTable } from './state-transition';

/** States of a workflow run. */
export const RUN_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
] as const;
/** A run's state. */
export type RunState = (typeof RUN_STATES)[number];

/**
 * Where each run state may go. `interrupted` is a run whose orchestrator died; it may resume
 * (`running`) or be given up.
 */
export const RUN_TRANSITIONS: TransitionTable<RunState> = {
  pending: ['running', 'cancelled', 'failed'],
  running: ['succeeded', 'failed', 'cancelled', 'interrupted'],
  interrupted: ['running', 'cancelled', 'failed'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/** A workflow run (`runs`). */
export const RunRecordSchema = z.object({
  id: z.string(),
  /** The saved workflow it ran, if it was saved. */
  workflowId: z.string().nullable(),
  workflowName: z.string(),
  /** The workflow definition as it was when the run started. */
  workflow: JsonObjectSchema,
  inputs: JsonObjectSchema,
  state: z.enum(RUN_STATES),
  outputs: JsonValueSchema.nullable(),
  error: ErrorInfoSchema.nullable(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  /** Last sign of life from the orchestrator running it. */
  heartbeatAt: TimestampSchema.nullable(),
  /** Process id of that orchestrator. */
  ownerPid: z.number().int().nullable(),
  /** Host of that orchestrator. */
  ownerHost: z.string().nullable(),
});
/** A workflow run. */
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** What `runs.create` accepts; a run starts `pending`. */
export const NewRunSchema = z.object({
  /** @default a random UUID */
  id: z.string().min(1).optional(),
  workflowId: z.string().min(1).nullable().optional(),
  workflowName: z.string().min(1),
  workflow: JsonObjectSchema,
  /** @default {} */
  inputs: JsonObjectSchema.default({}),
});
/** What `runs.create` accepts. */
export type NewRun = z.input<typeof NewRunSchema>;

/** Values stored along with a state change. */
export const RunTransitionSchema = z.object({
  outputs: JsonValueSchema.nullable().optional(),
  error: ErrorInfoSchema.nullable().optional(),
});
/** Values stored along with a state change. */
export type RunTransition = z.input<typeof RunTransitionSchema>;

/** The orchestrator process that owns a run. */
export interface RunOwner {
  /** @default process.pid */
  pid?: number;
  /** @default os.hostname() */
  host?: string;
}

/** Filters of `runs.list`. */
export interface RunListOptions {
  state?: RunState;
  workflowName?: string;
  /**
   * Most returned, newest first.
   * @default 50
   */
  limit?: number;
}

/** Workflow runs (`runs`), with their state machine. */
export interface RunsRepository {
  /** Records a new `pending` run. */
  create(run: NewRun): Promise<RunRecord>;
  /** One run, or undefined. */
  get(id: string): Promise<RunRecord | undefined>;
  /** Runs, newest first. */
  list(options?: RunListOptions): Promise<RunRecord[]>;
  /**
   * Moves a run to `to` along {@link RUN_TRANSITIONS}, storing outputs or error in the same update.
   * Entering `running` sets `startedAt` (first time) and the heartbeat and owner; a final state
   * sets `finishedAt`. Throws `STATE_TRANSITION_INVALID` when the move is not allowed.
   */
  transition(
    id: string,
    to: RunState,
    values?: RunTransition,
    owner?: RunOwner,
  ): Promise<RunRecord>;
  /** Records a sign of life from the run's orchestrator. False when the run does not exist. */
  heartbeat(id: string, owner?: RunOwner): Promise<boolean>;
  /**
   * Runs still `running` whose heartbeat is older than `heartbeatBefore` (or missing): their
   * orchestrator probably died, and they can be marked `interrupted` and resumed.
   */
  findStale(heartbeatBefore: string): Promise<RunRecord[]>;
}

const TABLE = 'runs';
const FINAL_STATES: readonly RunState[] = ['succeeded', 'failed', 'cancelled'];

/** The {@link RunsRepository} on `context`. */
export function createRunsRepository(context: RepositoryContext): RunsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      workflowId: ['workflow_id', 'text'],
      workflowName: ['workflow_name', 'text'],
      workflow: ['workflow', 'json'],
      inputs: ['inputs', 'json'],
      state: ['state', 'text'],
      outputs: ['outputs', 'json'],
      error: ['error', 'json'],
      createdAt: ['created_at', 'timestamp'],
      startedAt: ['started_at', 'timestamp'],
      finishedAt: ['finished_at', 'timestamp'],
      heartbeatAt: ['heartbeat_at', 'timestamp'],
      ownerPid: ['owner_pid', 'integer'],
      ownerHost: ['owner_host', 'text'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) => decodeRow(codec, RunRecordSchema, row, TABLE);
  const get = async (id: string) => {
    const row = await runQuery(context, `reading run ${id}`, () =>
      context.db(TABLE).where('id', id).first(),
    );
    return row ? decode(row) : undefined;
  };
  const ownerColumns = (owner: RunOwner = {}) => ({
    heartbeat_at: nowIso(),
    owner_pid: owner.pid ?? process.pid,
    owner_host: owner.host ?? hostname(),
  });

  return {
    async create(run) {
      const input = parseInput(NewRunSchema, run, 'run');
      const record = {
        ...input,
        id: input.id ?? newId(),
        state: 'pending' as const,
        createdAt: nowIso(),
      };
      await runQuery(
        context,
        `create run of ${input.workflowName}`,
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `Run ${record.id} already exists.`,
          missingReference: `Workflow ${input.workflowId ?? ''} does not exist; save it first or leave workflowId out.`,
        },
      );
      return (await get(record.id))!;
    },
    get,
    async list(options = {}) {
      const rows = await runQuery(context, 'listing runs', () => {
        const query = context
          .db(TABLE)
          .select('*')
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ]);
        if (options.state) query.where('state', options.state);
        if (options.workflowName) query.where('workflow_name', options.workflowName);
        return query.limit(options.limit ?? 50);
      });
      return rows.map(decode);
    },
    async transition(id, to, values = {}, owner) {
      const input = parseInput(RunTransitionSchema, values, 'run state change');
      const now = nowIso();
      const changes: Record<string, unknown> = codec.toRow(input);
      if (to === 'running') {
        Object.assign(changes, ownerColumns(owner), {
          started_at: context.db.raw('coalesce(started_at, ?)', [now]),
        });
      }
      if (FINAL_STATES.includes(to)) changes.finished_at = now;
      await applyTransition(context, {
        table: TABLE,
        id,
        to,
        transitions: RUN_TRANSITIONS,
        changes,
        what: `Run ${id}`,
        listHint: 'list runs with `mark1 db query runs`',
      });
      return (await get(id))!;
    },
    async heartbeat(id, owner) {
      const changed = await runQuery(context, `heartbeat run ${id}`, () =>
        context.db(TABLE).where('id', id).update(ownerColumns(owner)),
      );
      return changed > 0;
    },
    async findStale(heartbeatBefore) {
      const before = parseInput(TimestampInputSchema, heartbeatBefore, 'timestamp');
      const rows = await runQuery(context, 'finding stale runs', () =>
        context
          .db(TABLE)
          .where('state', 'running')
          .andWhere((query) => query.whereNull('heartbeat_at').orWhere('heartbeat_at', '<', before))
          .orderBy('created_at'),
      );
      return rows.map(decode);
    },
  };
}
