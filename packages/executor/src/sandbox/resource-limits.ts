import { availableParallelism } from 'node:os';
import { parseByteSize, type Permissions } from '@mark1/sdk';

/** Resource limits of one plugin process and its children, applied with setrlimit (prlimit). */
export interface ResourceLimits {
  /** Address space in bytes (RLIMIT_AS). */
  readonly memoryBytes: number;
  /** CPU seconds per process (RLIMIT_CPU); the kernel sends SIGXCPU, then SIGKILL. */
  readonly cpuSeconds: number;
  /** Processes and threads of the sandbox's user (RLIMIT_NPROC): the fork-bomb guard. */
  readonly processes: number;
  /** Largest file the plugin may write, in bytes (RLIMIT_FSIZE). */
  readonly fileSizeBytes: number;
  /** Open file descriptors per process (RLIMIT_NOFILE). */
  readonly openFiles: number;
}

/** Defaults applied when the manifest does not set a limit. */
export interface LimitDefaults {
  /**
   * Address space when the manifest sets no `max_memory`.
   * @default 2 GiB
   */
  memoryBytes?: number;
  /**
   * Processes (and threads) when the manifest sets no `max_processes`.
   * @default 256
   */
  processes?: number;
  /**
   * Largest file a plugin may write.
   * @default 1 GiB
   */
  fileSizeBytes?: number;
  /**
   * Open files per process.
   * @default 1024
   */
  openFiles?: number;
}

const GIB = 1024 ** 3;

/**
 * Node reserves about 1 GiB of address space at start (V8's code range and cages) and hangs below
 * it, so a Node process gets its `max_memory` as V8 heap (`--max-old-space-size`) and this much
 * more address space on top.
 */
export const NODE_ADDRESS_SPACE_HEADROOM = GIB;
/** Node runs about a dozen threads, and RLIMIT_NPROC counts threads. */
export const NODE_THREAD_HEADROOM = 16;

/** The limits of one call: the manifest's permissions, else the defaults; CPU seconds follow the timeout. */
export function resourceLimitsFor(
  permissions: Permissions,
  timeoutSeconds: number,
  options: { node: boolean; defaults?: LimitDefaults },
): ResourceLimits & { heapBytes: number | undefined } {
  const defaults = options.defaults ?? {};
  const declared =
    permissions.max_memory === undefined ? undefined : parseByteSize(permissions.max_memory);
  const memory = declared ?? defaults.memoryBytes ?? 2 * GIB;
  const processes = permissions.max_processes ?? defaults.processes ?? 256;
  return {
    memoryBytes: options.node ? memory + NODE_ADDRESS_SPACE_HEADROOM : memory,
    heapBytes: options.node && declared !== undefined ? declared : undefined,
    // CPU time is summed over threads: the timeout on every core, plus a second of start-up slack.
    cpuSeconds: Math.max(1, Math.ceil(timeoutSeconds * availableParallelism()) + 1),
    processes: options.node ? processes + NODE_THREAD_HEADROOM : processes,
    fileSizeBytes: defaults.fileSizeBytes ?? GIB,
    openFiles: defaults.openFiles ?? 1024,
  };
}

/** prlimit(1) arguments that apply `limits` (soft and hard) to the command that follows. */
export function prlimitArgs(limits: ResourceLimits): string[] {
  return [
    `--as=${limits.memoryBytes}`,
    // Soft below hard: the kernel sends SIGXCPU first, which says why the plugin stopped.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 5}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}`,
    '--',
  ];
}
