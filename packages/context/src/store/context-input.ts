import { parseDuration } from '@mark1/sdk';
import { z } from 'zod';
import { ArtifactRefSchema, type ArtifactRef } from '../artifacts/artifact-ref';
import { contextError, ContextErrorCodes } from '../errors';

/** Context types Mark-1 itself writes; any other name matching {@link CONTEXT_TYPE_PATTERN} is accepted too. */
export const CONTEXT_TYPES = [
  'task',
  'workflow',
  'plugin',
  'session',
  'step-output',
  'general',
] as const;

/** What a context type looks like: a letter, then letters, digits, `-`, `_` or `.`, 64 characters at most. */
export const CONTEXT_TYPE_PATTERN = /^[A-Za-z][\w.-]{0,63}$/;

// The `contexts.key` column is varchar(255) on PostgreSQL.
const MAX_KEY = 255;

/** What {@link ContextStore.put} accepts: a JSON value (`data`) or an artifact, never both. */
export interface PutContextInput {
  /** Unique key (1 to 255 characters, no control characters); putting an existing key replaces its value. */
  key: string;
  /** What kind of context: `task`, `workflow`, `plugin`, `session`, `step-output`, or a name of your own. */
  type: string;
  /** The value: anything JSON can hold. */
  data?: unknown;
  /** An artifact already in the store's artifact store, when the value is a file. */
  artifact?: ArtifactRef;
  /** Labels to find it by (no commas). @default [] */
  tags?: string[];
  /**
   * How long it lives: seconds, or a duration such as `"30m"`, `"1h"`.
   * @default the store's `defaultTtlSeconds`, else forever
   */
  ttl?: number | string;
  /** When it expires, instead of `ttl`; null for never. */
  expiresAt?: Date | string | null;
}

const TagSchema = z
  .string()
  .trim()
  .min(1, 'a tag is empty')
  .max(64, 'a tag is longer than 64 characters')
  .refine((tag) => !tag.includes(','), 'a tag contains a comma');

const PutContextInputSchema = z
  .object({
    key: z
      .string()
      .min(1, 'the key is empty')
      .max(MAX_KEY, `the key is longer than ${MAX_KEY} characters`)
      // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
      .refine((key) => !/[\u0000-\u001f\u007f]/.test(key), 'the key contains a control character'),
    type: z
      .string()
      .regex(
        CONTEXT_TYPE_PATTERN,
        `the type must match ${String(CONTEXT_TYPE_PATTERN)} (e.g. task, step-output)`,
      ),
    data: z.unknown().optional(),
    artifact: ArtifactRefSchema.optional(),
    tags: z.array(TagSchema).max(100, 'more than 100 tags').default([]),
    ttl: z.union([z.number(), z.string()]).optional(),
    expiresAt: z.union([z.date(), z.string(), z.null()]).optional(),
  })
  .strict();

/** A validated put: exactly one of `data` and `artifact`, tags deduplicated, the expiry resolved. */
export interface ValidPut {
  key: string;
  type: string;
  data?: unknown;
  artifact?: ArtifactRef;
  tags: string[];
  expiresAt: string | null;
}

function invalid(what: string, problem: string, details: Record<string, unknown> = {}): never {
  throw contextError(ContextErrorCodes.CONTEXT_INVALID, `Invalid context${what}: ${problem}.`, {
    details,
  });
}

/** Validates a put and works out its expiry against `now` and the default TTL; throws `CONTEXT_INVALID`. */
export function validatePut(
  input: unknown,
  now: Date,
  defaultTtlSeconds: number | undefined,
): ValidPut {
  const parsed = PutContextInputSchema.safeParse(input);
  const key =
    typeof (input as { key?: unknown })?.key === 'string'
      ? ` "${(input as { key: string }).key}"`
      : '';
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
      .join('; ');
    invalid(key, `${issues}. Fix these fields and try again`, {
      issues: parsed.error.issues.map((issue) => issue.message),
    });
  }
  const value = parsed.data;
  const hasData = value.data !== undefined;
  if (hasData === (value.artifact !== undefined)) {
    invalid(
      key,
      hasData
        ? 'give data or artifact, not both'
        : 'give the value as data (JSON) or artifact (a file)',
    );
  }
  if (value.ttl !== undefined && value.expiresAt !== undefined)
    invalid(key, 'give ttl or expiresAt, not both');
  let expiresAt: string | null = null;
  if (value.expiresAt !== undefined && value.expiresAt !== null) {
    const date = value.expiresAt instanceof Date ? value.expiresAt : new Date(value.expiresAt);
    if (Number.isNaN(date.getTime()))
      invalid(key, `expiresAt ${String(value.expiresAt)} is not a date; use an ISO 8601 timestamp`);
    expiresAt = date.toISOString();
  } else if (value.expiresAt === undefined) {
    let seconds: number | undefined;
    try {
      seconds = value.ttl === undefined ? defaultTtlSeconds : parseDuration(value.ttl);
    } catch (error) {
      invalid(
        key,
        `ttl ${JSON.stringify(value.ttl)} is not a duration; give seconds or a string such as "30m" or "1h"`,
        {
          cause: String(error),
        },
      );
    }
    if (seconds !== undefined) {
      if (!(seconds > 0))
        invalid(
          key,
          'ttl must be more than 0 seconds; leave it out to keep the context until deleted',
        );
      expiresAt = new Date(now.getTime() + seconds * 1000).toISOString();
    }
  }
  return {
    key: value.key,
    type: value.type,
    ...(hasData ? { data: value.data } : { artifact: value.artifact! }),
    tags: [...new Set(value.tags)],
    expiresAt,
  };
}
