import { setImmediate } from 'node:timers/promises';
import { type AnalyzeResult, runAnalyzeTask } from './analyze-file-task';
import type { TaskQueue } from './task-queue';
import type { WorkerPool } from './worker-pool';

/**
 * Analyzes the queue on the calling thread and the pool's workers together: the calling thread takes
 * one file at a time (so it works while the workers are still starting) and lets the workers'
 * messages in between files. Resolves when the queue is empty and the workers are done; rejects if a
 * worker fails or `signal` aborts, leaving what is not done to the caller.
 */
export async function analyzeShared(
  queue: TaskQueue,
  pool: WorkerPool,
  onResult: (result: AnalyzeResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  let failed = false;
  const workersDone = pool.drain(queue, pool.size + 1, onResult, signal);
  workersDone.catch(() => {
    failed = true;
  });
  while (!failed && !signal?.aborted) {
    const task = queue.take();
    if (!task) break;
    onResult(runAnalyzeTask(task));
    await setImmediate();
  }
  await workersDone;
}
