import type { RunEventRecord, RunState, Storage } from '@mark1/storage';
import type { RunEventNotifier } from './run-event-notifier';

/** Options of {@link followRunEvents}. */
export interface RunEventFeedOptions {
  /** Where events and the run's state are read. */
  readonly storage: Pick<Storage, 'runEvents' | 'runs'>;
  readonly runId: string;
  /** Events with a sequence number up to this one are skipped (a reconnecting client's `Last-Event-ID`). */
  readonly afterSeq: number;
  /** Wakes the feed when this process appends events. */
  readonly notifier: RunEventNotifier;
  /** Ends the feed (client gone, server stopping). */
  readonly signal: AbortSignal;
  /**
   * Milliseconds between two reads when no news arrives (writers in other processes).
   * @default 500
   */
  readonly pollIntervalMs?: number;
  /**
   * Events read per query.
   * @default 500
   */
  readonly batchSize?: number;
  /**
   * Milliseconds to wait, once the run is final, for its closing event (`run.finished`), which the
   * executor writes after the final state; a run that never writes one ends the feed after this.
   * @default 5000
   */
  readonly closingGraceMs?: number;
}

/** States after which a run writes no more events. `interrupted` is not one: `resume` continues it. */
export const FINAL_RUN_STATES: ReadonlySet<RunState> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** Milliseconds between quick re-reads after news whose events were not stored yet. */
const NEWS_RETRY_MS = 20;
/** Quick re-reads after one piece of news. */
const NEWS_RETRIES = 10;

/** Event types that close a run's story. */
const CLOSING_EVENT = /^run\.(finished|succeeded|failed|cancelled|completed)$/;

/**
 * A run's persisted events in sequence order, from `afterSeq + 1`, replayed from the database and
 * then followed live until the run is final and its last event was given. The database is the only
 * source, so a client reconnecting with `Last-Event-ID` gets every later event exactly once, and a
 * finished run replays its whole story. Ends early when `signal` aborts.
 */
export async function* followRunEvents(
  options: RunEventFeedOptions,
): AsyncGenerator<RunEventRecord> {
  const { storage, runId, notifier, signal } = options;
  const pollInterval = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 500;
  let last = options.afterSeq;
  const closingGrace = options.closingGraceMs ?? 5000;
  let finalSince: number | undefined;
  let closingSeen = false;
  // Listeners hear of an event before its row is written: after news, read again soon.
  let quickReads = 0;

  const readBatch = async (): Promise<RunEventRecord[]> =>
    storage.runEvents.list(runId, { afterSeq: last, limit: batchSize });

  while (!signal.aborted) {
    const wait = notifier.wait(runId, quickReads > 0 ? NEWS_RETRY_MS : pollInterval, signal);
    if (quickReads > 0) quickReads -= 1;
    const batch = await readBatch();
    for (const event of batch) {
      if (signal.aborted) break;
      last = event.seq;
      if (CLOSING_EVENT.test(event.type)) closingSeen = true;
      yield event;
    }
    if (batch.length === batchSize) {
      wait.cancel();
      continue;
    }
    const run = await storage.runs.get(runId);
    if (!run || FINAL_RUN_STATES.has(run.state)) {
      // The final state is written before the closing event: wait for that event (a while), then stop.
      finalSince ??= Date.now();
      if (closingSeen || !run || Date.now() - finalSince >= closingGrace) {
        wait.cancel();
        for (const event of await readBatch()) {
          if (signal.aborted) return;
          last = event.seq;
          yield event;
        }
        return;
      }
    }
    if (await wait.promise) quickReads = NEWS_RETRIES;
  }
}
