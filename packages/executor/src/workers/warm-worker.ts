import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { Mark1Error } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import type { LogCapture } from '../process/output-capture';
import { parseShimAnswer, type ShimAnswer, type ShimRequest } from '../shims/shim-protocol';

/** How a warm worker is started: an already-wrapped (sandboxed) shim command. */
export interface WarmWorkerSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Folder (mounted writable in its sandbox) that each call's workspace is made in. */
  readonly callsDir: string;
  /** The worker's own unprivileged uid, when the orchestrator switches uids. */
  readonly uid?: number;
}

/** How one call on a warm worker ended: the shim's answer, or why there is none. */
export type WarmCallOutcome =
  | { readonly kind: 'answer'; readonly answer: Extract<ShimAnswer, { type: 'result' | 'error' }> }
  | { readonly kind: 'failed'; readonly error: Mark1Error };

interface CurrentCall {
  readonly id: string;
  readonly log: LogCapture;
  readonly maxOutputBytes: number;
  readonly onProgress: (message: string | undefined, fraction: number | undefined) => void;
  received: number;
  settle(outcome: WarmCallOutcome): void;
}

let sequence = 0;

/**
 * One long-lived shim process, inside its sandbox, serving calls of one plugin version one at a
 * time over its channel (requests on fd 4, answers on fd 3). What it prints during a call goes to
 * that call's log. A call that times out, is cancelled or writes too much kills the worker.
 */
export class WarmWorker {
  /** Calls served so far. */
  calls = 0;
  /** False once the process has exited or was killed. */
  alive = true;
  private readonly child: ChildProcess;
  private current: CurrentCall | undefined;
  private partial = '';

  constructor(readonly spec: WarmWorkerSpec) {
    this.child = spawn(spec.argv[0]!, spec.argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    const toLog = (chunk: Buffer) => this.current?.log.push(chunk);
    this.child.stdout!.on('data', toLog);
    this.child.stderr!.on('data', toLog);
    const answers = this.child.stdio[3] as Readable;
    answers.on('data', (chunk: Buffer) => this.onAnswers(chunk));
    answers.on('error', () => undefined);
    (this.child.stdio[4] as Writable).on('error', () => undefined);
    this.child.on('error', () => this.onExit(null, null));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  /** Sends one call and waits for its answer, its timeout, its cancellation or the worker's death. */
  call(
    request: Omit<ShimRequest, 'id'>,
    options: {
      timeoutMs: number;
      signal: AbortSignal;
      log: LogCapture;
      maxOutputBytes: number;
      what: string;
      onProgress: CurrentCall['onProgress'];
    },
  ): Promise<WarmCallOutcome> {
    if (!this.alive) {
      return Promise.resolve({
        kind: 'failed',
        error: executorError(ExecutorErrorCodes.INTERNAL, 'the warm worker is gone'),
      });
    }
    this.calls += 1;
    sequence += 1;
    const id = `w${sequence}`;
    return new Promise((resolve) => {
      const onAbort = () => {
        this.kill();
        settle({
          kind: 'failed',
          error: executorError(
            ExecutorErrorCodes.CANCELLED,
            `${options.what} was cancelled; its warm worker was killed.`,
          ),
        });
      };
      const settle = (outcome: WarmCallOutcome) => {
        if (this.current?.id !== id) return;
        this.current = undefined;
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        options.log.flush();
        resolve(outcome);
      };
      this.current = {
        id,
        log: options.log,
        maxOutputBytes: options.maxOutputBytes,
        onProgress: options.onProgress,
        received: 0,
        settle,
      };
      const timer = setTimeout(() => {
        this.kill();
        const tail = options.log.tailText();
        settle({
          kind: 'failed',
          error: executorError(
            ExecutorErrorCodes.TIMEOUT,
            `${options.what}: still running after ${options.timeoutMs / 1000}s, the timeout; its warm worker (and its whole process group) was killed.${tail ? `\n--- last lines of its log ---\n${tail}` : ''}`,
          ),
        });
      }, options.timeoutMs);
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
      (this.child.stdio[4] as Writable).write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  /** Kills the worker's whole process group (its sandbox goes with it). */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  private onAnswers(chunk: Buffer): void {
    const current = this.current;
    if (current) {
      current.received += chunk.length;
      if (current.received > current.maxOutputBytes) {
        this.kill();
        current.settle({
          kind: 'failed',
          error: executorError(
            ExecutorErrorCodes.OUTPUT_TOO_LARGE,
            `The result was larger than ${Math.round(current.maxOutputBytes / 1048576)} MB; the warm worker was stopped.`,
          ),
        });
        return;
      }
    }
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim() || !this.current) continue;
      const parsed = parseShimAnswer(line, 'the warm worker');
      if (Mark1Error.isInstance(parsed)) {
        this.kill();
        this.current.settle({ kind: 'failed', error: parsed });
      } else if (parsed.type === 'progress') {
        this.current.onProgress(parsed.message, parsed.fraction);
      } else if (parsed.id === this.current.id) {
        this.current.settle({ kind: 'answer', answer: parsed });
      }
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.alive = false;
    const current = this.current;
    if (!current) return;
    const tail = current.log.tailText();
    current.settle({
      kind: 'failed',
      error: executorError(
        ExecutorErrorCodes.PLUGIN_EXIT_NONZERO,
        `The plugin's warm worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`} during the call.${tail ? `\n--- last lines of its log ---\n${tail}` : ''}`,
        { details: { exitCode: code, signal, stderrTail: tail } },
      ),
    });
  }
}
