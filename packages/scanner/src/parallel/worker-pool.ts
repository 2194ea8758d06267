import { Worker } from 'node:worker_threads';
import type { AnalyzeResult, AnalyzeTask } from './analyze-file-task';
import type { WorkerEntry } from './worker-entry';

const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

/**
 * Analyzes tasks on `size` worker threads: tasks go out in batches (about 256 KB or 64 files), each
 * worker takes the next batch when it finishes one, and the file bytes are transferred, not copied.
 * Rejects if a worker dies; the caller then falls back to the calling thread.
 */
export async function runInWorkers(
  entry: Extract<WorkerEntry, { ok: true }>,
  size: number,
  tasks: readonly AnalyzeTask[],
  onResult: (result: AnalyzeResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  const batches: AnalyzeTask[][] = [];
  let current: AnalyzeTask[] = [];
  let bytes = 0;
  for (const task of tasks) {
    current.push(task);
    bytes += task.bytes.byteLength;
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  const workers = Array.from({ length: Math.min(size, batches.length) }, () =>
    // The built worker is self-contained: it inherits none of the parent's flags (`-e`, `--input-type`
    // stop a worker from starting; a loader such as tsx made the workers four times slower).
    entry.kind === 'file'
      ? new Worker(entry.url, { execArgv: [] })
      : new Worker(entry.code, { eval: true, execArgv: entry.execArgv }),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (signal?.aborted) {
                reject(signal.reason ?? new Error('aborted'));
                return;
              }
              const batch = batches[next];
              if (!batch) {
                resolve();
                return;
              }
              const id = next++;
              worker.postMessage(
                { id, tasks: batch },
                batch.map((task) => task.bytes.buffer as ArrayBuffer),
              );
            };
            worker.on('message', (message: { id: number; results: AnalyzeResult[] }) => {
              for (const result of message.results) onResult(result);
              send();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`a scan worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
