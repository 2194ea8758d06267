/** A wait for news of one run that can be given up. */
export interface RunEventWait {
  /** Resolves `true` on news of the run, `false` after the timeout, when cancelled or when the signal aborts. */
  readonly promise: Promise<boolean>;
  /** Stops waiting (resolves the promise). */
  cancel(): void;
}

/**
 * Wakes followers of a run's event stream as soon as this process appends events. Writers in other
 * processes are seen by polling: every wait ends after its timeout.
 */
export interface RunEventNotifier {
  /** Tells followers of `runId` that it has new events (or changed state). */
  notify(runId: string): void;
  /** Waits for news of `runId`, at most `timeoutMs`. Create the wait before reading, so no news is lost in between. */
  wait(runId: string, timeoutMs: number, signal?: AbortSignal): RunEventWait;
  /** Runs with at least one follower waiting, for tests and metrics. */
  waitingRuns(): number;
}

/** An in-process {@link RunEventNotifier}. */
export function createRunEventNotifier(): RunEventNotifier {
  const waiters = new Map<string, Set<(news?: boolean) => void>>();
  return {
    notify(runId) {
      const set = waiters.get(runId);
      if (!set) return;
      waiters.delete(runId);
      for (const wake of set) wake(true);
    },
    wait(runId, timeoutMs, signal) {
      let wake!: (news?: boolean) => void;
      const promise = new Promise<boolean>((resolve) => {
        let done = false;
        const timer = setTimeout(() => wake(), timeoutMs);
        const onAbort = () => wake();
        wake = (news = false) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const set = waiters.get(runId);
          set?.delete(wake);
          if (set?.size === 0) waiters.delete(runId);
          resolve(news);
        };
        if (signal?.aborted) return wake();
        signal?.addEventListener('abort', onAbort, { once: true });
        let set = waiters.get(runId);
        if (!set) {
          set = new Set();
          waiters.set(runId, set);
        }
        set.add(wake);
      });
      return { promise, cancel: () => wake(false) };
    },
    waitingRuns: () => waiters.size,
  };
}
