import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CappedBuffer, type LogCapture } from './output-capture';

/** A message channel on extra file descriptors, used by the function shims. */
export interface ProcessChannel {
  /** Written to the child's fd 4 (its request channel) as soon as it starts. */
  readonly request: string;
  /** Keep fd 4 open after the request (a warm worker) instead of closing it. */
  readonly keepOpen?: boolean;
  /** Called with each line the child writes to fd 3. */
  readonly onMessage: (line: string) => void;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** The command; never run through a shell. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The whole environment of the child (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed; /dev/null when absent. */
  readonly stdin?: string;
  /** Wall-clock limit; the process group is killed when it is reached. */
  readonly timeoutMs: number;
  /** Aborting kills the process group. */
  readonly signal?: AbortSignal;
  /** Standard output kept; more kills the process group (`stdoutExceeded`). */
  readonly maxStdoutBytes: number;
  /** Where standard error goes. */
  readonly log: LogCapture;
  /** Standard output goes to the log too instead of being kept (for function shims). */
  readonly stdoutToLog?: boolean;
  /** The result channel of a function shim. */
  readonly channel?: ProcessChannel;
  /**
   * Milliseconds between SIGTERM and SIGKILL when the group is stopped.
   * @default 500
   */
  readonly killGraceMs?: number;
}

/** How a process ended. */
export interface ProcessOutcome {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  /** Standard output or the channel went past the limit and the process was killed. */
  readonly outputExceeded: boolean;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The program could not be started. */
  readonly spawnError?: NodeJS.ErrnoException;
  readonly durationMs: number;
}

const CLOSE_WAIT_MS = 2000;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The child leads its own process group (spawned detached): this reaches its descendants.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Runs one command in its own process group and waits for it, enforcing a wall-clock timeout and
 * an output limit by killing the whole group (grandchildren included). Never throws: spawn
 * failures are part of the outcome.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  const stdout = new CappedBuffer(options.maxStdoutBytes);
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let outputExceeded = false;
    let stopping = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const timers: NodeJS.Timeout[] = [];

    const stdio: ('pipe' | 'ignore')[] = [
      options.stdin === undefined ? 'ignore' : 'pipe',
      'pipe',
      'pipe',
    ];
    if (options.channel) stdio.push('pipe', 'pipe');
    let child: ChildProcess;
    try {
      child = spawn(options.argv[0]!, options.argv.slice(1), {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio,
        windowsHide: true,
      });
    } catch (error) {
      resolve({
        exitCode: null,
        signal: null,
        stdout: Buffer.alloc(0),
        outputExceeded: false,
        timedOut: false,
        cancelled: false,
        spawnError: error as NodeJS.ErrnoException,
        durationMs: performance.now() - started,
      });
      return;
    }

    const finish = (spawnError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      options.log.flush();
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: stdout.toBuffer(),
        outputExceeded,
        timedOut,
        cancelled,
        ...(spawnError ? { spawnError } : {}),
        durationMs: performance.now() - started,
      });
    };

    const stop = () => {
      if (stopping) return;
      stopping = true;
      killGroup(child, 'SIGTERM');
      timers.push(setTimeout(() => killGroup(child, 'SIGKILL'), options.killGraceMs ?? 500));
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs),
    );

    child.stdout!.on('data', (chunk: Buffer) => {
      if (options.stdoutToLog) {
        options.log.push(chunk);
      } else if (!stdout.push(chunk)) {
        outputExceeded = true;
        stop();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => options.log.push(chunk));

    if (options.channel) {
      const channel = options.channel;
      const results = child.stdio[3] as Readable;
      const requests = child.stdio[4] as Writable;
      const received = new CappedBuffer(options.maxStdoutBytes);
      let pending = '';
      results.on('data', (chunk: Buffer) => {
        if (!received.push(chunk)) {
          outputExceeded = true;
          stop();
          return;
        }
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) channel.onMessage(line);
      });
      results.on('end', () => {
        if (pending.trim()) channel.onMessage(pending);
        pending = '';
      });
      results.on('error', () => undefined);
      requests.on('error', () => undefined);
      requests.write(`${channel.request}\n`);
      if (!channel.keepOpen) requests.end();
    }
    if (options.stdin !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(options.stdin);
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) finish(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the child left behind in its group goes with it.
      killGroup(child, 'SIGKILL');
      // A descendant that escaped the group may hold the pipes open; do not wait for it forever.
      timers.push(
        setTimeout(() => {
          for (const stream of child.stdio) stream?.destroy();
          finish();
        }, CLOSE_WAIT_MS),
      );
    });
    child.on('close', () => {
      if (exit) finish();
    });
  });
}
