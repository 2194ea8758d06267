import { createStorage, type Storage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from './support/http';
import {
  dropSchema,
  postgresUrlFor,
  queryPostgres,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';
import { createPluginRepository, createSandbox, type Sandbox } from './support/sandbox';
import { startServer, type ApiServer } from './support/server';
import { readEventStream } from './support/sse';

// The same server on PostgreSQL (MARK1_DATABASE_URL), with API keys.
const schema = uniqueSchema('api');
let sandbox: Sandbox;
let storage: Storage;
let server: ApiServer;
let admin: string;
let operator: string;

beforeAll(async () => {
  await requirePostgres();
  sandbox = createSandbox('pg');
  storage = await createStorage({ url: postgresUrlFor(schema) });
  admin = (await storage.apiKeys.create({ name: 'admin', role: 'admin', createdBy: 'test' })).token;
  operator = (
    await storage.apiKeys.create({ name: 'operator', role: 'operator', createdBy: 'test' })
  ).token;
  server = await startServer({
    home: sandbox.home,
    env: { MARK1_DATABASE_URL: postgresUrlFor(schema), MARK1_API_ALLOWED_ROOTS: sandbox.allowed },
  });
});

afterAll(async () => {
  await server?.stop();
  await storage?.close();
  await dropSchema(schema);
  sandbox?.remove();
});

describe('the API on PostgreSQL', () => {
  it('is ready on PostgreSQL with its migrations', async () => {
    const ready = await call(server.url, 'GET', '/api/v1/ready');
    expect(ready.body).toEqual({
      status: 'ready',
      database: { engine: 'postgres', migrations: 2 },
    });
  });

  it('installs from a file:// URL, runs a workflow, streams and replays its events', async () => {
    const repository = createPluginRepository(sandbox.allowed);
    const accepted = await call(server.url, 'POST', '/api/v1/plugins/install', {
      token: admin,
      json: { source: repository.url },
    });
    expect(accepted.status).toBe(202);
    const operation = await waitFor(
      () => call(server.url, 'GET', accepted.headers.get('location')!, { token: operator }),
      (response) => ['succeeded', 'failed'].includes(response.body.state),
    );
    expect(operation.body.state).toBe('succeeded');

    const workflow = {
      name: 'pg-run',
      steps: [
        { id: 'a', plugin: 'api-tools', capability: 'sleep', inputs: { ms: 700, label: 'a' } },
        {
          id: 'b',
          plugin: 'api-tools',
          capability: 'echo',
          inputs: { text: '${steps.a.outputs.label}' },
          depends_on: ['a'],
        },
      ],
      outputs: { text: '${steps.b.outputs.text}' },
    };
    const run = await call(server.url, 'POST', '/api/v1/workflows/run', {
      token: operator,
      json: { workflow },
      headers: { 'idempotency-key': 'pg-1' },
    });
    expect(run.status).toBe(202);
    const url = `${server.url}/api/v1/runs/${run.body.id}/events`;
    const first = await readEventStream(url, {
      token: operator,
      until: (events) => events.length >= 2,
    });
    const rest = await readEventStream(url, {
      token: operator,
      lastEventId: first.events.at(-1)!.id!,
    });
    if (!rest.events.some((event) => event.event === 'run.finished'))
      throw new Error(JSON.stringify({ first: first.events, rest: rest.events }).slice(0, 3000));
    const ids = [...first.events, ...rest.events]
      .filter((event) => event.id !== undefined)
      .map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    expect(rest.events.find((event) => event.event === 'run.finished')!.data).toMatchObject({
      state: 'succeeded',
      outputs: { text: 'a' },
    });

    const again = await call(server.url, 'POST', '/api/v1/workflows/run', {
      token: operator,
      json: { workflow },
      headers: { 'idempotency-key': 'pg-1' },
    });
    expect(again.body.id).toBe(run.body.id);
    const stored = await queryPostgres(
      schema,
      "select state, status_code from idempotency_keys where key = 'pg-1'",
    );
    expect(stored).toEqual([{ state: 'completed', status_code: 202 }]);
  });

  it('writes audit rows and key hashes to PostgreSQL, never tokens', async () => {
    const rows = await queryPostgres(
      schema,
      "select actor, action, outcome from audit_log where action like 'api.%' order by id",
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'api.plugin.install', outcome: 'success' }),
      ]),
    );
    const keys = await queryPostgres(schema, 'select key_hash from api_keys');
    for (const key of keys) {
      expect(String(key.key_hash)).toMatch(/^scrypt\$/);
      expect(String(key.key_hash)).not.toContain(admin.slice(-43));
    }
    const metrics = (await call(server.url, 'GET', '/metrics')).text;
    expect(metrics).toMatch(/^mark1_database_connections [1-9]\d*$/m);
  });
});
