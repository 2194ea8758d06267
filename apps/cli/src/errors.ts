/** Error codes raised by the CLI itself. */
export const CliErrorCodes = {
  /** The command line is malformed: unknown command or option, missing or invalid argument. */
  USAGE_ERROR: 'USAGE_ERROR',
  /** Something failed that carries no Mark-1 code (a bug, or an unexpected system error). */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** A request was planned, but the plan cannot run (nothing mapped, invalid, or inputs missing). */
  PLAN_NOT_RUNNABLE: 'PLAN_NOT_RUNNABLE',
} as const;

/** A code raised by the CLI itself. */
export type CliErrorCode = (typeof CliErrorCodes)[keyof typeof CliErrorCodes];
