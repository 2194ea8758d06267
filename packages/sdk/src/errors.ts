const MARK1_ERROR_BRAND = Symbol.for('mark1.error');

/** Options accepted by every {@link Mark1Error}. */
export interface Mark1ErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
  /** JSON-serializable facts about the failure (paths, names, positions). */
  details?: Record<string, unknown>;
}

/**
 * The one base error of Mark-1. `code` is a stable SCREAMING_SNAKE string that callers switch on; the
 * message says what went wrong, where, and how to fix it.
 */
export class Mark1Error extends Error {
  /** Stable machine-readable code, e.g. `MANIFEST_INVALID`. */
  readonly code: string;
  /** JSON-serializable facts about the failure. */
  readonly details: Record<string, unknown>;
  /** Brand shared by every copy of `@mark1/sdk`, so errors are recognised across package copies. */
  readonly [MARK1_ERROR_BRAND] = true;

  constructor(code: string, message: string, options: Mark1ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Mark1Error';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True for any Mark-1 error, even one created by another copy of the SDK. */
  static isInstance(value: unknown): value is Mark1Error {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[MARK1_ERROR_BRAND] === true
    );
  }

  /** A plain object for logs and API bodies (never includes the stack). */
  toJSON(): { name: string; code: string; message: string; details: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** Error codes raised by `@mark1/sdk`. */
export const SdkErrorCodes = {
  /** A manifest file could not be parsed as YAML or JSON. */
  MANIFEST_PARSE_ERROR: 'MANIFEST_PARSE_ERROR',
  /** A manifest parsed but does not match the schema. */
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  /** A manifest's format could not be recognised as any supported format. */
  MANIFEST_UNKNOWN_FORMAT: 'MANIFEST_UNKNOWN_FORMAT',
  /** A workflow file could not be parsed as YAML or JSON. */
  WORKFLOW_PARSE_ERROR: 'WORKFLOW_PARSE_ERROR',
  /** A workflow does not match the schema or fails static validation. */
  WORKFLOW_INVALID: 'WORKFLOW_INVALID',
  /** An expression has a syntax error. */
  EXPRESSION_SYNTAX: 'EXPRESSION_SYNTAX',
  /** An expression could not be evaluated (missing value, wrong type). */
  EXPRESSION_EVALUATION: 'EXPRESSION_EVALUATION',
  /** A value given to an SDK helper is not acceptable (a size, a duration, a name). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

/** A code raised by `@mark1/sdk`. */
export type SdkErrorCode = (typeof SdkErrorCodes)[keyof typeof SdkErrorCodes];

/**
 * Wraps anything thrown into a {@link Mark1Error}, keeping Mark-1 errors as they are. Used at package
 * boundaries (around plugin calls, at the top of each app).
 */
export function toMark1Error(value: unknown, code = 'INTERNAL_ERROR'): Mark1Error {
  if (Mark1Error.isInstance(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new Mark1Error(code, message, { cause: value });
}
