import { Mark1Error } from '@mark1/sdk';

/** Error codes raised by `@mark1/planner`. */
export const PlannerErrorCodes = {
  /** The request is empty or not text. */
  INVALID_REQUEST: 'PLANNER_INVALID_REQUEST',
  /** An option has a value the planner cannot use (a bad URL, a non-positive timeout). */
  INVALID_OPTIONS: 'PLANNER_INVALID_OPTIONS',
  /** The catalog holds no capability, so nothing can be planned. */
  EMPTY_CATALOG: 'PLANNER_EMPTY_CATALOG',
  /** The model server could not be reached or refused the request (`mode: 'llm'` only; `auto` falls back). */
  LLM_UNAVAILABLE: 'PLANNER_LLM_UNAVAILABLE',
  /** The model did not answer within `timeoutMs` (`mode: 'llm'` only; `auto` falls back). */
  LLM_TIMEOUT: 'PLANNER_LLM_TIMEOUT',
  /** A LangChain package the LLM path loads on demand is not installed. */
  LLM_DEPENDENCY_MISSING: 'PLANNER_LLM_DEPENDENCY_MISSING',
} as const;

/** A code raised by `@mark1/planner`. */
export type PlannerErrorCode = (typeof PlannerErrorCodes)[keyof typeof PlannerErrorCodes];

/** A {@link Mark1Error} with one of the {@link PlannerErrorCodes}. */
export function plannerError(
  code: PlannerErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}
