import { Worker } from 'node:worker_threads';
import type { AnalyzeResult } from './analyze-file-task';
import type { TaskQueue } from './task-queue';
import type { WorkerEntry } from './worker-entry';

/** Batches handed to a worker ahead of time, so it never waits for the (busy) calling thread. */
const IN_FLIGHT = 2;

/**
 * Scan worker threads, started as soon as the scan knows it wants them so they load the parser while
 * the calling thread keeps reading and parsing. File bytes are transferred to them, not copied.
 */
export class WorkerPool {
  private readonly workers: Worker[];

  /** Starts `size` workers from `entry`. */
  constructor(entry: Extract<WorkerEntry, { ok: true }>, size: number) {
    this.workers = Array.from({ length: size }, () =>
      // The built worker is self-contained: it inherits none of the parent's flags (`-e`, `--input-type`
      // stop a worker from starting; a loader such as tsx made the workers four times slower).
      entry.kind === 'file'
        ? new Worker(entry.url, { execArgv: [] })
        : new Worker(entry.code, { eval: true, execArgv: entry.execArgv }),
    );
  }

  /** How many workers were started. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Feeds the workers batches from `queue` (each holds up to two; batches are sized for `threads`
   * threads sharing the queue) until it is empty and every batch is back. Rejects if a worker dies or
   * `signal` aborts; results that arrive after that are dropped.
   */
  drain(
    queue: TaskQueue,
    threads: number,
    onResult: (result: AnalyzeResult) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let inFlight = 0;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const send = (worker: Worker): void => {
        if (settled) return;
        if (signal?.aborted) {
          fail(signal.reason ?? new Error('aborted'));
          return;
        }
        const batch = queue.takeBatch(threads);
        if (batch.length === 0) {
          if (inFlight === 0) {
            settled = true;
            resolve();
          }
          return;
        }
        inFlight += 1;
        worker.postMessage(
          { tasks: batch },
          batch.map((task) => task.bytes.buffer as ArrayBuffer),
        );
      };
      for (const worker of this.workers) {
        worker.on('message', (message: { results: AnalyzeResult[] }) => {
          if (settled) return;
          inFlight -= 1;
          for (const result of message.results) onResult(result);
          send(worker);
        });
        worker.once('error', fail);
        worker.once('exit', (code) => fail(new Error(`a scan worker exited with code ${code}`)));
      }
      // Round by round, so a short queue is spread over every worker.
      for (let round = 0; round < IN_FLIGHT; round++) {
        for (const worker of this.workers) send(worker);
      }
    });
  }

  /** Stops every worker. */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
