import type { Storage } from '@mark1/storage';
import type { RunEvent, RunEventBody, RunEventListener } from './run-events';

/** Where the events of one run go: listeners at once, storage in order (batched while a write is in flight). */
export interface RunEventSink {
  /** Numbers and timestamps an event, hands it to the listeners, and queues it for storage. */
  emit(body: RunEventBody): RunEvent;
  /** Resolves once every emitted event is stored. */
  flush(): Promise<void>;
  /** The first storage error, if writing events failed (the run itself goes on). */
  readonly error: Error | undefined;
}

/**
 * The event sink of a run whose last stored event has sequence number `lastSeq`. The orchestrator
 * running a run is the only writer of its events, so the numbers given here are the numbers
 * `run_events` stores.
 */
export function createEventSink(options: {
  storage: Storage;
  runId: string;
  lastSeq: number;
  /** Read at every event, so listeners may be added while the run goes on. */
  listeners: Iterable<RunEventListener>;
  redact?: (body: RunEventBody) => RunEventBody;
  /**
   * Milliseconds events wait to be written together (listeners get them at once).
   * @default 100
   */
  batchDelayMs?: number;
}): RunEventSink {
  let seq = options.lastSeq;
  let pending: RunEvent[] = [];
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let error: Error | undefined;
  const delay = options.batchDelayMs ?? 100;

  const drain = async () => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await options.storage.runEvents.append(
          options.runId,
          batch.map(({ type, seq: _seq, at, ...payload }) => ({ type, payload, at })),
        );
      } catch (caught) {
        error ??= caught as Error;
      }
    }
  };
  const writeNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Reset when the drain has settled (never inside it: a drain with nothing to write settles at once).
    writing ??= drain().finally(() => {
      writing = undefined;
    });
    return writing;
  };

  return {
    emit(body) {
      const safe = options.redact ? options.redact(body) : body;
      seq += 1;
      const event = { ...safe, seq, at: new Date().toISOString() } as RunEvent;
      for (const listener of options.listeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure is its own; the run goes on.
        }
      }
      pending.push(event);
      // A run's events are written in batches: one transaction per batch instead of per event.
      if (pending.length >= 200) void writeNow();
      else timer ??= setTimeout(() => void writeNow(), delay);
      return event;
    },
    async flush() {
      while (pending.length > 0 || writing) await writeNow();
    },
    get error() {
      return error;
    },
  };
}
