/**
 * Thrown when `tree-sitter` or a grammar package does not load. A plain error, so that parsing (and
 * the worker threads) do not load `@mark1/sdk`; the package's entry points turn it into a
 * `GRAMMAR_UNAVAILABLE` scanner error.
 */
export class GrammarUnavailableError extends Error {
  /** The package that failed to load and the language it was needed for. */
  readonly details: { package: string; language: string };

  constructor(message: string, details: { package: string; language: string }, cause: unknown) {
    super(message, { cause });
    this.name = 'GrammarUnavailableError';
    this.details = details;
  }
}
