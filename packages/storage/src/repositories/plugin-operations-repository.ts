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
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';
import { applyTransition, type TransitionTable } from './state-transition';

/** Long plugin operations answered asynchronously. */
export const PLUGIN_OPERATION_KINDS = ['install', 'update'] as const;
/** A long plugin operation's kind. */
export type PluginOperationKind = (typeof PLUGIN_OPERATION_KINDS)[number];

/** States of a plugin operation; `interrupted` is one whose process stopped before it finished. */
export const PLUGIN_OPERATION_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'interrupted',
] as const;
/** A plugin operation's state. */
export type PluginOperationState = (typeof PLUGIN_OPERATION_STATES)[number];

/** Where each operation state may go. */
export const PLUGIN_OPERATION_TRANSITIONS: TransitionTable<PluginOperationState> = {
  pending: ['running', 'failed', 'interrupted'],
  running: ['succeeded', 'failed', 'interrupted'],
  succeeded: [],
  failed: [],
  interrupted: [],
};

/** An install or update running in the background (`plugin_operations`). */
export const PluginOperationRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(PLUGIN_OPERATION_KINDS),
  /** The plugin's name, once known (an install learns it from the manifest). */
  plugin: z.string().nullable(),
  /** What was installed from (a git URL, a path, an uploaded archive's name). */
  source: z.string().nullable(),
  state: z.enum(PLUGIN_OPERATION_STATES),
  /** The options it was asked with (never secret values). */
  request: JsonObjectSchema,
  /** What it did, once it succeeded. */
  result: JsonValueSchema.nullable(),
  error: ErrorInfoSchema.nullable(),
  createdBy: z.string(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
});
/** An install or update running in the background. */
export type PluginOperationRecord = z.infer<typeof PluginOperationRecordSchema>;

/** What `pluginOperations.create` accepts; an operation starts `pending`. */
export const NewPluginOperationSchema = z.object({
  /** @default a new time-ordered id */
  id: z.string().min(1).optional(),
  kind: z.enum(PLUGIN_OPERATION_KINDS),
  plugin: z.string().min(1).nullable().optional(),
  source: z.string().min(1).nullable().optional(),
  request: JsonObjectSchema.default({}),
  createdBy: z.string().min(1),
});
/** What `pluginOperations.create` accepts. */
export type NewPluginOperation = z.input<typeof NewPluginOperationSchema>;

/** Values stored with a state change. */
export const PluginOperationTransitionSchema = z.object({
  plugin: z.string().min(1).nullable().optional(),
  result: JsonValueSchema.nullable().optional(),
  error: ErrorInfoSchema.nullable().optional(),
});
/** Values stored with a state change. */
export type PluginOperationTransition = z.input<typeof PluginOperationTransitionSchema>;

/** Background installs and updates (`plugin_operations`). */
export interface PluginOperationsRepository {
  /** Records a `pending` operation. */
  create(operation: NewPluginOperation): Promise<PluginOperationRecord>;
  /** One operation, or undefined. */
  get(id: string): Promise<PluginOperationRecord | undefined>;
  /**
   * Operations, newest first.
   * @param limit most returned, default 50
   */
  list(limit?: number): Promise<PluginOperationRecord[]>;
  /** Moves an operation along {@link PLUGIN_OPERATION_TRANSITIONS}; `STATE_TRANSITION_INVALID` otherwise. */
  transition(
    id: string,
    to: PluginOperationState,
    values?: PluginOperationTransition,
  ): Promise<PluginOperationRecord>;
  /**
   * Marks every `pending` or `running` operation `interrupted` (called when a server starts: no
   * process is working on them any more); returns how many.
   */
  interruptUnfinished(): Promise<number>;
}

const TABLE = 'plugin_operations';
const FINAL: readonly PluginOperationState[] = ['succeeded', 'failed', 'interrupted'];

/** The {@link PluginOperationsRepository} on `context`. */
export function createPluginOperationsRepository(
  context: RepositoryContext,
): PluginOperationsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      kind: ['kind', 'text'],
      plugin: ['plugin', 'text'],
      source: ['source', 'text'],
      state: ['state', 'text'],
      request: ['request', 'json'],
      result: ['result', 'json'],
      error: ['error', 'json'],
      createdBy: ['created_by', 'text'],
      createdAt: ['created_at', 'timestamp'],
      startedAt: ['started_at', 'timestamp'],
      finishedAt: ['finished_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, PluginOperationRecordSchema, row, TABLE);
  const get = async (id: string) => {
    const row = await runQuery(context, `reading plugin operation ${id}`, () =>
      context.db(TABLE).where('id', id).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async create(operation) {
      const input = parseInput(NewPluginOperationSchema, operation, 'plugin operation');
      const record = {
        ...input,
        id: input.id ?? newId(),
        state: 'pending' as const,
        createdAt: nowIso(),
      };
      await runQuery(
        context,
        `record a plugin ${input.kind}`,
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `Plugin operation ${record.id} already exists.`,
        },
      );
      return (await get(record.id))!;
    },
    get,
    async list(limit = 50) {
      const rows = await runQuery(context, 'listing plugin operations', () =>
        context
          .db(TABLE)
          .select('*')
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(limit),
      );
      return rows.map(decode);
    },
    async transition(id, to, values = {}) {
      const input = parseInput(
        PluginOperationTransitionSchema,
        values,
        'plugin operation state change',
      );
      const now = nowIso();
      const changes: Record<string, unknown> = codec.toRow(input);
      if (to === 'running') changes.started_at = now;
      if (FINAL.includes(to)) changes.finished_at = now;
      await applyTransition(context, {
        table: TABLE,
        id,
        to,
        transitions: PLUGIN_OPERATION_TRANSITIONS,
        changes,
        what: `Plugin operation ${id}`,
        listHint: 'list them with GET /api/v1/plugins/operations',
      });
      return (await get(id))!;
    },
    async interruptUnfinished() {
      return runQuery(context, 'interrupting unfinished plugin operations', () =>
        context
          .db(TABLE)
          .whereIn('state', ['pending', 'running'])
          .update(
            codec.toRow({
              state: 'interrupted',
              finishedAt: nowIso(),
              error: {
                code: 'INTERRUPTED',
                message:
                  'The server stopped before this operation finished; the registry rolls back what it had done. Start it again.',
              },
            }),
          ),
      );
    },
  };
}
