import { STATUS_CODES } from 'node:http';
import { Mark1Error } from '@mark1/sdk';
import { z } from 'zod';
import { ApiErrorCodes } from './api-error-codes';
import { httpStatusFor } from './http-status';

/** The media type of error bodies (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One problem with one field of a request. */
export const FieldProblemSchema = z.object({
  /** Where: `body.steps.0.id`, `query.limit`. */
  path: z.string(),
  message: z.string(),
});

/** An error body: RFC 9457 problem details carrying the Mark-1 error code. Never a stack trace. */
export const ProblemSchema = z
  .object({
    /** `urn:mark1:error:<CODE>`: identifies the kind of problem. */
    type: z.string(),
    /** The HTTP reason phrase of `status`. */
    title: z.string(),
    status: z.number().int(),
    /** What went wrong and how to fix it. */
    detail: z.string(),
    /** The request path the problem occurred on. */
    instance: z.string(),
    /** The `Mark1Error` code (`PLUGIN_NOT_FOUND`, `RATE_LIMITED`, ...): what clients switch on. */
    code: z.string(),
    /** The request id, also in the `x-request-id` header and the server's log lines. */
    requestId: z.string(),
    /** JSON facts about the failure (4xx only). */
    details: z.record(z.string(), z.unknown()).optional(),
    /** Field-level problems of a request that does not match the schema. */
    errors: z.array(FieldProblemSchema).optional(),
  })
  .meta({ id: 'Problem' });
/** An error body. */
export type Problem = z.infer<typeof ProblemSchema>;

/** Where a problem occurred. */
export interface ProblemContext {
  readonly requestId: string;
  readonly instance: string;
}

/** The problem type URI of a code. */
export function problemType(code: string): string {
  return `urn:mark1:error:${code}`;
}

/** Seconds a client should wait before retrying, when the error says (`details.retryAfterSeconds`). */
export function retryAfterOf(error: unknown): number | undefined {
  if (!Mark1Error.isInstance(error)) return undefined;
  const value = error.details.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.max(1, Math.ceil(value))
    : undefined;
}

/**
 * The problem details of anything thrown. Mark-1 errors keep their code, message and (below 500)
 * details, with the status from the code → status table; anything else is a 500 whose message stays
 * in the log, named by the request id.
 */
export function toProblem(error: unknown, context: ProblemContext): Problem {
  const known = Mark1Error.isInstance(error);
  const status = known ? httpStatusFor(error) : 500;
  const code = known ? error.code : ApiErrorCodes.INTERNAL_ERROR;
  const detail =
    known && code !== ApiErrorCodes.INTERNAL_ERROR
      ? error.message
      : `The server failed while answering; its log holds the details under request id ${context.requestId}.`;
  const problem: Problem = {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: context.instance,
    code,
    requestId: context.requestId,
  };
  if (known && status < 500) {
    const { issues, ...details } = error.details as { issues?: unknown } & Record<string, unknown>;
    const fieldProblems = z.array(FieldProblemSchema).safeParse(issues);
    if (fieldProblems.success) problem.errors = fieldProblems.data;
    else if (issues !== undefined) details.issues = issues;
    for (const key of Object.keys(details)) if (details[key] === undefined) delete details[key];
    if (Object.keys(details).length > 0) problem.details = details;
  }
  return problem;
}
