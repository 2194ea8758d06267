/** Work started by a request that outlives it (an install answered with 202). */
export interface BackgroundTasks {
  /** Runs `work` in the background with a signal that aborts when the server stops. */
  start(name: string, work: (signal: AbortSignal) => Promise<void>): void;
  /** Tasks still running. */
  readonly running: number;
  /**
   * Waits up to `graceMs` for running tasks, then aborts the rest and waits for them to wind down
   * (they clean up after themselves on abort).
   */
  drain(graceMs: number): Promise<void>;
}

/** A {@link BackgroundTasks}; failures are handed to `onError` (the work records its own outcome). */
export function createBackgroundTasks(
  onError: (name: string, error: unknown) => void,
): BackgroundTasks {
  const controller = new AbortController();
  const running = new Set<Promise<void>>();
  return {
    start(name, work) {
      const task = work(controller.signal)
        .catch((error: unknown) => onError(name, error))
        .finally(() => running.delete(task));
      running.add(task);
    },
    get running() {
      return running.size;
    },
    async drain(graceMs) {
      if (running.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled([...running]), timeout]);
      clearTimeout(timer);
      if (running.size > 0) {
        controller.abort(new Error('the server is stopping'));
        await Promise.allSettled([...running]);
      }
    },
  };
}
