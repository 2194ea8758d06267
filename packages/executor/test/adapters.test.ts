// Each adapter against real fixture plugins, through the whole executor (sandbox included).
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PLUGINS } from './support/folder-resolver';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
let server: Server;
let port: number;
const received: { method: string; url: string; token: string | undefined; body: string }[] = [];

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  harness = await createHarness({
    allowInProcess: true,
    secrets: { 'http-echo': { API_TOKEN: 'tok-123' } },
  });
  server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    received.push({
      method: request.method!,
      url: request.url!,
      token: request.headers['x-token'] as string | undefined,
      body,
    });
    if (request.url!.startsWith('/echo/')) {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({ reply: { path: request.url, body: JSON.parse(body) as unknown } }),
      );
    } else if (request.url!.startsWith('/status/')) {
      response.statusCode = Number(request.url!.split('/')[2]);
      response.end(`status ${response.statusCode} body`);
    } else if (request.url === '/slow') {
      setTimeout(() => response.end('late'), 5000);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

describe('cli adapter', () => {
  it('fills flags, repeated flags, separators and positionals from the inputs, never through a shell', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'wc', {
      text: 'a;b;a; $(touch /tmp/pwned)',
      sep: ';',
      unique: true,
      tags: ['x', 'y'],
    });
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({
      count: 3,
      argv: { unique: true, sep: ';', tags: ['x', 'y'] },
    });
  });

  it('drops a flag whose value is absent and a switch whose condition is false', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'wc', { text: 'one two two' });
    expect(result.outputs).toEqual({ count: 3, argv: { unique: false, sep: null, tags: [] } });
  });

  it('writes the stdin template and keeps text output as text', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'lines', {
      text: 'alpha\nbeta',
    });
    expect(result.outputs).toEqual({ text: '1: alpha\n2: beta' });
  });

  it('renders entry-point env templates into the environment', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'greet-env', { name: 'Ada' });
    expect(result.outputs).toEqual({ greeting: 'hello Ada' });
  });

  it('turns a file written to MARK1_OUTPUT_DIR into a content-addressed artifact, kept under its own name', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'make-chart', {
      title: 'Sales',
    });
    expect(result.state).toBe('succeeded');
    const path = result.outputs.chart as string;
    expect(path.startsWith(`${harness.home}/runs/${result.runId}/outputs/`)).toBe(true);
    expect(path.endsWith('/chart.svg')).toBe(true);
    const artifact = readdirSync(join(harness.home, 'artifacts'), {
      recursive: true,
      withFileTypes: true,
    }).find(
      (entry) =>
        entry.isFile() && statSync(join(entry.parentPath, entry.name)).ino === statSync(path).ino,
    );
    expect(artifact).toBeDefined();
    expect(readFileSync(path, 'utf8')).toContain('<text>Sales</text>');
  });

  it('gives a capability without declared outputs its stdout as `result`', async () => {
    const result = await harness.executor.runCapability('cli-tools', 'noop', {});
    expect(result).toMatchObject({ state: 'succeeded', outputs: { result: '' } });
  });
});

describe('python_function adapter', () => {
  it('calls a tool object (LangChain @tool style) through invoke with its inputs', async () => {
    const result = await harness.executor.runCapability('py-tools', 'tool-object', {
      query: 'mark1',
    });
    expect(result).toMatchObject({ state: 'succeeded', outputs: { answer: 'looked up mark1' } });
  });

  it('turns bytes (text when UTF-8, else base64) and tuples into JSON', async () => {
    const result = await harness.executor.runCapability('py-tools', 'bytes-result', {});
    expect(result).toMatchObject({
      state: 'succeeded',
      outputs: { text: 'héllo', raw: '/wA=', pair: [1, 2] },
    });
  });

  it('imports a package of a src layout through python_path, and refuses a folder outside the plugin', async () => {
    const result = await harness.executor.runCapability('py-src-layout', 'shout', { text: 'hi' });
    expect(result).toMatchObject({ state: 'succeeded', outputs: { text: 'HI!' } });
    const escape = await harness.executor.runCapability('py-src-layout', 'escape', { text: 'hi' });
    expect(escape.error?.code).toBe('ENTRY_POINT_UNSUPPORTED');
    expect(escape.error?.message).toContain('outside the plugin folder');
  });

  it('calls the function with keyword arguments and maps the returned object to outputs', async () => {
    const result = await harness.executor.runCapability('py-tools', 'split-words', {
      text: 'to be or not',
    });
    expect(result.outputs).toEqual({ words: ['to', 'be', 'or', 'not'], count: 4 });
  });

  it('applies input defaults', async () => {
    const result = await harness.executor.runCapability('py-tools', 'add', { a: 41 });
    expect(result.outputs).toEqual({ sum: 42 });
  });

  it('instantiates Class() for Class.method, and the plugin printing JSON does not corrupt the result', async () => {
    const { events, listener } = {
      events: [] as string[],
      listener: (event: { type: string; text?: string }) => void events.push(event.text ?? ''),
    };
    const result = await harness.executor.runCapability(
      'py-tools',
      'scale',
      { value: 21 },
      { onEvent: (event) => listener(event as never) },
    );
    expect(result.outputs).toEqual({ scaled: 42 });
    expect(events).toContain('{"scaled": "not from the channel"}');
  });

  it('awaits async functions', async () => {
    const result = await harness.executor.runCapability('py-tools', 'async-double', { value: 2.5 });
    expect(result.outputs).toEqual({ doubled: 5 });
  });

  it('reports a raised exception with its type and message', async () => {
    const result = await harness.executor.runCapability('py-tools', 'fail', {
      message: 'no such customer',
    });
    expect(result.state).toBe('failed');
    expect(result.error?.code).toBe('PLUGIN_ERROR');
    expect(result.error?.message).toContain('ValueError: no such customer');
  });

  it('refuses a call whose literal inputs do not fit the schema, before anything starts', async () => {
    const before = (await harness.executor.history({ limit: 100 })).length;
    await expect(
      harness.executor.runCapability('py-tools', 'add', { a: 'forty' }),
    ).rejects.toMatchObject({
      code: 'WORKFLOW_INVALID',
      message: expect.stringContaining('expects number for "a"'),
    });
    expect((await harness.executor.history({ limit: 100 })).length).toBe(before);
  });

  it('reads template-looking text in direct calls as text', async () => {
    const result = await harness.executor.runCapability('py-tools', 'echo', {
      value: '${secrets.API_TOKEN} and $${x}',
    });
    expect(result.outputs).toEqual({ value: '${secrets.API_TOKEN} and $${x}' });
  });
});

