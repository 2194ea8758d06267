import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonObjectSchema,
  newId,
  nowIso,
  parseInput,
  runQuery,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** A saved workflow (`workflows`). */
export const WorkflowRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** The natural-language request it was planned from, if any. */
  request: z.string().nullable(),
  /** The Workflow as JSON. */
  definition: JsonObjectSchema,
  createdAt: TimestampSchema,
});
/** A saved workflow. */
export type WorkflowRecord = z.infer<typeof WorkflowRecordSchema>;

/** What `workflows.create` accepts. */
export const NewWorkflowSchema = z.object({
  /** @default a random UUID */
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  request: z.string().nullable().optional(),
  definition: JsonObjectSchema,
});
/** What `workflows.create` accepts. */
export type NewWorkflow = z.input<typeof NewWorkflowSchema>;

/** Saved workflows (`workflows`). Saving a name again keeps both; the newest wins `getLatestByName`. */
export interface WorkflowsRepository {
  /** Saves a workflow. */
  create(workflow: NewWorkflow): Promise<WorkflowRecord>;
  /** One workflow by id, or undefined. */
  get(id: string): Promise<WorkflowRecord | undefined>;
  /** The most recently saved workflow with this name, or undefined. */
  getLatestByName(name: string): Promise<WorkflowRecord | undefined>;
  /**
   * Workflows, newest first.
   * @param limit most returned, default 100
   */
  list(limit?: number): Promise<WorkflowRecord[]>;
  /** Deletes one; runs keep their own copy of the definition. False when absent. */
  delete(id: string): Promise<boolean>;
}

const TABLE = 'workflows';

/** The {@link WorkflowsRepository} on `context`. */
export function createWorkflowsRepository(context: RepositoryContext): WorkflowsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      name: ['name', 'text'],
      description: ['description', 'text'],
      request: ['request', 'text'],
      definition: ['definition', 'json'],
      createdAt: ['created_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, WorkflowRecordSchema, row, TABLE);
  const newestFirst = [
    { column: 'created_at', order: 'desc' as const },
    { column: 'id', order: 'desc' as const },
  ];
  const get = async (id: string) => {
    const row = await runQuery(context, `reading workflow ${id}`, () =>
      context.db(TABLE).where('id', id).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async create(workflow) {
      const input = parseInput(NewWorkflowSchema, workflow, 'workflow');
      const record = { ...input, id: input.id ?? newId(), createdAt: nowIso() };
      await runQuery(
        context,
        `save workflow ${input.name}`,
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `A workflow with id ${record.id} already exists.`,
        },
      );
      return (await get(record.id))!;
    },
    get,
    async getLatestByName(name) {
      const row = await runQuery(context, `reading workflow ${name}`, () =>
        context.db(TABLE).where('name', name).orderBy(newestFirst).first(),
      );
      return row ? decode(row) : undefined;
    },
    async list(limit = 100) {
      const rows = await runQuery(context, 'listing workflows', () =>
        context.db(TABLE).select('*').orderBy(newestFirst).limit(limit),
      );
      return rows.map(decode);
    },
    async delete(id) {
      return (
        (await runQuery(context, `delete workflow ${id}`, () =>
          context.db(TABLE).where('id', id).delete(),
        )) > 0
      );
    },
  };
}
