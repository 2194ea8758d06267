import { z } from 'zod';
import { ScannerErrorCodes, scannerError } from './errors';

/** A progress report of a running scan. */
export interface ScanProgress {
  /** `walk` (listing files), `parse` (reading and parsing source files), `analyze` (repository-level facts). */
  phase: 'walk' | 'parse' | 'analyze';
  /** Files done in this phase. */
  done: number;
  /** Files in this phase (0 while unknown). */
  total: number;
}

/** zod schema of {@link ScanOptions}. */
export const ScanOptionsSchema = z.strictObject({
  /**
   * Folder of the content-hash cache (one JSON file per repository). No cache when omitted; the
   * scanner never writes into the scanned repository. The CLI passes `$MARK1_HOME/cache/scanner`.
   */
  cacheDir: z.string().min(1).optional(),
  /** Worker threads for parsing besides the calling thread, which parses too: a number (0 parses in the calling thread only), or `auto` (one per CPU but one, at least 1, at most 8). @default 'auto' */
  workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
  /** Source bytes to parse below which the scan stays in the calling thread (starting workers costs more). @default 1_500_000 */
  parallelThreshold: z.number().int().nonnegative().default(1_500_000),
  /** Files larger than this are listed but not read. @default 2 MiB */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  /** The walk stops after this many files. @default 100_000 */
  maxFiles: z.number().int().positive().default(100_000),
  /** Folders deeper than this are not entered. @default 64 */
  maxDepth: z.number().int().positive().default(64),
  /** Honour `.gitignore` files. @default true */
  respectGitignore: z.boolean().default(true),
  /** Extra gitignore-style patterns to skip, relative to the repository root. @default [] */
  ignore: z.array(z.string()).default([]),
  /** Called as the scan progresses (walk, parse, analyze). */
  onProgress: z
    .custom<(progress: ScanProgress) => void>(
      (value) => typeof value === 'function',
      'onProgress must be a function',
    )
    .optional(),
  /** Cancels the scan; `scanRepository` then rejects with `SCAN_ABORTED`. */
  signal: z
    .custom<AbortSignal>((value) => value instanceof AbortSignal, 'signal must be an AbortSignal')
    .optional(),
});

/** Options of `scanRepository` (all optional). */
export type ScanOptions = z.input<typeof ScanOptionsSchema>;

/** {@link ScanOptions} with defaults applied. */
export type ResolvedScanOptions = z.output<typeof ScanOptionsSchema>;

/** Validates options, naming each bad one and what it accepts. */
export function resolveScanOptions(options: ScanOptions | undefined): ResolvedScanOptions {
  const parsed = ScanOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
  );
  throw scannerError(
    ScannerErrorCodes.SCAN_OPTIONS_INVALID,
    `scanRepository options are not valid: ${problems.join('; ')}. See ScanOptions for what each option accepts.`,
    { problems },
  );
}
