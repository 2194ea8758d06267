import type { AnalyzeTask } from './analyze-file-task';

const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

/**
 * The files left to analyze, shared by the calling thread and the workers. Handed out in order, in
 * batches that shrink as the queue empties, so every thread finishes at about the same time.
 */
export class TaskQueue {
  private readonly tasks: AnalyzeTask[];
  private next = 0;
  private remainingBytes = 0;

  constructor(tasks: readonly AnalyzeTask[]) {
    this.tasks = [...tasks];
    for (const task of tasks) this.remainingBytes += task.bytes.byteLength;
  }

  /** True when every task has been handed out. */
  get empty(): boolean {
    return this.next >= this.tasks.length;
  }

  /** The next task, or undefined when the queue is empty. */
  take(): AnalyzeTask | undefined {
    const task = this.tasks[this.next];
    if (!task) return undefined;
    this.next += 1;
    this.remainingBytes -= task.bytes.byteLength;
    return task;
  }

  /**
   * A batch for one of `threads` threads: about half its share of what is left (at most 256 KB or
   * 64 files), at least one task; empty when the queue is.
   */
  takeBatch(threads: number): AnalyzeTask[] {
    const target = Math.min(BATCH_BYTES, this.remainingBytes / (2 * threads));
    const batch: AnalyzeTask[] = [];
    let bytes = 0;
    while (batch.length < BATCH_FILES && (batch.length === 0 || bytes < target)) {
      const task = this.take();
      if (!task) break;
      batch.push(task);
      bytes += task.bytes.byteLength;
    }
    return batch;
  }
}
