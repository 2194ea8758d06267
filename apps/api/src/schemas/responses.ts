import type { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../errors/problem-details';

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/**
 * A route's responses: the given success schemas plus RFC 9457 problem details for client (4XX)
 * and server (5XX) errors, so every error a route can answer is in the OpenAPI document.
 */
export function withProblems<
  T extends Record<
    number,
    z.ZodType | { description: string; content: Record<string, { schema: z.ZodType }> }
  >,
>(responses: T) {
  return {
    ...responses,
    '4XX': problem(
      'The request was refused: see `code` and the code → status table in docs/api.md.',
    ),
    '5XX': problem('The server or something it called failed; `requestId` names the log lines.'),
  };
}
