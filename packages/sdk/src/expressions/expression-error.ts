import { Mark1Error, SdkErrorCodes } from '../errors';

/** A syntax error in an expression, with the offset where it was found. */
export class ExpressionSyntaxError extends Mark1Error {
  /** The expression's source text. */
  readonly source: string;
  /** Zero-based offset of the problem in {@link source}. */
  readonly offset: number;

  constructor(reason: string, source: string, offset: number) {
    super(SdkErrorCodes.EXPRESSION_SYNTAX, `${reason} (at column ${offset + 1} of "${source}")`, {
      details: { reason, source, offset },
    });
    this.name = 'ExpressionSyntaxError';
    this.source = source;
    this.offset = offset;
  }

  /** The reason alone, without the position suffix. */
  get reason(): string {
    return this.details.reason as string;
  }
}

/** An expression that parsed but could not be evaluated (a missing value, a type clash). */
export class ExpressionEvaluationError extends Mark1Error {
  constructor(message: string, expression: string) {
    super(SdkErrorCodes.EXPRESSION_EVALUATION, message, { details: { expression } });
    this.name = 'ExpressionEvaluationError';
  }
}
