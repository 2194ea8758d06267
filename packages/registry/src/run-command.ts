import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  cwd?: string;
  /**
   * The child's whole environment.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the child's process group. */
  signal?: AbortSignal;
  /** Kills the child after this many milliseconds. */
  timeoutMs?: number;
  /** Called with the child's pid once it started (install journals record it). */
  onSpawn?: (pid: number) => void;
  /**
   * Characters of stdout and stderr kept (the tail).
   * @default 65536
   */
  maxOutput?: number;
}

/** How a command ended. */
export interface CommandResult {
  /** Exit code, or null when killed by a signal. */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** True when the timeout killed it. */
  readonly timedOut: boolean;
  /** The tail of its standard output. */
  readonly stdout: string;
  /** The tail of its standard error. */
  readonly stderr: string;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Runs a program without a shell, in its own process group (so cancelling kills its children
 * too), and collects the tail of its output. Rejects only when the program cannot start (the
 * error's `code` is `ENOENT` for a missing program) or when `signal` aborts it.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const maxOutput = options.maxOutput ?? 65_536;
  return new Promise((resolvePromise, rejectPromise) => {
    if (options.signal?.aborted) {
      rejectPromise(options.signal.reason ?? new Error('aborted'));
      return;
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const keep = (current: string, chunk: Buffer): string => {
      const next = current + chunk.toString('utf8');
      return next.length > maxOutput ? next.slice(next.length - maxOutput) : next;
    };
    child.stdout.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const onAbort = () => killGroup(child.pid);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, options.timeoutMs);
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      action();
    };
    child.once('spawn', () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
    });
    child.once('error', (error) => finish(() => rejectPromise(error)));
    child.once('close', (code, signal) =>
      finish(() => {
        if (options.signal?.aborted) rejectPromise(options.signal.reason ?? new Error('aborted'));
        else resolvePromise({ code, signal, timedOut, stdout, stderr });
      }),
    );
  });
}

/** The last `lines` non-empty lines of `text`, for error messages. */
export function tailLines(text: string, lines = 12): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .slice(-lines)
    .join('\n');
}
