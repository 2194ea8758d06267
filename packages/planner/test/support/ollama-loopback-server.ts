import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the server. */
export interface ScriptedReply {
  /** The assistant message's text (a plan, malformed JSON, anything). */
  readonly content?: string;
  /** Wait this long before answering (to exercise timeouts). */
  readonly delayMs?: number;
  /** Answer with this HTTP status and `error` instead of a message. */
  readonly status?: number;
  readonly error?: string;
  /** Pieces the content is streamed in. @default 3 */
  readonly chunks?: number;
}

/** A request the server received on /api/chat. */
export interface ReceivedChat {
  readonly model: string;
  readonly stream: boolean | undefined;
  readonly format: unknown;
  readonly messages: readonly { role: string; content: string }[];
  readonly options?: Record<string, unknown>;
}

/** A running server. */
export interface OllamaLoopbackServer {
  /** Base URL, e.g. http://127.0.0.1:43121. */
  readonly url: string;
  readonly requests: ReceivedChat[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}

function split(text: string, pieces: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.ceil(text.length / Math.max(1, pieces));
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

/**
 * An HTTP server on 127.0.0.1 that speaks Ollama's `/api/chat` as the Ollama server does: with
 * `stream: true` (what ChatOllama always sends) an NDJSON stream of message chunks ending with a
 * `done: true` line carrying the token counts; with `stream: false` one JSON object. It answers
 * with the scripted replies in order (the last one repeats), 404s a model it does not list, and
 * records every request so tests can check what LangChain sent.
 */
export async function startOllamaLoopbackServer(
  replies: readonly (ScriptedReply | string)[],
  options: { models?: readonly string[] } = {},
): Promise<OllamaLoopbackServer> {
  const models = options.models ?? ['llama3.1:8b'];
  const requests: ReceivedChat[] = [];
  let next = 0;
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method === 'GET' && request.url === '/api/tags') {
        sendJson(response, 200, { models: models.map((name) => ({ name, model: name })) });
        return;
      }
      if (request.method !== 'POST' || request.url !== '/api/chat') {
        sendJson(response, 404, { error: `${request.method} ${request.url} not found` });
        return;
      }
      const body = JSON.parse(await readBody(request)) as ReceivedChat;
      requests.push(body);
      if (!models.includes(body.model)) {
        sendJson(response, 404, { error: `model "${body.model}" not found, try pulling it first` });
        return;
      }
      const scripted = replies[Math.min(next, replies.length - 1)] ?? '';
      next += 1;
      const reply: ScriptedReply = typeof scripted === 'string' ? { content: scripted } : scripted;
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (response.destroyed) return;
      if (reply.status) {
        sendJson(response, reply.status, { error: reply.error ?? 'scripted failure' });
        return;
      }
      const created = new Date().toISOString();
      const content = reply.content ?? '';
      const final = {
        model: body.model,
        created_at: created,
        message: { role: 'assistant', content: body.stream === false ? content : '' },
        done: true,
        done_reason: 'stop',
        total_duration: 1_000_000,
        load_duration: 1000,
        prompt_eval_count: 42,
        prompt_eval_duration: 1000,
        eval_count: content.length,
        eval_duration: 1000,
      };
      if (body.stream === false) {
        sendJson(response, 200, final);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const piece of split(content, reply.chunks ?? 3)) {
        response.write(
          `${JSON.stringify({ model: body.model, created_at: created, message: { role: 'assistant', content: piece }, done: false })}\n`,
        );
      }
      response.end(`${JSON.stringify(final)}\n`);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
