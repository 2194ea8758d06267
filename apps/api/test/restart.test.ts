import { join } from 'node:path';
import { createStorage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from './support/http';
import { createPluginRepository, createSandbox, type Sandbox } from './support/sandbox';
import { startServer, type ApiServer } from './support/server';
import { readEventStream } from './support/sse';

// Servers that die and come back on the same home: SIGKILL mid-run then resume, idempotency keys
// that outlive the process, and SIGTERM with a grace period.
let sandbox: Sandbox;
let server: ApiServer | undefined;

const env = () => ({ MARK1_API_ALLOWED_ROOTS: sandbox.allowed, MARK1_API_SHUTDOWN_GRACE: '3' });

const chain = (name: string, secondMs: number) => ({
  name,
  steps: [
    { id: 'first', plugin: 'api-tools', capability: 'sleep', inputs: { ms: 10, label: 'first' } },
    {
      id: 'second',
      plugin: 'api-tools',
      capability: 'sleep',
      inputs: { ms: secondMs, label: 'second' },
      depends_on: ['first'],
    },
    {
      id: 'third',
      plugin: 'api-tools',
      capability: 'echo',
      inputs: { text: '${steps.second.outputs.label} done' },
      depends_on: ['second'],
    },
  ],
  outputs: { said: '${steps.third.outputs.text}' },
});

async function untilSecondStarts(url: string) {
  return readEventStream(url, {
    until: (events) =>
      events.some((event) => event.event === 'step.started' && event.data.stepId === 'second'),
  });
}

beforeAll(async () => {
  sandbox = createSandbox('restart');
  const repository = createPluginRepository(sandbox.allowed);
  server = await startServer({ home: sandbox.home, env: env() });
  const accepted = await call(server.url, 'POST', '/api/v1/plugins/install', {
    json: { source: repository.url },
  });
  await waitFor(
    () => call(server!.url, 'GET', accepted.headers.get('location')!),
    (response) => response.body.state === 'succeeded',
  );
});

afterAll(async () => {
  await server?.stop();
  sandbox?.remove();
});

describe('a server killed with SIGKILL', () => {
  it('leaves the run resumable: the new server resumes it, finished steps do not run again, and the stream continues', async () => {
    const keyed = await call(server!.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: chain('keyed', 10) },
      headers: { 'idempotency-key': 'survives-restarts' },
    });
    expect(keyed.status).toBe(202);

    const run = await call(server!.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: chain('killed', 2500) },
    });
    const url = `/api/v1/runs/${run.body.id}/events`;
    const before = await untilSecondStarts(`${server!.url}${url}`);
    expect(await server!.stop('SIGKILL')).toBeNull();

    server = await startServer({ home: sandbox.home, env: env() });
    const orphan = await call(server.url, 'GET', `/api/v1/runs/${run.body.id}`);
    expect(orphan.body.run.state).toBe('running');
    expect(orphan.body.orphaned).toBe(true);

    const resumed = await call(server.url, 'POST', `/api/v1/runs/${run.body.id}/resume`);
    expect(resumed.status).toBe(202);
    expect(resumed.headers.get('location')).toBe(`/api/v1/runs/${run.body.id}`);

    const after = await readEventStream(`${server.url}${url}`, {
      lastEventId: before.events.at(-1)!.id!,
    });
    expect(after.endedByServer).toBe(true);
    const ids = [...before.events, ...after.events]
      .filter((event) => event.id !== undefined)
      .map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    const restarted = after.events.find((event) => event.event === 'run.started')!;
    expect(restarted.data.resumed).toBe(true);
    const started = after.events
      .filter((event) => event.event === 'step.started')
      .map((event) => event.data.stepId);
    expect(started).not.toContain('first');
    expect(started).toEqual(['second', 'third']);
    expect(after.events.find((event) => event.event === 'run.finished')!.data).toMatchObject({
      state: 'succeeded',
      outputs: { said: 'second done' },
    });

    const details = await call(server.url, 'GET', `/api/v1/runs/${run.body.id}`);
    expect(
      details.body.steps.filter((step: { stepId: string }) => step.stepId === 'first'),
    ).toHaveLength(1);

    const retried = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: chain('keyed', 10) },
      headers: { 'idempotency-key': 'survives-restarts' },
    });
    expect(retried.status).toBe(202);
    expect(retried.body.id).toBe(keyed.body.id);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('a server stopped with SIGTERM', () => {
  it('lets runs finish within the grace period, marks the rest interrupted, and a new server resumes them', async () => {
    const quick = await call(server!.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: chain('quick', 1200) },
    });
    const slow = await call(server!.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: chain('slow', 8000) },
    });
    await untilSecondStarts(`${server!.url}/api/v1/runs/${quick.body.id}/events`);
    await untilSecondStarts(`${server!.url}/api/v1/runs/${slow.body.id}/events`);
    const stream = readEventStream(`${server!.url}/api/v1/runs/${slow.body.id}/events`);

    expect(await server!.stop('SIGTERM')).toBe(0);
    const logs = server!.logLines();
    expect(logs.find((line) => line.msg === 'stopped')).toMatchObject({
      interruptedRuns: [slow.body.id],
    });
    expect((await stream).endedByServer).toBe(true);

    const storage = await createStorage({
      url: `sqlite://${join(sandbox.home, 'mark1.db')}`,
      migrate: false,
    });
    try {
      expect((await storage.runs.get(quick.body.id))?.state).toBe('succeeded');
      const interrupted = await storage.runs.get(slow.body.id);
      expect(interrupted).toMatchObject({ state: 'interrupted', error: { code: 'INTERRUPTED' } });
    } finally {
      await storage.close();
    }

    server = await startServer({ home: sandbox.home, env: env() });
    expect((await call(server.url, 'GET', '/ready')).status).toBe(200);
    const resumed = await call(server.url, 'POST', `/api/v1/runs/${slow.body.id}/resume`);
    expect(resumed.status).toBe(202);
    const finished = await readEventStream(`${server.url}/api/v1/runs/${slow.body.id}/events`, {
      lastEventId: '0',
    });
    expect(finished.events.at(-1)).toMatchObject({ event: 'end', data: { state: 'succeeded' } });
  });
});
