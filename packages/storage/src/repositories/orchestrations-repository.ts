import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonObjectSchema,
  newId,
  notFound,
  nowIso,
  parseInput,
  runQuery,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';
import { RUN_STATES, type RunState } from './runs-repository';

/** `plan`: plan only; `run`: plan, then run the planned workflow. */
export const ORCHESTRATION_MODES = ['plan', 'run'] as const;
/** How an orchestration was asked for. */
export type OrchestrationMode = (typeof ORCHESTRATION_MODES)[number];

/**
 * A request in plain words, the workflow planned for it and, when it was run, its run
 * (`orchestrations`). The state of an orchestration that runs is its run's state.
 */
export const OrchestrationRecordSchema = z.object({
  id: z.string(),
  /** The request as the user wrote it. */
  request: z.string(),
  mode: z.enum(ORCHESTRATION_MODES),
  /** The planner's verdict (`complete`, `partial`, `invalid`, `empty`). */
  planStatus: z.string(),
  /** The saved planned workflow, or null when the planner produced none. */
  workflowId: z.string().nullable(),
  /** The run of that workflow, or null (plan only, or nothing to run). */
  runId: z.string().nullable(),
  /** The plan as the planner explained it (explanation, unresolved parts, missing inputs). */
  plan: JsonObjectSchema.nullable(),
  /** Who asked (`api:<key id>`, `cli:<user>`). */
  createdBy: z.string(),
  createdAt: TimestampSchema,
  /** The run's state, read along with the orchestration; null without a run. */
  runState: z.enum(RUN_STATES).nullable(),
});
/** An orchestration. */
export type OrchestrationRecord = z.infer<typeof OrchestrationRecordSchema>;

/** What `orchestrations.create` accepts. */
export const NewOrchestrationSchema = z.object({
  /** @default a new time-ordered id */
  id: z.string().min(1).optional(),
  request: z.string().min(1),
  mode: z.enum(ORCHESTRATION_MODES),
  planStatus: z.string().min(1),
  workflowId: z.string().min(1).nullable().optional(),
  runId: z.string().min(1).nullable().optional(),
  plan: JsonObjectSchema.nullable().optional(),
  createdBy: z.string().min(1),
});
/** What `orchestrations.create` accepts. */
export type NewOrchestration = z.input<typeof NewOrchestrationSchema>;

/** Filters of `orchestrations.list`. */
export interface OrchestrationListOptions {
  /** Only orchestrations whose run is in this state. */
  runState?: RunState;
  /**
   * Most returned, newest first.
   * @default 50
   */
  limit?: number;
}

/** Orchestrations (`orchestrations`), each joined with its run's state. */
export interface OrchestrationsRepository {
  /** Records an orchestration; `NOT_FOUND` when its workflow or run does not exist. */
  create(orchestration: NewOrchestration): Promise<OrchestrationRecord>;
  /** One orchestration, or undefined. */
  get(id: string): Promise<OrchestrationRecord | undefined>;
  /** Orchestrations, newest first. */
  list(options?: OrchestrationListOptions): Promise<OrchestrationRecord[]>;
  /** Links the run started for an orchestration. */
  attachRun(id: string, runId: string): Promise<OrchestrationRecord>;
  /** Orchestrations whose run is pending or running (`mark1_active_orchestrations`). */
  countActive(): Promise<number>;
}

const TABLE = 'orchestrations';
const ACTIVE_STATES: readonly RunState[] = ['pending', 'running'];

/** The {@link OrchestrationsRepository} on `context`. */
export function createOrchestrationsRepository(
  context: RepositoryContext,
): OrchestrationsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      request: ['request', 'text'],
      mode: ['mode', 'text'],
      planStatus: ['plan_status', 'text'],
      workflowId: ['workflow_id', 'text'],
      runId: ['run_id', 'text'],
      plan: ['plan', 'json'],
      createdBy: ['created_by', 'text'],
      createdAt: ['created_at', 'timestamp'],
      runState: ['run_state', 'text'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, OrchestrationRecordSchema, row, TABLE);
  const joined = () =>
    context
      .db(TABLE)
      .leftJoin('runs', 'runs.id', `${TABLE}.run_id`)
      .select(`${TABLE}.*`, 'runs.state as run_state');
  const get = async (id: string) => {
    const row = await runQuery(context, `reading orchestration ${id}`, () =>
      joined().where(`${TABLE}.id`, id).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async create(orchestration) {
      const input = parseInput(NewOrchestrationSchema, orchestration, 'orchestration');
      const record = { ...input, id: input.id ?? newId(), createdAt: nowIso() };
      await runQuery(
        context,
        'record the orchestration',
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `Orchestration ${record.id} already exists.`,
          missingReference:
            'The orchestration names a workflow or run that does not exist; save them first.',
        },
      );
      return (await get(record.id))!;
    },
    get,
    async list(options = {}) {
      const rows = await runQuery(context, 'listing orchestrations', () => {
        const query = joined().orderBy([
          { column: `${TABLE}.created_at`, order: 'desc' },
          { column: `${TABLE}.id`, order: 'desc' },
        ]);
        if (options.runState) query.where('runs.state', options.runState);
        return query.limit(options.limit ?? 50);
      });
      return rows.map(decode);
    },
    async attachRun(id, runId) {
      const changed = await runQuery(
        context,
        `link run ${runId} to orchestration ${id}`,
        () => context.db(TABLE).where('id', id).update({ run_id: runId }),
        { missingReference: `Run ${runId} does not exist.` },
      );
      if (changed === 0)
        throw notFound(`Orchestration ${id}`, 'list them with GET /api/v1/orchestrations');
      return (await get(id))!;
    },
    async countActive() {
      const row = (await runQuery(context, 'counting active orchestrations', () =>
        context
          .db(TABLE)
          .join('runs', 'runs.id', `${TABLE}.run_id`)
          .whereIn('runs.state', ACTIVE_STATES)
          .count({ count: '*' })
          .first(),
      )) as { count: number | string } | undefined;
      return Number(row?.count ?? 0);
    },
  };
}
