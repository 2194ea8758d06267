import { constants } from 'node:os';
import type { Mark1Error } from '@mark1/sdk';
import { ExecutorErrorCodes, type ExecutorErrorCode, executorError } from '../errors';
import type { ProcessOutcome } from '../process/run-process';
import type { ResourceLimits } from '../sandbox/resource-limits';

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

const MEMORY_PATTERNS = [
  /MemoryError/,
  /Cannot allocate memory/i,
  /out of memory/i,
  /heap out of memory/i,
  /bad_alloc/,
  /failed to map segment/i,
];
const FORK_PATTERNS = [
  /Resource temporarily unavailable/i,
  /BlockingIOError: \[Errno 11\]/,
  /Cannot fork/i,
  /fork: retry/i,
  /EAGAIN/,
];

/** The signal that ended a process, seen directly or through bwrap's `128 + signal` exit code. */
function signalOf(outcome: ProcessOutcome, sandboxed: boolean): string | undefined {
  if (outcome.signal) return outcome.signal;
  if (
    sandboxed &&
    outcome.exitCode !== null &&
    outcome.exitCode > 128 &&
    outcome.exitCode < 128 + 65
  ) {
    return SIGNAL_NAMES.get(outcome.exitCode - 128);
  }
  return undefined;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * The error a finished process stands for, or undefined when it succeeded: spawn failures,
 * cancellation, timeouts, output over the limit, resource limits (told apart by the signal and by
 * what the plugin printed last), and other non-zero exits, each with the tail of its stderr.
 */
export function processFailure(
  outcome: ProcessOutcome,
  options: {
    what: string;
    program: string;
    timeoutMs: number;
    limits?: ResourceLimits;
    sandboxed: boolean;
    stderrTail: string;
    maxOutputBytes: number;
  },
): Mark1Error | undefined {
  const tail = options.stderrTail;
  const facts = { exitCode: outcome.exitCode, signal: outcome.signal, stderrTail: tail };
  const fail = (code: ExecutorErrorCode, message: string) =>
    executorError(
      code,
      `${options.what}: ${message}${tail ? `\n--- last lines of its log ---\n${tail}` : ''}`,
      { details: facts },
    );
  if (outcome.spawnError) {
    const error = outcome.spawnError;
    const why =
      error.code === 'ENOENT'
        ? `${options.program} was not found`
        : error.code === 'EACCES'
          ? `${options.program} is not executable`
          : error.code === 'E2BIG'
            ? 'its arguments or environment are too large (pass big values through MARK1_INPUT_FILE or a file input)'
            : error.message;
    return executorError(
      ExecutorErrorCodes.SPAWN_FAILED,
      `${options.what} could not be started: ${why}.`,
      { cause: error, details: { program: options.program, errno: error.code } },
    );
  }
  if (outcome.cancelled)
    return executorError(
      ExecutorErrorCodes.CANCELLED,
      `${options.what} was cancelled; its process group was killed.`,
    );
  if (outcome.timedOut) {
    return fail(
      ExecutorErrorCodes.TIMEOUT,
      `still running after ${options.timeoutMs / 1000}s, the timeout; its whole process group was killed. Raise the step's \`timeout\` if it needs longer.`,
    );
  }
  if (outcome.outputExceeded) {
    return fail(
      ExecutorErrorCodes.OUTPUT_TOO_LARGE,
      `wrote more than ${mb(options.maxOutputBytes)} of output; it was stopped. Write large results to files in MARK1_OUTPUT_DIR instead of standard output.`,
    );
  }
  if (outcome.exitCode === 0) return undefined;
  const signal = signalOf(outcome, options.sandboxed);
  const limits = options.limits;
  if (signal === 'SIGXCPU') {
    return fail(
      ExecutorErrorCodes.CPU_LIMIT,
      `used more than ${limits?.cpuSeconds ?? '?'} CPU seconds and was stopped.`,
    );
  }
  if (signal === 'SIGXFSZ' || /File too large/i.test(tail)) {
    return fail(
      ExecutorErrorCodes.FILE_SIZE_LIMIT,
      `tried to write a file larger than ${limits ? mb(limits.fileSizeBytes) : 'allowed'}.`,
    );
  }
  if (limits && MEMORY_PATTERNS.some((pattern) => pattern.test(tail))) {
    return fail(
      ExecutorErrorCodes.MEMORY_LIMIT,
      `ran out of memory under its limit of ${mb(limits.memoryBytes)} of address space (raise permissions.max_memory in its manifest if it needs more).`,
    );
  }
  if (limits && FORK_PATTERNS.some((pattern) => pattern.test(tail))) {
    return fail(
      ExecutorErrorCodes.PROCESS_LIMIT,
      `tried to run more than ${limits.processes} processes/threads and was refused (permissions.max_processes).`,
    );
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${outcome.exitCode}`;
  return fail(ExecutorErrorCodes.PLUGIN_EXIT_NONZERO, `${how}.`);
}
