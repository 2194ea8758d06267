import { z } from 'zod';
import type { Mark1Error } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';

/** One call request, written as a JSON line to the shim's fd 4. */
export interface ShimRequest {
  readonly id: string;
  readonly plugin_dir: string;
  readonly module: string;
  readonly function: string;
  readonly capability: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Python only: absolute folders put first on the import path (the entry point's `python_path`). */
  readonly python_path?: readonly string[];
  /** Variables set for this call (a warm worker serves several calls). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

const ShimErrorSchema = z.object({
  kind: z.enum(['import', 'exception', 'serialization', 'exit']),
  type: z.string(),
  message: z.string(),
  code: z.string().optional(),
  traceback: z.string().optional(),
});

/** What a shim writes to fd 3: a result, an error, or progress. Validated before anything is trusted. */
export const ShimAnswerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.string().nullish(), value: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.string().nullish(), error: ShimErrorSchema }),
  z.object({
    type: z.literal('progress'),
    id: z.string().nullish(),
    message: z.string().optional(),
    fraction: z.number().min(0).max(1).optional(),
  }),
]);

/** A validated shim answer. */
export type ShimAnswer = z.infer<typeof ShimAnswerSchema>;

/** Parses one channel line; a line that is not a valid answer becomes an `OUTPUT_INVALID` error. */
export function parseShimAnswer(line: string, what: string): ShimAnswer | Mark1Error {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return executorError(
      ExecutorErrorCodes.OUTPUT_INVALID,
      `${what} wrote something that is not JSON to its result channel: ${line.slice(0, 120)}`,
    );
  }
  const parsed = ShimAnswerSchema.safeParse(json);
  if (!parsed.success) {
    return executorError(
      ExecutorErrorCodes.OUTPUT_INVALID,
      `${what} wrote a malformed answer to its result channel (${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; ')}).`,
    );
  }
  return parsed.data;
}

const MEMORY_TYPES = /^(MemoryError|RangeError)$/;

/** The executor error for a shim's error answer. */
export function shimFailure(
  answer: Extract<ShimAnswer, { type: 'error' }>,
  what: string,
  memoryLimited: boolean,
): Mark1Error {
  const { error } = answer;
  const details = {
    type: error.type,
    kind: error.kind,
    ...(error.code ? { pluginCode: error.code } : {}),
    ...(error.traceback ? { traceback: error.traceback } : {}),
  };
  switch (error.kind) {
    case 'import':
      return executorError(
        ExecutorErrorCodes.PLUGIN_ERROR,
        `${what} could not be loaded: ${error.type}: ${error.message}`,
        { details },
      );
    case 'serialization':
      return executorError(
        ExecutorErrorCodes.OUTPUT_INVALID,
        `${what} returned a value that is not JSON (${error.message}); return JSON data: objects, lists, strings, numbers, booleans or null.`,
        { details },
      );
    case 'exit':
      return executorError(ExecutorErrorCodes.PLUGIN_ERROR, `${what}: ${error.message}`, {
        details,
      });
    case 'exception':
      if (
        memoryLimited &&
        MEMORY_TYPES.test(error.type) &&
        /memory|allocation|heap|Array buffer/i.test(`${error.type} ${error.message}`)
      ) {
        return executorError(
          ExecutorErrorCodes.MEMORY_LIMIT,
          `${what} ran out of memory under its limit: ${error.type}: ${error.message}`,
          { details },
        );
      }
      if (/File too large|EFBIG/.test(error.message)) {
        return executorError(
          ExecutorErrorCodes.FILE_SIZE_LIMIT,
          `${what} tried to write a file larger than allowed: ${error.type}: ${error.message}`,
          { details },
        );
      }
      if (
        /Resource temporarily unavailable|EAGAIN/.test(error.message) ||
        error.type === 'BlockingIOError'
      ) {
        return executorError(
          ExecutorErrorCodes.PROCESS_LIMIT,
          `${what} tried to start more processes than allowed: ${error.type}: ${error.message}`,
          { details },
        );
      }
      return executorError(
        ExecutorErrorCodes.PLUGIN_ERROR,
        `${what} raised ${error.type}: ${error.message}`,
        { details },
      );
  }
}
