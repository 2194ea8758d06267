import { join } from 'node:path';
import { createStorage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from './support/http';
import { createPluginRepository, createSandbox, type Sandbox } from './support/sandbox';
import { startServer, type ApiServer } from './support/server';
import { readEventStream, type ReceivedEvent } from './support/sse';

// One server on SQLite, open mode (loopback, no key), with one allowed folder. The plugin is
// installed over the API from a file:// git URL in the first test; later tests use it.
let sandbox: Sandbox;
let server: ApiServer;
let repositoryUrl: string;

const INJECTION =
  "${constructor.constructor('return process')().exit(1)} `${process.pid}` ${`${1+1}`} ${process.env.HOME}";

const sleeper = (ms: number, name = 'sleeper') => ({
  name,
  inputs: { ms: { type: 'integer', default: ms } },
  steps: [
    { id: 'first', plugin: 'api-tools', capability: 'sleep', inputs: { ms: 50, label: 'first' } },
    {
      id: 'second',
      plugin: 'api-tools',
      capability: 'sleep',
      inputs: { ms: '${workflow.inputs.ms}', label: 'second' },
      depends_on: ['first'],
    },
    {
      id: 'third',
      plugin: 'api-tools',
      capability: 'echo',
      inputs: { text: 'done' },
      depends_on: ['second'],
    },
  ],
  outputs: { label: '${steps.second.outputs.label}' },
});

async function runToEnd(runId: string) {
  return waitFor(
    () => call(server.url, 'GET', `/api/v1/runs/${runId}`),
    (response) => ['succeeded', 'failed', 'cancelled'].includes(response.body.run?.state),
  );
}

beforeAll(async () => {
  sandbox = createSandbox('runs');
  repositoryUrl = createPluginRepository(sandbox.allowed).url;
  server = await startServer({
    home: sandbox.home,
    env: { MARK1_API_ALLOWED_ROOTS: sandbox.allowed },
  });
});

afterAll(async () => {
  await server?.stop();
  sandbox?.remove();
});

describe('plugins over the API', () => {
  it('installs from a file:// git URL in the background: 202, Location, then a succeeded operation', async () => {
    const accepted = await call(server.url, 'POST', '/api/v1/plugins/install', {
      json: { source: repositoryUrl },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/api/v1/operations/${accepted.body.id}`);
    expect(accepted.body.state).toBe('pending');
    const operation = await waitFor(
      () => call(server.url, 'GET', accepted.headers.get('location')!),
      (response) => ['succeeded', 'failed'].includes(response.body.state),
    );
    expect(operation.body).toMatchObject({
      state: 'succeeded',
      plugin: 'api-tools',
      result: { status: 'installed', version: '1.0.0' },
    });
    expect(operation.body.result.capabilities).toEqual(['echo', 'greet', 'sleep', 'noop']);
    expect(operation.body.result.smokeTest).toMatchObject({ status: 'passed' });
  });

  it('lists the plugin, shows its details without server paths, and finds its capabilities', async () => {
    const list = await call(server.url, 'GET', '/api/v1/plugins');
    expect(list.body.map((plugin: { name: string }) => plugin.name)).toEqual(['api-tools']);
    const info = await call(server.url, 'GET', '/api/v1/plugins/api-tools');
    expect(info.status).toBe(200);
    expect(info.body.manifest.plugin.name).toBe('api-tools');
    expect(info.body).not.toHaveProperty('path');
    expect(JSON.stringify(info.body)).not.toContain(join(sandbox.home, 'plugins'));

    const capabilities = await call(server.url, 'GET', '/api/v1/capabilities');
    expect(capabilities.body.map((item: { capability: string }) => item.capability).sort()).toEqual(
      ['echo', 'greet', 'noop', 'sleep'],
    );
    const search = await call(
      server.url,
      'GET',
      '/api/v1/capabilities/search?q=greeting%20for%20a%20name&limit=2',
    );
    expect(search.status).toBe(200);
    expect(search.body[0]).toMatchObject({ plugin: 'api-tools', capability: 'greet' });
    expect(search.body[0].score).toBeGreaterThan(0);
  });

  it('executes a capability and returns injection payloads in its inputs as data', async () => {
    const response = await call(server.url, 'POST', '/api/v1/plugins/api-tools/execute', {
      json: { capability: 'echo', inputs: { text: INJECTION } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'succeeded',
      outputs: { text: INJECTION },
      runId: expect.any(String),
    });
    expect(server.child.exitCode).toBeNull();

    const executions = await call(
      server.url,
      'GET',
      '/api/v1/plugins/api-tools/executions?limit=5',
    );
    expect(executions.body[0]).toMatchObject({
      executionId: response.body.executionId,
      capabilityName: 'echo',
      status: 'succeeded',
    });
    const status = await call(server.url, 'GET', '/api/v1/plugins/api-tools/status');
    expect(status.body).toMatchObject({ plugin: 'api-tools', enabled: true, health: 'ok' });
    expect(status.body.executions.succeeded).toBeGreaterThanOrEqual(1);
  });

  it('refuses a source outside the allowed folders before the registry sees it', async () => {
    const outside = createPluginRepository(sandbox.outside, 'stranger');
    for (const source of [
      outside.url,
      outside.path,
      join(sandbox.allowed, '..', 'outside', 'stranger'),
    ]) {
      const response = await call(server.url, 'POST', '/api/v1/plugins/install', {
        json: { source },
      });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('PATH_NOT_ALLOWED');
    }
    const scan = await call(server.url, 'POST', '/api/v1/scan', { json: { path: '/etc' } });
    expect(scan.status).toBe(403);
    expect(scan.body.code).toBe('PATH_NOT_ALLOWED');
  });

  it('scans a repository under an allowed folder', async () => {
    const response = await call(server.url, 'POST', '/api/v1/scan', {
      json: { path: join(sandbox.allowed, 'api-tools-repo') },
    });
    expect(response.status).toBe(200);
    expect(response.body.schemaVersion).toBeDefined();
    expect(JSON.stringify(response.body)).toContain('tools.mjs');
  });
});

describe('workflows and runs over the API', () => {
  it('validates a workflow, reporting unknown capabilities with a suggestion', async () => {
    const good = await call(server.url, 'POST', '/api/v1/workflows/validate', {
      json: { workflow: sleeper(10) },
    });
    expect(good.body).toMatchObject({ valid: true, order: ['first', 'second', 'third'] });
    const bad = await call(server.url, 'POST', '/api/v1/workflows/validate', {
      json: {
        yaml: 'name: w\nsteps:\n  - id: a\n    plugin: api-tools\n    capability: eko\n    inputs: { text: hi }\n',
      },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors[0]).toMatchObject({ line: 5, suggestion: 'echo' });
  });

  it('runs a workflow (202 + Location) and streams its events to the end', async () => {
    const workflow = {
      name: 'hello',
      inputs: { who: { type: 'string' } },
      steps: [
        {
          id: 'greet',
          plugin: 'api-tools',
          capability: 'greet',
          inputs: { name: '${workflow.inputs.who}' },
        },
        {
          id: 'echo',
          plugin: 'api-tools',
          capability: 'echo',
          inputs: { text: 'said: ${steps.greet.outputs.greeting}' },
          depends_on: ['greet'],
        },
      ],
      outputs: { said: '${steps.echo.outputs.text}' },
    };
    const accepted = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow, inputs: { who: INJECTION } },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/api/v1/runs/${accepted.body.id}`);

    const stream = await readEventStream(`${server.url}/api/v1/runs/${accepted.body.id}/events`);
    expect(stream.contentType).toContain('text/event-stream');
    expect(stream.endedByServer).toBe(true);
    const types = stream.events.map((event) => event.event);
    expect(types[0]).toBe('run.started');
    expect(types).toContain('step.finished');
    expect(types.at(-2)).toBe('run.finished');
    expect(types.at(-1)).toBe('end');
    const ids = stream.events
      .filter((event) => event.id !== undefined)
      .map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    const finished = stream.events.find((event) => event.event === 'run.finished')!;
    expect(finished.data.outputs.said).toBe(`said: Hello, ${INJECTION}!`);
    expect(server.child.exitCode).toBeNull();
  });

  it('replays a finished run whole, and from a Last-Event-ID only what came after it', async () => {
    const run = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: sleeper(10, 'replay') },
    });
    await runToEnd(run.body.id);
    const whole = await readEventStream(`${server.url}/api/v1/runs/${run.body.id}/events`);
    const rest = await readEventStream(`${server.url}/api/v1/runs/${run.body.id}/events`, {
      lastEventId: '3',
    });
    const numbered = (events: ReceivedEvent[]) => events.filter((event) => event.id !== undefined);
    expect(numbered(rest.events).map((event) => event.id)).toEqual(
      numbered(whole.events)
        .slice(3)
        .map((event) => event.id),
    );
    expect(numbered(rest.events)[0]!.data).toEqual(numbered(whole.events)[3]!.data);
  });

  it('gives a client that reconnects mid-stream with Last-Event-ID the rest exactly once', async () => {
    const run = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: sleeper(1500, 'reconnect') },
    });
    const url = `${server.url}/api/v1/runs/${run.body.id}/events`;
    const first = await readEventStream(url, {
      until: (events) =>
        events.some((event) => event.event === 'step.started' && event.data.stepId === 'second'),
    });
    expect(first.endedByServer).toBe(false);
    const lastId = first.events.at(-1)!.id!;
    const second = await readEventStream(url, { lastEventId: lastId });
    expect(second.endedByServer).toBe(true);
    const together = [...first.events, ...second.events].filter((event) => event.id !== undefined);
    const ids = together.map((event) => Number(event.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    expect(together.at(-1)!.event).toBe('run.finished');
    expect(together.at(-1)!.data.state).toBe('succeeded');
    const stored = await call(server.url, 'GET', `/api/v1/runs/${run.body.id}`);
    expect(stored.body.run.state).toBe('succeeded');
  });

  it('cancels a running run: its state, its stream and a second cancel', async () => {
    const run = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: sleeper(20_000, 'to-cancel') },
    });
    const url = `${server.url}/api/v1/runs/${run.body.id}/events`;
    await readEventStream(url, {
      until: (events) =>
        events.some((event) => event.event === 'step.started' && event.data.stepId === 'second'),
    });
    const cancelled = await call(server.url, 'POST', `/api/v1/runs/${run.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const stream = await readEventStream(url);
    expect(stream.events.at(-1)).toMatchObject({ event: 'end', data: { state: 'cancelled' } });
    const again = await call(server.url, 'POST', `/api/v1/runs/${run.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RUN_STATE_INVALID');
    const details = await call(server.url, 'GET', `/api/v1/runs/${run.body.id}`);
    expect(
      details.body.steps.find((step: { stepId: string }) => step.stepId === 'third')?.state ??
        'cancelled',
    ).toBe('cancelled');
  });

  it('starts one run for a POST retried with the same Idempotency-Key, and refuses the key for another body', async () => {
    const body = { workflow: sleeper(10, 'idempotent') };
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = await call(server.url, 'POST', '/api/v1/workflows/run', { json: body, headers });
    const second = await call(server.url, 'POST', '/api/v1/workflows/run', { json: body, headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const runs = await call(server.url, 'GET', '/api/v1/runs?limit=200');
    expect(
      runs.body.filter((item: { workflowName: string }) => item.workflowName === 'idempotent'),
    ).toHaveLength(1);

    const other = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: sleeper(20, 'idempotent') },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers problem details for a bad workflow and a missing run, never a stack trace', async () => {
    const invalid = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: { workflow: { name: 'x', steps: [] } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({
      code: 'REQUEST_INVALID',
      status: 400,
      type: 'urn:mark1:error:REQUEST_INVALID',
    });
    expect(invalid.body.errors[0].path).toBe('body.workflow.steps');
    const unknown = await call(server.url, 'POST', '/api/v1/workflows/run', {
      json: {
        workflow: { name: 'x', steps: [{ id: 'a', plugin: 'api-tools', capability: 'nope' }] },
      },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('WORKFLOW_INVALID');
    const missing = await call(server.url, 'GET', '/api/v1/runs/no-such-run');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('RUN_NOT_FOUND');
    for (const response of [invalid, unknown, missing])
      expect(response.text).not.toMatch(/\n\s+at |\.ts:\d+/);
  });
});

describe('orchestrations', () => {
  it('plans only, stores the plan and lists it', async () => {
    const planned = await call(server.url, 'POST', '/api/v1/orchestrate', {
      json: { request: 'greet a person named Ada', mode: 'plan' },
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ mode: 'plan', planStatus: 'complete', runId: null });
    const details = await call(server.url, 'GET', `/api/v1/orchestrations/${planned.body.id}`);
    expect(details.body.workflow.steps[0]).toMatchObject({
      plugin: 'api-tools',
      capability: 'greet',
    });
    const list = await call(server.url, 'GET', '/api/v1/orchestrations');
    expect(list.body.map((item: { id: string }) => item.id)).toContain(planned.body.id);
  });

  it('plans and runs, streams the plan then the run, and records the run state', async () => {
    const accepted = await call(server.url, 'POST', '/api/v1/orchestrate', {
      json: { request: 'greet a person named Ada' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/api/v1/orchestrations/${accepted.body.id}`);
    expect(accepted.body.runId).toEqual(expect.any(String));
    const stream = await readEventStream(`${server.url}${accepted.body.eventsUrl}`);
    expect(stream.events[0]).toMatchObject({ id: '0', event: 'orchestration.planned' });
    const finished = stream.events.find((event) => event.event === 'run.finished')!;
    expect(finished.data.state).toBe('succeeded');
    const details = await call(server.url, 'GET', `/api/v1/orchestrations/${accepted.body.id}`);
    expect(details.body.runState).toBe('succeeded');
    const resumed = await readEventStream(`${server.url}${accepted.body.eventsUrl}`, {
      lastEventId: '0',
    });
    expect(resumed.events[0]!.event).toBe('run.started');
  });

  it('keeps a plan that cannot run and says why', async () => {
    const response = await call(server.url, 'POST', '/api/v1/orchestrate', {
      json: { request: 'translate this poem into klingon' },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('PLAN_NOT_RUNNABLE');
    const kept = await call(
      server.url,
      'GET',
      `/api/v1/orchestrations/${response.body.details.orchestrationId}`,
    );
    expect(kept.status).toBe(200);
    expect(kept.body.runId).toBeNull();
  });
});

describe('observability', () => {
  it('counts plugin executions and HTTP requests in /metrics with the seed 000 names', async () => {
    const text = (await call(server.url, 'GET', '/metrics')).text;
    expect(text).toMatch(
      /^mark1_plugin_executions_total\{plugin_id="api-tools",capability="echo",status="succeeded"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^mark1_plugin_executions_total\{plugin_id="api-tools",capability="sleep",status="cancelled"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^mark1_plugin_execution_duration_seconds_count\{plugin_id="api-tools",capability="greet"\} [1-9]/m,
    );
    expect(text).toMatch(/^mark1_active_orchestrations 0$/m);
    expect(text).toMatch(/^mark1_context_cache_size_bytes \d+$/m);
    expect(text).toMatch(/^mark1_database_connections [1-9]$/m);
    expect(text).toMatch(
      /^mark1_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/workflows\/run",status_code="202"\} [1-9]/m,
    );
  });

  it('writes an audit row for every mutating request, with the outcome', async () => {
    const storage = await createStorage({
      url: `sqlite://${join(sandbox.home, 'mark1.db')}`,
      migrate: false,
    });
    try {
      const rows = await storage.auditLog.list({ limit: 500 });
      const actions = rows.map((row) => `${row.action}:${row.outcome}`);
      expect(actions).toContain('api.plugin.install:success');
      expect(actions).toContain('api.plugin.install:denied');
      expect(actions).toContain('api.workflow.run:success');
      expect(actions).toContain('api.workflow.run:failure');
      expect(actions).toContain('api.run.cancel:success');
      expect(actions).toContain('api.run.cancel:failure');
      expect(actions.some((action) => action.includes('validate'))).toBe(false);
      const install = rows.find(
        (row) => row.action === 'api.plugin.install' && row.outcome === 'success',
      )!;
      expect(install).toMatchObject({
        actor: 'api:anonymous',
        target: null,
        details: { statusCode: 202, route: '/api/v1/plugins/install' },
      });
      const cancel = rows.find(
        (row) => row.action === 'api.run.cancel' && row.outcome === 'success',
      )!;
      expect(cancel.target).toEqual(expect.any(String));
      // The registry's own row of the same install, with what it installed.
      expect(rows.find((row) => row.action === 'plugin.install')).toMatchObject({
        outcome: 'success',
        target: 'api-tools',
      });
    } finally {
      await storage.close();
    }
  });

  it('logs one JSON line per request with its request id, and run lines with the run id', async () => {
    const response = await call(server.url, 'GET', '/api/v1/plugins', {
      headers: { 'x-request-id': 'trace-me-42' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    await waitFor(
      async () => server.logLines(),
      (lines) => lines.some((line) => line.reqId === 'trace-me-42'),
    );
    const lines = server.logLines();
    expect(lines.find((line) => line.reqId === 'trace-me-42')).toMatchObject({
      route: '/api/v1/plugins',
      statusCode: 200,
      level: 'info',
    });
    expect(
      lines.some((line) => line.msg === 'run finished' && typeof line.runId === 'string'),
    ).toBe(true);
    expect(
      lines
        .filter((line) => line.msg === 'request')
        .every((line) => typeof line.reqId === 'string'),
    ).toBe(true);
  });
});