describe('node_function adapter', () => {
  it('calls a named export with one inputs object', async () => {
    const result = await harness.executor.runCapability('node-tools', 'upper', { text: 'shout' });
    expect(result.outputs).toEqual({ upper: 'SHOUT' });
  });

  it('dispatches a definePlugin() default export by capability name', async () => {
    const result = await harness.executor.runCapability('node-tools', 'word-lengths', {
      text: 'a bb ccc',
    });
    expect(result.outputs).toEqual({ lengths: [1, 2, 3] });
  });

  it('loads CommonJS modules', async () => {
    const result = await harness.executor.runCapability('node-tools', 'count-chars', {
      text: 'héllo',
    });
    expect(result.outputs).toEqual({ count: 5 });
  });

  it('reports a thrown error, and a result that is not JSON', async () => {
    const thrown = await harness.executor.runCapability('node-tools', 'explode', {});
    expect(thrown.error?.code).toBe('PLUGIN_ERROR');
    expect(thrown.error?.message).toContain('TypeError: the node plugin exploded');
    const bigint = await harness.executor.runCapability('node-tools', 'bigint', {});
    expect(bigint.error?.code).toBe('OUTPUT_INVALID');
  });

  it('runs in the orchestrator process only when the manifest and the user both allow it', async () => {
    const allowed = await harness.executor.runCapability('node-inproc', 'double', { value: 4 });
    expect(allowed.outputs).toEqual({ doubled: 8 });
    const strict = await createHarness();
    try {
      const refused = await strict.executor.runCapability('node-inproc', 'double', { value: 4 });
      expect(refused.error?.code).toBe('IN_PROCESS_NOT_ALLOWED');
    } finally {
      await strict.close();
    }
  });
});

describe('http adapter', () => {
  it('renders URL (encoded), query, headers with the plugin secret, and a JSON body', async () => {
    const result = await harness.executor.runCapability('http-echo', 'echo', {
      port,
      text: 'a b/c',
    });
    expect(result.state).toBe('succeeded');
    const request = received.find((item) => item.url.startsWith('/echo/'))!;
    expect(request.url).toBe('/echo/a%20b%2Fc?lang=en');
    expect(request.token).toBe('tok-123');
    expect(JSON.parse(request.body)).toEqual({ text: 'a b/c', shout: true });
    expect(result.outputs).toEqual({
      reply: { path: '/echo/a%20b%2Fc?lang=en', body: { text: 'a b/c', shout: true } },
    });
  });

  it('turns an error status into HTTP_ERROR with the status and body', async () => {
    const result = await harness.executor.runCapability('http-echo', 'status', { port, code: 503 });
    expect(result.error?.code).toBe('HTTP_ERROR');
    expect(result.error?.message).toContain('503');
    expect(result.error?.message).toContain('status 503 body');
  });

  it('times out a server that does not answer', async () => {
    const result = await harness.executor.runCapability('http-echo', 'slow', { port });
    expect(result.error?.code).toBe('TIMEOUT');
  });

  it('refuses the request of a plugin whose manifest does not ask for the network', async () => {
    const plugins = mkdtempSync(join(tmpdir(), 'mark1-no-network-'));
    cpSync(join(FIXTURE_PLUGINS, 'http-echo'), join(plugins, 'http-echo'), { recursive: true });
    const manifest = join(plugins, 'http-echo', 'mark1.plugin.yml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('network: true', 'network: false'),
    );
    const offline = await createHarness({
      pluginsDir: plugins,
      secrets: { 'http-echo': { API_TOKEN: 'tok-123' } },
    });
    try {
      const before = received.length;
      const result = await offline.executor.runCapability('http-echo', 'echo', { port, text: 'x' });
      expect(result.error?.code).toBe('NETWORK_NOT_PERMITTED');
      expect(result.error?.message).toContain('permissions: { network: true }');
      expect(received.length).toBe(before);
    } finally {
      await offline.close();
      rmSync(plugins, { recursive: true, force: true });
    }
  });
});

describe('container adapter', () => {
  it('fails clearly when no container engine is reachable (never a fake success)', async () => {
    const result = await harness.executor.runCapability('container-tool', 'hello', {});
    expect(result.state).toBe('failed');
    expect(result.error?.code).toBe('CONTAINER_ENGINE_UNAVAILABLE');
    expect(result.error?.message).toMatch(
      /no container engine is reachable|docker CLI is not installed/,
    );
  });
});
