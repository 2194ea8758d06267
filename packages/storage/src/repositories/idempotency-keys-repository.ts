import { z } from 'zod';
import { isUniqueViolation } from '../database/database-errors';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonValueSchema,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** A client's `Idempotency-Key` and what the first request with it answered (`idempotency_keys`). */
export const IdempotencyRecordSchema = z.object({
  id: z.number().int(),
  /** Whose key it is (an API key id, a JWT subject): keys of different clients never collide. */
  scope: z.string(),
  /** The `Idempotency-Key` header. */
  key: z.string(),
  method: z.string(),
  path: z.string(),
  /** A hash of the request (method, path, body): the same key with another request is refused. */
  fingerprint: z.string(),
  /** `pending` while the first request is being answered, then `completed`. */
  state: z.enum(['pending', 'completed']),
  statusCode: z.number().int().nullable(),
  response: JsonValueSchema.nullable(),
  /** Response headers to replay (`location`). */
  headers: z.record(z.string(), z.string()).nullable(),
  createdAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
});
/** A client's idempotency key and its stored answer. */
export type IdempotencyRecord = z.infer<typeof IdempotencyRecordSchema>;

/** What `idempotencyKeys.begin` accepts. */
export const IdempotencyRequestSchema = z.object({
  scope: z.string().min(1),
  key: z.string().min(1).max(255),
  method: z.string().min(1),
  path: z.string().min(1),
  fingerprint: z.string().min(1),
  /**
   * Seconds after which a `pending` key is taken over (its first request died without answering).
   * @default 300
   */
  staleAfterSeconds: z.number().positive().optional(),
});
/** What `idempotencyKeys.begin` accepts. */
export type IdempotencyRequest = z.input<typeof IdempotencyRequestSchema>;

/** The answer stored for a key. */
export const IdempotentResponseSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  response: JsonValueSchema.nullable(),
  headers: z.record(z.string(), z.string()).optional(),
});
/** The answer stored for a key. */
export type IdempotentResponse = z.input<typeof IdempotentResponseSchema>;

/**
 * What `begin` found: `started` (first use: handle the request, then `complete` or `release`),
 * `replay` (answered before: send the stored answer), `in-progress` (the first request is still
 * being answered), `mismatch` (the key was used for a different request).
 */
export type IdempotencyBegin =
  | { readonly outcome: 'started' }
  | { readonly outcome: 'replay'; readonly record: IdempotencyRecord }
  | { readonly outcome: 'in-progress'; readonly record: IdempotencyRecord }
  | { readonly outcome: 'mismatch'; readonly record: IdempotencyRecord };

/** Idempotency keys of POST requests (`idempotency_keys`), durable across restarts. */
export interface IdempotencyKeysRepository {
  /** Claims a key for a request, or reports what an earlier request with it did. */
  begin(request: IdempotencyRequest): Promise<IdempotencyBegin>;
  /** Stores the answer of a claimed key. */
  complete(scope: string, key: string, response: IdempotentResponse): Promise<void>;
  /** Gives a claimed key up (the request failed in a way a retry may fix). */
  release(scope: string, key: string): Promise<void>;
  /** One key, or undefined. */
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Deletes keys created before `before`; returns how many. */
  purge(before: string): Promise<number>;
}

const TABLE = 'idempotency_keys';
const DEFAULT_STALE_SECONDS = 300;

/** The {@link IdempotencyKeysRepository} on `context`. */
export function createIdempotencyKeysRepository(
  context: RepositoryContext,
): IdempotencyKeysRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      scope: ['scope', 'text'],
      key: ['key', 'text'],
      method: ['method', 'text'],
      path: ['path', 'text'],
      fingerprint: ['fingerprint', 'text'],
      state: ['state', 'text'],
      statusCode: ['status_code', 'integer'],
      response: ['response', 'json'],
      headers: ['headers', 'json'],
      createdAt: ['created_at', 'timestamp'],
      completedAt: ['completed_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, IdempotencyRecordSchema, row, TABLE);
  const get = async (scope: string, key: string) => {
    const row = await runQuery(context, `reading idempotency key ${key}`, () =>
      context.db(TABLE).where({ scope, key }).first(),
    );
    return row ? decode(row) : undefined;
  };

  const begin = async (
    request: z.output<typeof IdempotencyRequestSchema>,
    attempt: number,
  ): Promise<IdempotencyBegin> => {
    const now = nowIso();
    try {
      await context.db(TABLE).insert(
        codec.toRow({
          scope: request.scope,
          key: request.key,
          method: request.method,
          path: request.path,
          fingerprint: request.fingerprint,
          state: 'pending',
          createdAt: now,
        }),
      );
      return { outcome: 'started' };
    } catch (error) {
      if (!isUniqueViolation(error)) {
        return runQuery(context, `claim idempotency key ${request.key}`, () =>
          Promise.reject(error),
        );
      }
    }
    const record = await get(request.scope, request.key);
    if (!record) {
      // Deleted between the insert and the read (released or purged): claim it again.
      if (attempt < 3) return begin(request, attempt + 1);
      return { outcome: 'started' };
    }
    if (record.fingerprint !== request.fingerprint) return { outcome: 'mismatch', record };
    if (record.state === 'completed') return { outcome: 'replay', record };
    const staleBefore = new Date(
      Date.now() - (request.staleAfterSeconds ?? DEFAULT_STALE_SECONDS) * 1000,
    ).toISOString();
    if (record.createdAt < staleBefore) {
      // The request that claimed it died without answering: take it over, once, atomically.
      const taken = await runQuery(context, `take over idempotency key ${request.key}`, () =>
        context
          .db(TABLE)
          .where({ id: record.id, state: 'pending' })
          .andWhere('created_at', '<', staleBefore)
          .update({ created_at: now }),
      );
      if (taken > 0) return { outcome: 'started' };
    }
    return { outcome: 'in-progress', record };
  };

  return {
    begin: (request) =>
      begin(parseInput(IdempotencyRequestSchema, request, 'idempotency request'), 1),
    async complete(scope, key, response) {
      const input = parseInput(IdempotentResponseSchema, response, 'idempotent response');
      await runQuery(context, `store the answer of idempotency key ${key}`, () =>
        context
          .db(TABLE)
          .where({ scope, key })
          .update(
            codec.toRow({
              state: 'completed',
              statusCode: input.statusCode,
              response: input.response,
              headers: input.headers ?? {},
              completedAt: nowIso(),
            }),
          ),
      );
    },
    async release(scope, key) {
      await runQuery(context, `release idempotency key ${key}`, () =>
        context.db(TABLE).where({ scope, key, state: 'pending' }).delete(),
      );
    },
    get,
    async purge(before) {
      const cutoff = parseInput(TimestampInputSchema, before, 'timestamp');
      return runQuery(context, 'purging idempotency keys', () =>
        context.db(TABLE).where('created_at', '<', cutoff).delete(),
      );
    },
  };
}
