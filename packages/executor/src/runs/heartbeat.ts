import type { Storage } from '@mark1/storage';

/** A running heartbeat; `stop` waits for the tick in flight. */
export interface Heartbeat {
  stop(): Promise<void>;
}

/**
 * Marks a run alive every `intervalMs` (so other processes can tell a live run from an interrupted
 * one) and, on the same tick, notices a cancellation written by another process (`workflow
 * cancel` from another terminal, or the API) and calls `onCancelled`.
 */
export function startHeartbeat(
  storage: Storage,
  runId: string,
  intervalMs: number,
  onCancelled: () => void,
): Heartbeat {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await storage.runs.heartbeat(runId);
      const run = await storage.runs.get(runId);
      if (!stopped && run?.state === 'cancelled') onCancelled();
    } catch {
      // A missed heartbeat only makes the run look stale sooner; the next tick tries again.
    }
  };
  const timer = setInterval(() => {
    inFlight ??= tick().finally(() => {
      inFlight = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
