import type { Json } from './http';

/** One Server-Sent Event as received. */
export interface ReceivedEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: Json;
}

/** Options of {@link readEventStream}. */
export interface ReadEventStreamOptions {
  readonly token?: string;
  /** Sent as `Last-Event-ID`. */
  readonly lastEventId?: string;
  /** Stop reading (and disconnect) once this returns true for the events so far. */
  readonly until?: (events: readonly ReceivedEvent[]) => boolean;
}

/** What reading a stream gave: its events, whether the server ended it, and the response status. */
export interface EventStreamResult {
  readonly status: number;
  readonly contentType: string;
  readonly events: ReceivedEvent[];
  /** True when the server closed the stream (not the reader). */
  readonly endedByServer: boolean;
}

function parseBlock(block: string): ReceivedEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { id, event, data: JSON.parse(data.join('\n')) };
}

/** Reads an event stream over real HTTP, parsing `id`, `event` and JSON `data` per the SSE format. */
export async function readEventStream(
  url: string,
  options: ReadEventStreamOptions = {},
): Promise<EventStreamResult> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(url, { headers, signal: controller.signal });
  const contentType = response.headers.get('content-type') ?? '';
  const events: ReceivedEvent[] = [];
  if (!response.ok || !response.body) {
    return { status: response.status, contentType, events, endedByServer: true };
  }
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { status: response.status, contentType, events, endedByServer: true };
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = parseBlock(block);
        if (!event) continue;
        events.push(event);
        if (options.until?.(events)) {
          controller.abort();
          return { status: response.status, contentType, events, endedByServer: false };
        }
      }
    }
  } catch (error) {
    if (controller.signal.aborted)
      return { status: response.status, contentType, events, endedByServer: false };
    throw error;
  }
}
