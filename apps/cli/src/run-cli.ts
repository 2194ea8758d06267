import { CommanderError } from 'commander';
import { Mark1Error, toMark1Error } from '@mark1/sdk';
import { createCliContext } from './cli-context';
import { CliErrorCodes } from './errors';
import { ExitCode, exitCodeFor } from './exit-codes';
import type { CliIo } from './output/printer';
import { createProgram } from './program';

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    lines.push(
      depth === 0
        ? (current.stack ?? String(current))
        : `Caused by: ${current.stack ?? String(current)}`,
    );
    current = current.cause;
  }
  return lines.join('\n');
}

function reportError(error: unknown, io: CliIo, verbose: boolean): void {
  const known = Mark1Error.isInstance(error);
  const mark1Error = known ? error : toMark1Error(error, CliErrorCodes.INTERNAL_ERROR);
  const hint = !known && !verbose ? ' (run with --verbose for the stack trace)' : '';
  io.stderr.write(`error: ${mark1Error.message} [${mark1Error.code}]${hint}\n`);
  if (verbose) io.stderr.write(`${stackOf(error)}\n`);
}

/**
 * Runs `mark1` with `argv` (the arguments after the program name) and returns the exit code.
 * Errors become one line on stderr, `error: <message> [CODE]`, with the stack trace only under
 * `--verbose`; usage errors exit 2, other failures 1 (see exit-codes.ts).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const context = createCliContext(io, () => program);
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const verbose = argv.includes('--verbose') || context.globalOptions().verbose;
    reportError(error, io, verbose);
    return exitCodeFor(error);
  } finally {
    await context.dispose();
  }
}
