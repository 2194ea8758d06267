import type { ServerResponse } from 'node:http';

/** One Server-Sent Event. */
export interface SseEvent {
  /** The `id:` line: what the client sends back as `Last-Event-ID` after a reconnect. */
  readonly id?: string | number;
  /** The `event:` line (the listener name in `EventSource`). */
  readonly event?: string;
  /** Serialized as JSON on one `data:` line. */
  readonly data: unknown;
}

/** Options of {@link openSseStream}. */
export interface SseStreamOptions {
  /**
   * Milliseconds a client waits before reconnecting (the `retry:` field).
   * @default 2000
   */
  readonly retryMs?: number;
  /**
   * Milliseconds between keep-alive comments, so proxies keep an idle stream open.
   * @default 15000
   */
  readonly heartbeatMs?: number;
  /** Extra response headers (the request id). */
  readonly headers?: Record<string, string>;
}

/** An open event stream on one response. */
export interface SseStream {
  /** Writes one event; resolves once the socket took it (waits out back-pressure). */
  send(event: SseEvent): Promise<void>;
  /** Ends the response. */
  close(): void;
  /** Aborts when the client disconnects or the stream is closed. */
  readonly signal: AbortSignal;
}

/** One event in the text/event-stream format; newlines inside `data` cannot occur (JSON on one line). */
export function formatSseEvent(event: SseEvent): string {
  const lines: string[] = [];
  if (event.id !== undefined) lines.push(`id: ${event.id}`);
  if (event.event !== undefined) lines.push(`event: ${event.event}`);
  lines.push(`data: ${JSON.stringify(event.data)}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * Starts a `text/event-stream` response on `response`: status 200, no caching, no proxy buffering,
 * a `retry:` hint, and a keep-alive comment every `heartbeatMs`.
 */
export function openSseStream(response: ServerResponse, options: SseStreamOptions = {}): SseStream {
  const controller = new AbortController();
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...options.headers,
  });
  response.write(`retry: ${options.retryMs ?? 2000}\n\n`);
  const heartbeat = setInterval(() => {
    if (!response.writableEnded) response.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const finish = () => {
    clearInterval(heartbeat);
    if (!controller.signal.aborted) controller.abort();
  };
  response.on('close', finish);

  return {
    signal: controller.signal,
    async send(event) {
      if (response.writableEnded || controller.signal.aborted) return;
      if (!response.write(formatSseEvent(event))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.once('drain', done);
          response.once('close', done);
        });
      }
    },
    close() {
      finish();
      if (!response.writableEnded) response.end();
    },
  };
}
