import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonValueSchema,
  newId,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** A stored context (`contexts`): a JSON value inline, or a reference to an artifact file. */
export const ContextRecordSchema = z.object({
  id: z.string(),
  /** Unique key callers find it by. */
  key: z.string(),
  /** What kind of context (`task`, `step_output`, ...). */
  type: z.string(),
  /** The value, when stored inline. */
  data: JsonValueSchema.nullable(),
  /** Reference of the artifact holding the value, when stored as a file. */
  artifactRef: z.string().nullable(),
  tags: z.array(z.string()),
  /** Size of the value in bytes. */
  sizeBytes: z.number().int().nonnegative(),
  /** Whether the value (or artifact) is compressed. */
  compressed: z.boolean(),
  /** When it stops being returned; null for never. */
  expiresAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
/** A stored context. */
export type ContextRecord = z.infer<typeof ContextRecordSchema>;

/** What `contexts.put` accepts: `data` or `artifactRef` (or both). */
export const NewContextSchema = z
  .object({
    key: z.string().min(1),
    type: z.string().min(1),
    data: JsonValueSchema.nullable().optional(),
    artifactRef: z.string().min(1).nullable().optional(),
    /** @default [] */
    tags: z.array(z.string()).default([]),
    /** @default the length of `data` as JSON */
    sizeBytes: z.number().int().nonnegative().optional(),
    /** @default false */
    compressed: z.boolean().default(false),
    expiresAt: TimestampInputSchema.nullable().optional(),
  })
  .refine((value) => value.data !== undefined || value.artifactRef, {
    message: 'give data or artifactRef',
    path: ['data'],
  });
/** What `contexts.put` accepts. */
export type NewContext = z.input<typeof NewContextSchema>;

/** Filters of `contexts.list`. */
export interface ContextListOptions {
  type?: string;
  /** Only contexts carrying this tag. */
  tag?: string;
  /** Also return expired contexts. @default false */
  includeExpired?: boolean;
  /**
   * Most returned, most recently updated first.
   * @default 100
   */
  limit?: number;
}

/** Stored contexts (`contexts`). Expired contexts are not returned unless asked for. */
export interface ContextsRepository {
  /** Stores a context under its key, replacing the value of an existing key (id and createdAt stay). */
  put(context: NewContext): Promise<ContextRecord>;
  /** The unexpired context with this key, or undefined. */
  getByKey(key: string): Promise<ContextRecord | undefined>;
  /** The unexpired context with this id, or undefined. */
  get(id: string): Promise<ContextRecord | undefined>;
  /** Contexts, most recently updated first. */
  list(options?: ContextListOptions): Promise<ContextRecord[]>;
  /** Deletes by key; false when absent. */
  delete(key: string): Promise<boolean>;
  /** Deletes contexts that expired before `now` and returns how many. */
  deleteExpired(now?: string): Promise<number>;
  /** How many unexpired contexts there are. */
  count(): Promise<number>;
}

const TABLE = 'contexts';

/** The {@link ContextsRepository} on `context`. */
export function createContextsRepository(context: RepositoryContext): ContextsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      key: ['key', 'text'],
      type: ['type', 'text'],
      data: ['data', 'json'],
      artifactRef: ['artifact_ref', 'text'],
      tags: ['tags', 'json'],
      sizeBytes: ['size_bytes', 'integer'],
      compressed: ['compressed', 'boolean'],
      expiresAt: ['expires_at', 'timestamp'],
      createdAt: ['created_at', 'timestamp'],
      updatedAt: ['updated_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, ContextRecordSchema, row, TABLE);
  const live = () => {
    const now = nowIso();
    return context
      .db(TABLE)
      .where((query) => query.whereNull('expires_at').orWhere('expires_at', '>', now));
  };
  const find = async (column: string, value: string) => {
    const row = await runQuery(context, `reading context ${value}`, () =>
      live().andWhere(column, value).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async put(input) {
      const value = parseInput(NewContextSchema, input, 'context');
      const now = nowIso();
      const sizeBytes =
        value.sizeBytes ??
        (value.data === undefined ? 0 : Buffer.byteLength(JSON.stringify(value.data) ?? ''));
      const row = codec.toRow({
        ...value,
        data: value.data ?? null,
        artifactRef: value.artifactRef ?? null,
        expiresAt: value.expiresAt ?? null,
        sizeBytes,
        id: newId(),
        createdAt: now,
        updatedAt: now,
      });
      const { id: _id, created_at: _createdAt, ...changes } = row;
      await runQuery(context, `store context ${value.key}`, () =>
        context.db(TABLE).insert(row).onConflict('key').merge(changes),
      );
      return (await find('key', value.key))!;
    },
    getByKey: (key) => find('key', key),
    get: (id) => find('id', id),
    async list(options = {}) {
      const rows = await runQuery(context, 'listing contexts', () => {
        const query = (options.includeExpired ? context.db(TABLE) : live()).select('*').orderBy([
          { column: 'updated_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
        if (options.type) query.andWhere('type', options.type);
        if (options.tag) {
          if (context.engine === 'postgres')
            query.andWhereRaw('tags @> ?::jsonb', [JSON.stringify([options.tag])]);
          else
            query.andWhereRaw(
              'exists (select 1 from json_each(contexts.tags) where json_each.value = ?)',
              [options.tag],
            );
        }
        return query.limit(options.limit ?? 100);
      });
      return rows.map(decode);
    },
    async delete(key) {
      return (
        (await runQuery(context, `delete context ${key}`, () =>
          context.db(TABLE).where('key', key).delete(),
        )) > 0
      );
    },
    async deleteExpired(now) {
      const when =
        now === undefined ? nowIso() : parseInput(TimestampInputSchema, now, 'timestamp');
      return runQuery(context, 'deleting expired contexts', () =>
        context.db(TABLE).whereNotNull('expires_at').andWhere('expires_at', '<=', when).delete(),
      );
    },
    async count() {
      const row = (await runQuery(context, 'counting contexts', () =>
        live().count({ count: '*' }).first(),
      )) as { count: number | string } | undefined;
      return Number(row?.count ?? 0);
    },
  };
}
