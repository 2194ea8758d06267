import { Mark1Error } from '@mark1/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Storage, StorageErrorCodes } from '../../src/index';

/** How a conformance run gets its database. */
export interface ConformanceTarget {
  /** Opens a migrated, empty storage. */
  open(): Promise<Storage>;
  /** Removes what `open` created (files, schema). */
  cleanup(): Promise<void>;
}

async function errorOf(promise: Promise<unknown>): Promise<Mark1Error> {
  try {
    await promise;
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

let counter = 0;
/** A name unique within this test file. */
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * The repository suite every engine must pass: same calls, same results, same errors on SQLite
 * and PostgreSQL.
 */
export function describeRepositoryConformance(engine: string, target: ConformanceTarget): void {
  describe(`repositories on ${engine}`, () => {
    let storage: Storage;

    beforeAll(async () => {
      storage = await target.open();
    });
    afterAll(async () => {
      await storage?.close();
      await target.cleanup();
    });

    const newPlugin = (overrides: Record<string, unknown> = {}) =>
      storage.plugins.create({
        name: unique('plugin'),
        pluginType: 'cli_tool',
        version: '1.0.0',
        ...overrides,
      });

    describe('plugins', () => {
      it('creates, reads, lists, updates and deletes a plugin', async () => {
        const created = await newPlugin({
          description: 'Says hello',
          qualityScore: 87.5,
          runtime: 'python',
        });
        expect(created.status).toBe('enabled');
        expect(created.qualityScore).toBe(87.5);
        expect(Date.parse(created.createdAt)).not.toBeNaN();
        expect(await storage.plugins.get(created.pluginId)).toEqual(created);
        expect(await storage.plugins.getByName(created.name)).toEqual(created);

        const updated = await storage.plugins.update(created.pluginId, {
          status: 'disabled',
          version: '1.1.0',
        });
        expect(updated.status).toBe('disabled');
        expect(updated.version).toBe('1.1.0');
        expect(updated.description).toBe('Says hello');
        expect(
          (await storage.plugins.list({ status: 'disabled' })).map((p) => p.pluginId),
        ).toContain(created.pluginId);
        expect(
          (await storage.plugins.list({ status: 'enabled' })).map((p) => p.pluginId),
        ).not.toContain(created.pluginId);

        await storage.plugins.markUsed(created.pluginId, '2030-01-02T03:04:05.000Z');
        expect((await storage.plugins.get(created.pluginId))?.lastUsedAt).toBe(
          '2030-01-02T03:04:05.000Z',
        );

        expect(await storage.plugins.delete(created.pluginId)).toBe(true);
        expect(await storage.plugins.get(created.pluginId)).toBeUndefined();
        expect(await storage.plugins.delete(created.pluginId)).toBe(false);
      });

      it('refuses a second plugin with the same name as a CONFLICT', async () => {
        const first = await newPlugin();
        const error = await errorOf(
          storage.plugins.create({ name: first.name, pluginType: 'cli_tool' }),
        );
        expect(error.code).toBe(StorageErrorCodes.CONFLICT);
        expect(error.message).toContain(first.name);
      });

      it('reports NOT_FOUND when updating a plugin that does not exist', async () => {
        const error = await errorOf(
          storage.plugins.update('no-such-plugin', { status: 'disabled' }),
        );
        expect(error.code).toBe(StorageErrorCodes.NOT_FOUND);
        expect(error.message).toContain('no-such-plugin');
      });

      it('rejects invalid input naming the field', async () => {
        const error = await errorOf(
          storage.plugins.create({ name: '', pluginType: 'cli_tool', qualityScore: 150 }),
        );
        expect(error.code).toBe(StorageErrorCodes.INVALID_RECORD);
        expect(error.message).toContain('name');
        expect(error.message).toContain('qualityScore');
      });
    });

    describe('plugin versions and capabilities', () => {
      it('stores versions with manifests and refuses duplicates', async () => {
        const plugin = await newPlugin();
        const manifest = {
          schema_version: '1.0',
          plugin: { name: plugin.name, version: '1.0.0' },
          capabilities: [],
        };
        const added = await storage.pluginVersions.add({
          pluginId: plugin.pluginId,
          version: '1.0.0',
          manifest,
          path: '/plugins/x/1.0.0',
          commitSha: 'abc123',
        });
        expect(added.manifest).toEqual(manifest);
        expect(added.validationReport).toBeNull();
        await storage.pluginVersions.add({
          pluginId: plugin.pluginId,
          version: '2.0.0',
          manifest,
          path: '/p/2',
        });
        expect(
          (await storage.pluginVersions.list(plugin.pluginId)).map((v) => v.version).sort(),
        ).toEqual(['1.0.0', '2.0.0']);
        const duplicate = await errorOf(
          storage.pluginVersions.add({
            pluginId: plugin.pluginId,
            version: '1.0.0',
            manifest,
            path: '/p',
          }),
        );
        expect(duplicate.code).toBe(StorageErrorCodes.CONFLICT);

        expect(
          await storage.pluginVersions.setValidationReport(plugin.pluginId, '1.0.0', {
            score: 91,
            findings: [],
          }),
        ).toBe(true);
        expect(
          (await storage.pluginVersions.get(plugin.pluginId, '1.0.0'))?.validationReport,
        ).toEqual({
          score: 91,
          findings: [],
        });
      });

      it('refuses a version of a plugin that does not exist as NOT_FOUND', async () => {
        const error = await errorOf(
          storage.pluginVersions.add({
            pluginId: 'ghost',
            version: '1.0.0',
            manifest: {},
            path: '/p',
          }),
        );
        expect(error.code).toBe(StorageErrorCodes.NOT_FOUND);
        expect(error.message).toContain('ghost');
      });

      it('replaces capabilities per version and lists only active ones of enabled plugins', async () => {
        const active = await newPlugin({ version: '2.0.0' });
        const disabled = await newPlugin({ version: '1.0.0', status: 'disabled' });
        await storage.pluginCapabilities.replace(active.pluginId, '1.0.0', [
          { name: 'old-capability' },
        ]);
        await storage.pluginCapabilities.replace(active.pluginId, '2.0.0', [
          { name: 'summarize', inputTypes: ['text'], outputTypes: ['markdown'], tags: ['nlp'] },
          {
            name: 'translate',
            parameters: { type: 'object', properties: { lang: { type: 'string' } } },
          },
        ]);
        const replaced = await storage.pluginCapabilities.replace(active.pluginId, '2.0.0', [
          {
            name: 'summarize',
            inputTypes: ['text'],
            outputTypes: ['markdown'],
            tags: ['nlp', 'text'],
          },
        ]);
        expect(replaced.map((c) => c.name)).toEqual(['summarize']);
        expect(replaced[0]!.tags).toEqual(['nlp', 'text']);
        await storage.pluginCapabilities.replace(disabled.pluginId, '1.0.0', [{ name: 'hidden' }]);

        const activeNames = (await storage.pluginCapabilities.listActive())
          .filter((c) => [active.pluginId, disabled.pluginId].includes(c.pluginId))
          .map((c) => `${c.pluginName}/${c.name}`);
        expect(activeNames).toEqual([`${active.name}/summarize`]);
        expect(
          (await storage.pluginCapabilities.list({ pluginId: active.pluginId }))
            .map((c) => c.name)
            .sort(),
        ).toEqual(['old-capability', 'summarize']);
      });

      it('keeps the previous capabilities when a replacement fails', async () => {
        const plugin = await newPlugin();
        await storage.pluginCapabilities.replace(plugin.pluginId, '1.0.0', [{ name: 'keep-me' }]);
        const error = await errorOf(
          storage.pluginCapabilities.replace(plugin.pluginId, '1.0.0', [
            { name: 'twice' },
            { name: 'twice' },
          ]),
        );
        expect(error.code).toBe(StorageErrorCodes.CONFLICT);
        expect(
          (await storage.pluginCapabilities.list({ pluginId: plugin.pluginId })).map((c) => c.name),
        ).toEqual(['keep-me']);
      });

      it('deletes versions, capabilities, secrets and executions with their plugin', async () => {
        const plugin = await newPlugin();
        await storage.pluginVersions.add({
          pluginId: plugin.pluginId,
          version: '1.0.0',
          manifest: {},
          path: '/p',
        });
        await storage.pluginCapabilities.replace(plugin.pluginId, '1.0.0', [{ name: 'go' }]);
        await storage.secrets.set(plugin.pluginId, 'TOKEN', {
          ciphertext: 'c',
          iv: 'i',
          authTag: 't',
        });
        const execution = await storage.pluginExecutions.start({
          pluginId: plugin.pluginId,
          capabilityName: 'go',
        });
        await storage.plugins.delete(plugin.pluginId);
        expect(await storage.pluginVersions.list(plugin.pluginId)).toEqual([]);
        expect(await storage.pluginCapabilities.list({ pluginId: plugin.pluginId })).toEqual([]);
        expect(await storage.secrets.list(plugin.pluginId)).toEqual([]);
        expect(await storage.pluginExecutions.get(execution.executionId)).toBeUndefined();
      });
    });

    describe('plugin executions', () => {
      it('records a call, its outcome and duration, once', async () => {
        const plugin = await newPlugin();
        const started = await storage.pluginExecutions.start({
          pluginId: plugin.pluginId,
          capabilityName: 'convert',
          inputs: { text: 'héllo ✓', count: 3 },
          startedAt: '2030-01-01T00:00:00.000Z',
        });
        expect(started.status).toBe('running');
        const finished = await storage.pluginExecutions.finish(started.executionId, {
          status: 'succeeded',
          outputs: { csv: 'a,b' },
          completedAt: '2030-01-01T00:00:02.500Z',
        });
        expect(finished.executionTime).toBeCloseTo(2.5);
        expect(finished.inputs).toEqual({ text: 'héllo ✓', count: 3 });
        expect(finished.outputs).toEqual({ csv: 'a,b' });
        const again = await errorOf(
          storage.pluginExecutions.finish(started.executionId, { status: 'failed' }),
        );
        expect(again.code).toBe(StorageErrorCodes.STATE_TRANSITION_INVALID);
        expect(
          (await storage.pluginExecutions.list({ pluginId: plugin.pluginId, status: 'succeeded' }))
            .length,
        ).toBe(1);
      });
    });

    describe('runs, step runs and events', () => {
      const newRun = () =>
        storage.runs.create({
          workflowName: unique('workflow'),
          workflow: { name: 'w', steps: [] },
          inputs: { n: 1 },
        });

      it('moves a run through its states and refuses illegal moves', async () => {
        const run = await newRun();
        expect(run.state).toBe('pending');
        const running = await storage.runs.transition(
          run.id,
          'running',
          {},
          { pid: 4242, host: 'test-host' },
        );
        expect(running.startedAt).not.toBeNull();
        expect(running.ownerPid).toBe(4242);
        expect(running.ownerHost).toBe('test-host');
        const interrupted = await storage.runs.transition(run.id, 'interrupted');
        const resumed = await storage.runs.transition(run.id, 'running');
        expect(resumed.startedAt).toBe(running.startedAt);
        expect(interrupted.state).toBe('interrupted');
        const done = await storage.runs.transition(run.id, 'succeeded', {
          outputs: { report: 'ok' },
        });
        expect(done.outputs).toEqual({ report: 'ok' });
        expect(done.finishedAt).not.toBeNull();

        const error = await errorOf(storage.runs.transition(run.id, 'running'));
        expect(error.code).toBe(StorageErrorCodes.STATE_TRANSITION_INVALID);
        expect(error.message).toContain('succeeded');
        const missing = await errorOf(storage.runs.transition('no-such-run', 'running'));
        expect(missing.code).toBe(StorageErrorCodes.NOT_FOUND);
      });

      it('stores a structured error and finds runs whose orchestrator went quiet', async () => {
        const quiet = await newRun();
        await storage.runs.transition(quiet.id, 'running');
        const alive = await newRun();
        await storage.runs.transition(alive.id, 'running');
        const future = new Date(Date.now() + 60_000).toISOString();
        const stale = (await storage.runs.findStale(future)).map((r) => r.id);
        expect(stale).toEqual(expect.arrayContaining([quiet.id, alive.id]));
        const past = new Date(Date.now() - 60_000).toISOString();
        expect((await storage.runs.findStale(past)).map((r) => r.id)).not.toContain(quiet.id);

        const failed = await storage.runs.transition(quiet.id, 'failed', {
          error: { code: 'STEP_FAILED', message: 'step a failed', details: { step: 'a' } },
        });
        expect(failed.error).toEqual({
          code: 'STEP_FAILED',
          message: 'step a failed',
          details: { step: 'a' },
        });
        expect((await storage.runs.list({ state: 'failed' })).map((r) => r.id)).toContain(quiet.id);
      });

      it('creates step runs in one batch, in order, and stores outputs with success', async () => {
        const run = await newRun();
        const created = await storage.stepRuns.createMany([
          { runId: run.id, stepId: 'fetch' },
          ...Array.from({ length: 120 }, (_, index) => ({
            runId: run.id,
            stepId: 'each',
            itemIndex: index,
          })),
        ]);
        expect(created).toHaveLength(121);
        const listed = await storage.stepRuns.listForRun(run.id);
        expect(listed.map((s) => s.itemIndex)).toEqual([
          null,
          ...Array.from({ length: 120 }, (_, i) => i),
        ]);

        const first = created[0]!;
        await storage.stepRuns.transition(first.id, 'running', { inputs: { url: 'x' } });
        const done = await storage.stepRuns.transition(first.id, 'succeeded', {
          outputs: { body: 'text', list: [1, 2, 3] },
          sandbox: { network: 'blocked', filesystem: 'read-only' },
          logRef: 'sha256:abc',
        });
        expect(done.state).toBe('succeeded');
        expect(done.outputs).toEqual({ body: 'text', list: [1, 2, 3] });
        expect(done.sandbox).toEqual({ network: 'blocked', filesystem: 'read-only' });
        expect(done.durationMs).toBeGreaterThanOrEqual(0);
        const skipped = await storage.stepRuns.transition(created[1]!.id, 'skipped');
        expect(skipped.startedAt).toBeNull();
        const illegal = await errorOf(storage.stepRuns.transition(created[1]!.id, 'running'));
        expect(illegal.code).toBe(StorageErrorCodes.STATE_TRANSITION_INVALID);
      });

      it('writes no step run of a batch when one of them collides', async () => {
        const run = await newRun();
        const error = await errorOf(
          storage.stepRuns.createMany([
            { id: `${run.id}-a`, runId: run.id, stepId: 'a' },
            { id: `${run.id}-a`, runId: run.id, stepId: 'b' },
          ]),
        );
        expect(error.code).toBe(StorageErrorCodes.CONFLICT);
        expect(await storage.stepRuns.listForRun(run.id)).toEqual([]);
      });

      it('refuses step runs of a run that does not exist', async () => {
        const error = await errorOf(storage.stepRuns.create({ runId: 'ghost-run', stepId: 'a' }));
        expect(error.code).toBe(StorageErrorCodes.NOT_FOUND);
      });

      it('numbers events without gaps, also under concurrent appends', async () => {
        const WRITERS = 16;
        const run = await newRun();
        await Promise.all(
          Array.from({ length: WRITERS }, (_, writer) =>
            storage.runEvents.append(run.id, [
              { type: 'step.progress', payload: { writer, part: 1 } },
              { type: 'step.progress', payload: { writer, part: 2 } },
            ]),
          ),
        );
        const events = await storage.runEvents.list(run.id);
        expect(events.map((e) => e.seq)).toEqual(
          Array.from({ length: 2 * WRITERS }, (_, i) => i + 1),
        );
        for (let writer = 0; writer < WRITERS; writer += 1) {
          const mine = events.filter((e) => (e.payload as { writer: number }).writer === writer);
          expect(mine[1]!.seq).toBe(mine[0]!.seq + 1);
        }
        expect(
          (await storage.runEvents.list(run.id, { afterSeq: 2 * WRITERS - 2 })).map((e) => e.seq),
        ).toEqual([2 * WRITERS - 1, 2 * WRITERS]);
      });
    });

    describe('workflows', () => {
      it('returns the newest workflow saved under a name', async () => {
        const name = unique('flow');
        await storage.workflows.create({
          name,
          definition: { name, steps: [{ id: 'a' }] },
          request: 'first',
        });
        const second = await storage.workflows.create({
          name,
          definition: { name, steps: [{ id: 'b' }] },
          request: 'second',
        });
        expect((await storage.workflows.getLatestByName(name))?.id).toBe(second.id);
        const run = await storage.runs.create({
          workflowId: second.id,
          workflowName: name,
          workflow: second.definition,
        });
        expect(await storage.workflows.delete(second.id)).toBe(true);
        expect((await storage.runs.get(run.id))?.workflowId).toBeNull();
      });
    });

    describe('contexts', () => {
      it('upserts by key, keeping the id, and filters by tag and type', async () => {
        const key = unique('ctx');
        const first = await storage.contexts.put({
          key,
          type: 'task',
          data: { v: 1 },
          tags: ['alpha'],
        });
        const second = await storage.contexts.put({
          key,
          type: 'task',
          data: { v: 2 },
          tags: ['beta'],
        });
        expect(second.id).toBe(first.id);
        expect(second.createdAt).toBe(first.createdAt);
        expect(second.data).toEqual({ v: 2 });
        expect(second.sizeBytes).toBe(Buffer.byteLength(JSON.stringify({ v: 2 })));
        expect((await storage.contexts.list({ tag: 'beta' })).map((c) => c.key)).toContain(key);
        expect((await storage.contexts.list({ tag: 'alpha' })).map((c) => c.key)).not.toContain(
          key,
        );
        const artifact = await storage.contexts.put({
          key: unique('ctx'),
          type: 'file',
          artifactRef: 'sha256:ff',
          sizeBytes: 5_000_000_000,
          compressed: true,
        });
        expect(artifact.data).toBeNull();
        expect(artifact.sizeBytes).toBe(5_000_000_000);
        expect(artifact.compressed).toBe(true);
      });

      it('hides expired contexts and deletes them on request', async () => {
        const key = unique('ctx');
        await storage.contexts.put({
          key,
          type: 'cache',
          data: 'short-lived',
          expiresAt: '2000-01-01T00:00:00.000Z',
        });
        expect(await storage.contexts.getByKey(key)).toBeUndefined();
        expect((await storage.contexts.list({ includeExpired: true })).map((c) => c.key)).toContain(
          key,
        );
        const before = await storage.contexts.count();
        expect(await storage.contexts.deleteExpired()).toBeGreaterThanOrEqual(1);
        expect(
          (await storage.contexts.list({ includeExpired: true })).map((c) => c.key),
        ).not.toContain(key);
        expect(await storage.contexts.count()).toBe(before);
      });

      it('round-trips any JSON value exactly', async () => {
        const values: unknown[] = [
          'a plain string',
          42,
          true,
          [1, 'two', { three: 3 }],
          { nested: { deep: [null, 'ü'] } },
        ];
        for (const value of values) {
          const key = unique('json');
          await storage.contexts.put({ key, type: 'value', data: value });
          expect((await storage.contexts.getByKey(key))?.data).toEqual(value);
        }
      });
    });

    describe('secrets and audit log', () => {
      it('stores, replaces and deletes encrypted secrets', async () => {
        const plugin = await newPlugin();
        await storage.secrets.set(plugin.pluginId, 'API_KEY', {
          ciphertext: 'one',
          iv: 'iv1',
          authTag: 'tag1',
        });
        const replaced = await storage.secrets.set(plugin.pluginId, 'API_KEY', {
          ciphertext: 'two',
          iv: 'iv2',
          authTag: 'tag2',
        });
        expect(replaced.ciphertext).toBe('two');
        expect(await storage.secrets.list(plugin.pluginId)).toHaveLength(1);
        expect(await storage.secrets.delete(plugin.pluginId, 'API_KEY')).toBe(true);
        expect(await storage.secrets.get(plugin.pluginId, 'API_KEY')).toBeUndefined();
        const orphan = await errorOf(
          storage.secrets.set('ghost', 'X', { ciphertext: 'c', iv: 'i', authTag: 't' }),
        );
        expect(orphan.code).toBe(StorageErrorCodes.NOT_FOUND);
      });

      it('appends audit entries and lists them newest first', async () => {
        const actor = unique('actor');
        await storage.auditLog.record({
          actor,
          action: 'plugin.install',
          target: 'echo',
          outcome: 'success',
          at: '2030-01-01T00:00:00.000Z',
        });
        await storage.auditLog.record({
          actor,
          action: 'secret.set',
          outcome: 'denied',
          details: { reason: 'no key' },
          at: '2030-01-02T00:00:00.000Z',
        });
        const entries = await storage.auditLog.list({ actor });
        expect(entries.map((e) => e.action)).toEqual(['secret.set', 'plugin.install']);
        expect(entries[0]!.details).toEqual({ reason: 'no key' });
      });
    });

    describe('transactions', () => {
      it('commits everything or nothing', async () => {
        const name = unique('tx');
        await expect(
          storage.withTransaction(async (tx) => {
            await tx.plugins.create({ name, pluginType: 'cli_tool' });
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await storage.plugins.getByName(name)).toBeUndefined();

        const result = await storage.withTransaction(async (tx) => {
          const plugin = await tx.plugins.create({ name, pluginType: 'cli_tool' });
          await tx.pluginVersions.add({
            pluginId: plugin.pluginId,
            version: '1.0.0',
            manifest: {},
            path: '/p',
          });
          return plugin.pluginId;
        });
        expect(await storage.pluginVersions.get(result, '1.0.0')).toBeDefined();
      });
    });

    describe('inspection', () => {
      it('queries a table with filters and refuses unknown tables and columns', async () => {
        const plugin = await newPlugin({ status: 'disabled' });
        const found = await storage.queryTable('plugins', {
          where: { name: plugin.name, status: 'disabled' },
        });
        expect(found.rows).toHaveLength(1);
        expect(found.rows[0]!.plugin_id).toBe(plugin.pluginId);
        expect(found.columns).toContain('installation_path');

        const key = unique('ctx');
        await storage.contexts.put({ key, type: 'task', data: { a: [1] }, compressed: true });
        const contexts = await storage.queryTable('contexts', {
          where: { key, compressed: 'true' },
        });
        expect(contexts.rows[0]!.data).toEqual({ a: [1] });
        expect(contexts.rows[0]!.compressed).toBe(true);

        const limited = await storage.queryTable('plugins', { limit: 1 });
        expect(limited.rows).toHaveLength(1);

        const table = await errorOf(storage.queryTable('users'));
        expect(table.code).toBe(StorageErrorCodes.UNKNOWN_TABLE);
        expect(table.message).toContain('plugin_executions');
        const column = await errorOf(storage.queryTable('plugins', { where: { colour: 'red' } }));
        expect(column.code).toBe(StorageErrorCodes.UNKNOWN_COLUMN);
        expect(column.message).toContain('plugin_type');
      });

      it('reports status and monitoring figures that follow the data', async () => {
        const status = await storage.status();
        expect(status.migrations.pending).toEqual([]);
        expect(status.migrations.applied.map((m) => m.name)).toEqual([
          '0001_initial_schema',
          '0002_api_server',
        ]);
        const plugins = status.tables.find((t) => t.table === 'plugins')!.rows!;
        await newPlugin();
        expect((await storage.status()).tables.find((t) => t.table === 'plugins')!.rows).toBe(
          plugins + 1,
        );
        expect(status.sizeBytes).toBeGreaterThan(0);

        const before = await storage.monitoring();
        const plugin = await newPlugin();
        const slow = await storage.pluginExecutions.start({
          pluginId: plugin.pluginId,
          capabilityName: 'slow',
          startedAt: '2030-01-01T00:00:00Z',
        });
        await storage.pluginExecutions.finish(slow.executionId, {
          status: 'succeeded',
          completedAt: '2030-01-01T01:00:00Z',
        });
        const bad = await storage.pluginExecutions.start({
          pluginId: plugin.pluginId,
          capabilityName: 'flaky',
          startedAt: '2030-01-02T00:00:00Z',
        });
        await storage.pluginExecutions.finish(bad.executionId, {
          status: 'failed',
          errorMessage: 'exit 3',
          completedAt: '2030-01-02T00:00:01Z',
        });
        const after = await storage.monitoring();
        expect(after.executions.total).toBe(before.executions.total + 2);
        expect(after.slowestCapabilities[0]).toMatchObject({
          pluginName: plugin.name,
          capability: 'slow',
          maxSeconds: 3600,
        });
        expect(after.recentFailures[0]).toMatchObject({
          pluginName: plugin.name,
          capability: 'flaky',
          errorMessage: 'exit 3',
        });
        expect(after.executions.successRate).not.toBeNull();
        expect(after.databaseSizeBytes).toBeGreaterThan(0);
      });

      it('stores JSON columns natively: jsonb on PostgreSQL, text on SQLite', async () => {
        const key = unique('ctx');
        await storage.contexts.put({ key, type: 'task', data: { n: 1 } });
        const sql =
          storage.engine === 'postgres'
            ? `select jsonb_typeof(data) as kind, data->>'n' as n from contexts where key = '${key}'`
            : `select typeof(data) as kind, json_extract(data, '$.n') as n from contexts where key = '${key}'`;
        const { rows } = await storage.executeReadOnly(sql);
        expect(rows[0]).toEqual(
          storage.engine === 'postgres' ? { kind: 'object', n: '1' } : { kind: 'text', n: 1 },
        );
      });
    });
  });
}
