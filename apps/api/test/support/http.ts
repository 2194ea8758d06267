/** A JSON body as tests read it: the assertions check its shape, not the types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

/** An HTTP answer, with the body parsed when it is JSON. */
export interface ApiResponse<T = Json> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** Options of {@link call}. */
export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as it is (a FormData, a string with its own content type). */
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

/** One real HTTP request to the server under test. */
export async function call<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('json') && text !== '' ? (JSON.parse(text) as T) : (text as T);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Polls `read` until `done` says yes (every 100 ms, at most `attempts` times) and returns the last value. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  attempts = 300,
): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < attempts && !done(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  if (!done(value))
    throw new Error(`Gave up waiting; the last value was ${JSON.stringify(value).slice(0, 2000)}`);
  return value;
}
