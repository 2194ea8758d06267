import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '@mark1/storage';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { followRunEvents } from './run-event-feed';
import type { RunEventNotifier } from './run-event-notifier';
import { openSseStream, type SseEvent } from './sse-stream';

/** Options of {@link serveRunEvents}. */
export interface ServeRunEventsOptions {
  readonly storage: Pick<Storage, 'runEvents' | 'runs'>;
  readonly notifier: RunEventNotifier;
  /** Aborts when the server stops. */
  readonly stopping: AbortSignal;
  /** The run whose events are streamed; undefined for an orchestration that has no run. */
  readonly runId: string | undefined;
  /** An event sent first, with id 0, to clients that are not resuming (an orchestration's plan). */
  readonly prelude?: SseEvent;
  /** Milliseconds between reads when no news arrives. @default 500 */
  readonly pollIntervalMs?: number;
}

/**
 * The `Last-Event-ID` a client sends when it reconnects (or `?lastEventId=`), as a sequence number;
 * -1 when it sends none. Anything that is not a whole number is refused.
 */
export function lastEventIdOf(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const value =
    (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
  if (value === undefined || value.trim() === '') return -1;
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw apiError(
      ApiErrorCodes.REQUEST_INVALID,
      `Last-Event-ID must be the id of an event this stream sent (a whole number), not "${value}".`,
    );
  }
  return Number(value.trim());
}

/**
 * Answers with a run's events as Server-Sent Events: `id` is the event's sequence number, `event`
 * its type (`run.started`, `step.finished`, ...), `data` the executor's typed event as JSON. A
 * client reconnecting with `Last-Event-ID: n` gets the events after n exactly once; a finished run
 * replays its whole story. The stream ends with an `end` event once the run is final, or when the
 * client leaves or the server stops.
 */
export async function serveRunEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ServeRunEventsOptions,
): Promise<void> {
  const lastEventId = lastEventIdOf(request);
  reply.hijack();
  const stream = openSseStream(reply.raw, { headers: { 'x-request-id': request.id } });
  const signal = AbortSignal.any([stream.signal, options.stopping]);
  try {
    if (options.prelude && lastEventId < 0) await stream.send({ ...options.prelude, id: 0 });
    if (options.runId !== undefined) {
      for await (const event of followRunEvents({
        storage: options.storage,
        runId: options.runId,
        afterSeq: Math.max(0, lastEventId),
        notifier: options.notifier,
        signal,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      })) {
        const payload = (event.payload ?? {}) as Record<string, unknown>;
        await stream.send({
          id: event.seq,
          event: event.type,
          data: { ...payload, type: event.type, seq: event.seq, at: event.at },
        });
      }
    }
    if (!signal.aborted) {
      const run =
        options.runId === undefined ? undefined : await options.storage.runs.get(options.runId);
      await stream.send({
        event: 'end',
        data: { runId: options.runId ?? null, state: run?.state ?? null },
      });
    }
  } catch (error) {
    request.log.error({ err: error, runId: options.runId }, 'event stream failed');
  } finally {
    stream.close();
  }
}
