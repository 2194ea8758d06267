import { Mark1Error } from '@mark1/sdk';
import { GrammarUnavailableError } from './languages/grammar-unavailable';

/** Error codes thrown by `@mark1/scanner`. */
export const ScannerErrorCodes = {
  /** The path given to `scanRepository` does not exist. */
  SCAN_PATH_NOT_FOUND: 'SCAN_PATH_NOT_FOUND',
  /** The path given to `scanRepository` is not a directory. */
  SCAN_PATH_NOT_DIRECTORY: 'SCAN_PATH_NOT_DIRECTORY',
  /** The options given to `scanRepository` or `generateManifest` are not acceptable. */
  SCAN_OPTIONS_INVALID: 'SCAN_OPTIONS_INVALID',
  /** The scan was cancelled through its `signal`. */
  SCAN_ABORTED: 'SCAN_ABORTED',
  /** `tree-sitter` or one of its grammar packages is not installed or does not load. */
  GRAMMAR_UNAVAILABLE: 'GRAMMAR_UNAVAILABLE',
  /** The profile handed to `generateManifest` is not a RepositoryProfile of this scanner. */
  PROFILE_INVALID: 'PROFILE_INVALID',
  /** The repository offers nothing that can become a capability. */
  NO_CAPABILITIES: 'NO_CAPABILITIES',
  /** The manifest the scanner generated does not validate with `@mark1/sdk` (a scanner bug). */
  GENERATED_MANIFEST_INVALID: 'GENERATED_MANIFEST_INVALID',
} as const;

/** A code thrown by `@mark1/scanner`. */
export type ScannerErrorCode = (typeof ScannerErrorCodes)[keyof typeof ScannerErrorCodes];

/** A {@link Mark1Error} with one of the {@link ScannerErrorCodes}. */
export function scannerError(
  code: ScannerErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): Mark1Error {
  return new Mark1Error(code, message, { details, cause });
}

/** Runs `fn`, turning a {@link GrammarUnavailableError} into a `GRAMMAR_UNAVAILABLE` scanner error. */
export function withGrammarErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof GrammarUnavailableError)) throw error;
    throw scannerError(
      ScannerErrorCodes.GRAMMAR_UNAVAILABLE,
      error.message,
      error.details,
      error.cause,
    );
  }
}
