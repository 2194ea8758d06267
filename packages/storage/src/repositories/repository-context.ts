import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { Mark1Error } from '@mark1/sdk';
import { z } from 'zod';
import {
  isForeignKeyViolation,
  isUniqueViolation,
  toQueryError,
} from '../database/database-errors';
import type { DatabaseEngine, DatabaseTarget } from '../database/database-url';
import { storageError, StorageErrorCodes } from '../errors';
import type { FieldMap, RowCodec } from './row-codec';

/** What every repository is built on: a knex instance or transaction, and the engine. */
export interface RepositoryContext {
  /** The connection (or transaction) queries run on. */
  readonly db: Knex | Knex.Transaction;
  /** The engine, for the few queries that differ. */
  readonly engine: DatabaseEngine;
  /** The database, for messages. */
  readonly target: DatabaseTarget;
}

/** Messages for the constraint violations a write may meet. */
export interface WriteErrorMessages {
  /** Message when a unique constraint is violated. */
  conflict?: string;
  /** Message when a referenced record (a plugin, a run) does not exist. */
  missingReference?: string;
}

/** An ISO 8601 timestamp accepted from callers: a string that parses as a date, or a Date. */
export const TimestampInputSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a date; use an ISO 8601 timestamp' });
    return z.NEVER;
  }
  return date.toISOString();
});

/** A timestamp as repositories return it. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Any JSON value. */
export const JsonValueSchema: z.ZodType<unknown> = z
  .unknown()
  .refine((value) => value !== undefined, 'required');

/** A JSON object. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

/** An error as runs and step runs store it: a Mark-1 error's JSON form. */
export const ErrorInfoSchema = z.object({
  /** The error code. */
  code: z.string(),
  /** What went wrong, where, how to fix it. */
  message: z.string(),
  /** JSON facts. */
  details: z.record(z.string(), z.unknown()).optional(),
});
/** An error as runs and step runs store it. */
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

/** The current time as an ISO 8601 string. */
export function nowIso(): string {
  return new Date().toISOString();
}

let lastMillis = 0;
let counter = 0;

/**
 * A new id: a UUID version 7, whose first 60 bits are the time and a per-process counter, so ids
 * made later sort after ids made earlier (records created in one batch keep their order).
 */
export function newId(): string {
  let millis = Date.now();
  if (millis <= lastMillis) {
    counter += 1;
    if (counter > 0xfff) {
      lastMillis += 1;
      counter = 0;
    }
    millis = lastMillis;
  } else {
    lastMillis = millis;
    counter = 0;
  }
  const random = randomBytes(8);
  const hex = millis.toString(16).padStart(12, '0');
  const sequence = (0x7000 | counter).toString(16);
  const variant = ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const tail = random.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${sequence}-${variant}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(value)'}: ${issue.message}`)
    .join('; ');
}

/** Validates `input` against `schema`, throwing `INVALID_RECORD` that lists what is wrong. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw storageError(
      StorageErrorCodes.INVALID_RECORD,
      `Invalid ${what}: ${describeIssues(result.error)}. Fix these fields and try again.`,
      {
        details: {
          issues: result.error.issues.map((issue) => ({
            path: issue.path.map(String),
            message: issue.message,
          })),
        },
      },
    );
  }
  return result.data;
}

/** Decodes a row into a validated record; a row that does not match is reported as corrupt. */
export function decodeRow<F extends FieldMap, S extends z.ZodType>(
  codec: RowCodec<F>,
  schema: S,
  row: Record<string, unknown>,
  table: string,
): z.output<S> {
  const result = schema.safeParse(codec.fromRow(row));
  if (!result.success) {
    throw storageError(
      StorageErrorCodes.DATABASE_ERROR,
      `A row of ${table} does not match Mark-1's schema (${describeIssues(result.error)}); it was written by something else. Fix or delete that row.`,
      { details: { table } },
    );
  }
  return result.data;
}

/**
 * Runs a query, turning driver errors into storage errors: unique violations into `CONFLICT`,
 * foreign-key violations into `NOT_FOUND`, the rest through {@link toQueryError}.
 */
export async function runQuery<T>(
  context: RepositoryContext,
  operation: string,
  query: () => Promise<T>,
  messages: WriteErrorMessages = {},
): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (Mark1Error.isInstance(error)) throw error;
    if (isUniqueViolation(error)) {
      throw storageError(
        StorageErrorCodes.CONFLICT,
        messages.conflict ?? `Cannot ${operation}: a record with the same unique values exists.`,
        { cause: error },
      );
    }
    if (isForeignKeyViolation(error)) {
      throw storageError(
        StorageErrorCodes.NOT_FOUND,
        messages.missingReference ??
          `Cannot ${operation}: it refers to a record that does not exist.`,
        { cause: error },
      );
    }
    throw toQueryError(error, operation, context.target);
  }
}

/** Runs `work` in a transaction (a savepoint when `context.db` already is one). */
export async function inTransaction<T>(
  context: RepositoryContext,
  work: (transaction: RepositoryContext) => Promise<T>,
): Promise<T> {
  return context.db.transaction((trx) => work({ ...context, db: trx }));
}

/** `NOT_FOUND` for `what`, with the way to list what exists. */
export function notFound(what: string, hint: string): Mark1Error {
  return storageError(StorageErrorCodes.NOT_FOUND, `${what} does not exist; ${hint}.`);
}

/** Rows per INSERT so that a batch stays under SQLite's bound-parameter limit. */
export function chunkSize(columns: number): number {
  return Math.max(1, Math.floor(900 / Math.max(1, columns)));
}
