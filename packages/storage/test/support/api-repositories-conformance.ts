import { Mark1Error } from '@mark1/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_TOKEN_PREFIX, type Storage, StorageErrorCodes } from '../../src/index';
import type { ConformanceTarget } from './repository-conformance';

async function errorOf(promise: Promise<unknown>): Promise<Mark1Error> {
  try {
    await promise;
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The API server's repositories (keys, idempotency, orchestrations, operations) on one engine. */
export function describeApiRepositoryConformance(engine: string, target: ConformanceTarget): void {
  describe(`API server repositories on ${engine}`, () => {
    let storage: Storage;

    beforeAll(async () => {
      storage = await target.open();
    });
    afterAll(async () => {
      await storage?.close();
      await target.cleanup();
    });

    describe('api keys', () => {
      it('stores a hash, never the token, and verifies only the exact token', async () => {
        const { key, token } = await storage.apiKeys.create({
          name: 'ci',
          role: 'operator',
          createdBy: 'cli:test',
        });
        expect(token.startsWith(`${API_KEY_TOKEN_PREFIX}${key.id}_`)).toBe(true);
        expect(key).toMatchObject({
          name: 'ci',
          role: 'operator',
          revokedAt: null,
          expiresAt: null,
        });

        const stored = await storage.executeReadOnly(
          `select key_hash from api_keys where id = '${key.id}'`,
        );
        const hash = String(stored.rows[0]!.key_hash);
        expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
        expect(hash).not.toContain(token.slice(API_KEY_TOKEN_PREFIX.length + key.id.length + 1));

        expect((await storage.apiKeys.verify(token))?.id).toBe(key.id);
        const secret = token.slice(-43);
        const flipped = `${token.slice(0, -43)}${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
        expect(await storage.apiKeys.verify(flipped)).toBeUndefined();
        expect(await storage.apiKeys.verify('mark1_nothing')).toBeUndefined();
        expect(
          await storage.apiKeys.verify(`${API_KEY_TOKEN_PREFIX}zzzzzzzzzzzz_${secret}`),
        ).toBeUndefined();
      });

      it('revokes a key, keeps verifying who it was, and leaves it out of the active count', async () => {
        const before = await storage.apiKeys.countActive();
        const { key, token } = await storage.apiKeys.create({
          name: 'temp',
          role: 'viewer',
          createdBy: 'cli:test',
        });
        expect(await storage.apiKeys.countActive()).toBe(before + 1);
        const revoked = await storage.apiKeys.revoke(key.id);
        expect(revoked.revokedAt).not.toBeNull();
        expect((await storage.apiKeys.verify(token))?.revokedAt).toBe(revoked.revokedAt);
        expect(await storage.apiKeys.countActive()).toBe(before);
        expect((await storage.apiKeys.list()).map((item) => item.id)).not.toContain(key.id);
        expect(
          (await storage.apiKeys.list({ includeRevoked: true })).map((item) => item.id),
        ).toContain(key.id);
        expect((await errorOf(storage.apiKeys.revoke('nosuchkey123'))).code).toBe(
          StorageErrorCodes.NOT_FOUND,
        );
      });

      it('counts expired keys as inactive and refuses an unknown role', async () => {
        const before = await storage.apiKeys.countActive();
        await storage.apiKeys.create({
          name: 'old',
          role: 'admin',
          createdBy: 'cli:test',
          expiresAt: '2001-01-01T00:00:00Z',
        });
        expect(await storage.apiKeys.countActive()).toBe(before);
        const error = await errorOf(
          storage.apiKeys.create({ name: 'x', role: 'root' as never, createdBy: 'cli:test' }),
        );
        expect(error.code).toBe(StorageErrorCodes.INVALID_RECORD);
        expect(error.message).toContain('role');
      });
    });

    describe('idempotency keys', () => {
      const request = (key: string, fingerprint = 'f1') => ({
        scope: 'key-a',
        key,
        method: 'POST',
        path: '/api/v1/workflows/run',
        fingerprint,
      });

      it('claims a key once, replays the stored answer, and refuses another request under it', async () => {
        expect((await storage.idempotencyKeys.begin(request('k1'))).outcome).toBe('started');
        expect((await storage.idempotencyKeys.begin(request('k1'))).outcome).toBe('in-progress');
        await storage.idempotencyKeys.complete('key-a', 'k1', {
          statusCode: 202,
          response: { id: 'run-1' },
          headers: { location: '/api/v1/runs/run-1' },
        });
        const replay = await storage.idempotencyKeys.begin(request('k1'));
        expect(replay.outcome).toBe('replay');
        if (replay.outcome !== 'replay') throw new Error('unreachable');
        expect(replay.record).toMatchObject({
          statusCode: 202,
          response: { id: 'run-1' },
          headers: { location: '/api/v1/runs/run-1' },
        });
        expect((await storage.idempotencyKeys.begin(request('k1', 'other body'))).outcome).toBe(
          'mismatch',
        );
      });

      it('scopes keys per client and lets a released key be claimed again', async () => {
        expect((await storage.idempotencyKeys.begin(request('k2'))).outcome).toBe('started');
        expect(
          (await storage.idempotencyKeys.begin({ ...request('k2'), scope: 'key-b' })).outcome,
        ).toBe('started');
        await storage.idempotencyKeys.release('key-a', 'k2');
        expect((await storage.idempotencyKeys.begin(request('k2'))).outcome).toBe('started');
      });

      it('gives exactly one of many concurrent claims the key', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, () => storage.idempotencyKeys.begin(request('k3'))),
        );
        expect(outcomes.filter((outcome) => outcome.outcome === 'started')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.outcome === 'in-progress')).toHaveLength(7);
      });

      it('takes over a pending key whose request died, and purges old keys', async () => {
        expect((await storage.idempotencyKeys.begin(request('k4'))).outcome).toBe('started');
        expect(
          (await storage.idempotencyKeys.begin({ ...request('k4'), staleAfterSeconds: 3600 }))
            .outcome,
        ).toBe('in-progress');
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(
          (await storage.idempotencyKeys.begin({ ...request('k4'), staleAfterSeconds: 0.001 }))
            .outcome,
        ).toBe('started');
        const purged = await storage.idempotencyKeys.purge(
          new Date(Date.now() + 1000).toISOString(),
        );
        expect(purged).toBeGreaterThanOrEqual(4);
        expect(await storage.idempotencyKeys.get('key-a', 'k1')).toBeUndefined();
      });
    });

    describe('orchestrations', () => {
      it('records a plan and its run, reads the run state along, and counts active ones', async () => {
        const workflow = await storage.workflows.create({
          name: 'planned',
          request: 'count words',
          definition: { name: 'planned', steps: [] },
        });
        const planOnly = await storage.orchestrations.create({
          request: 'count words',
          mode: 'plan',
          planStatus: 'complete',
          workflowId: workflow.id,
          plan: { explanation: 'one step' },
          createdBy: 'api:test',
        });
        expect(planOnly).toMatchObject({
          runId: null,
          runState: null,
          plan: { explanation: 'one step' },
        });

        const before = await storage.orchestrations.countActive();
        const run = await storage.runs.create({
          workflowName: 'planned',
          workflowId: workflow.id,
          workflow: workflow.definition,
        });
        const running = await storage.orchestrations.create({
          request: 'count words',
          mode: 'run',
          planStatus: 'complete',
          workflowId: workflow.id,
          createdBy: 'api:test',
        });
        expect((await storage.orchestrations.attachRun(running.id, run.id)).runState).toBe(
          'pending',
        );
        expect(await storage.orchestrations.countActive()).toBe(before + 1);
        await storage.runs.transition(run.id, 'running');
        expect(
          (await storage.orchestrations.list({ runState: 'running' })).map((item) => item.id),
        ).toContain(running.id);
        await storage.runs.transition(run.id, 'succeeded');
        expect(await storage.orchestrations.countActive()).toBe(before);
        expect((await storage.orchestrations.get(running.id))?.runState).toBe('succeeded');
        const listed = await storage.orchestrations.list();
        expect(listed.findIndex((item) => item.id === running.id)).toBeLessThan(
          listed.findIndex((item) => item.id === planOnly.id),
        );
      });

      it('refuses a run that does not exist', async () => {
        const orchestration = await storage.orchestrations.create({
          request: 'x',
          mode: 'run',
          planStatus: 'empty',
          createdBy: 'api:test',
        });
        expect(
          (await errorOf(storage.orchestrations.attachRun(orchestration.id, 'no-such-run'))).code,
        ).toBe(StorageErrorCodes.NOT_FOUND);
        expect(
          (await errorOf(storage.orchestrations.attachRun('no-such-orchestration', 'x'))).code,
        ).toBe(StorageErrorCodes.NOT_FOUND);
      });
    });

    describe('plugin operations', () => {
      it('moves an install through its states and interrupts unfinished ones', async () => {
        const operation = await storage.pluginOperations.create({
          kind: 'install',
          source: 'file:///tmp/repo',
          createdBy: 'api:test',
          request: { ref: 'v1' },
        });
        expect(operation.state).toBe('pending');
        const running = await storage.pluginOperations.transition(operation.id, 'running');
        expect(running.startedAt).not.toBeNull();
        const done = await storage.pluginOperations.transition(operation.id, 'succeeded', {
          plugin: 'greeter',
          result: { version: '1.0.0' },
        });
        expect(done).toMatchObject({
          state: 'succeeded',
          plugin: 'greeter',
          result: { version: '1.0.0' },
        });
        expect(
          (await errorOf(storage.pluginOperations.transition(operation.id, 'running'))).code,
        ).toBe(StorageErrorCodes.STATE_TRANSITION_INVALID);

        const stuck = await storage.pluginOperations.create({
          kind: 'update',
          plugin: 'greeter',
          createdBy: 'api:test',
        });
        await storage.pluginOperations.transition(stuck.id, 'running');
        expect(await storage.pluginOperations.interruptUnfinished()).toBe(1);
        const interrupted = await storage.pluginOperations.get(stuck.id);
        expect(interrupted).toMatchObject({ state: 'interrupted', error: { code: 'INTERRUPTED' } });
        expect(interrupted?.finishedAt).not.toBeNull();
        expect((await storage.pluginOperations.list()).map((item) => item.id).slice(0, 2)).toEqual([
          stuck.id,
          operation.id,
        ]);
      });
    });

    describe('connection stats', () => {
      it('reports the pool, with connections in use during a transaction', async () => {
        const inside = await storage.withTransaction(async () => storage.connectionStats.current());
        expect(inside.inUse).toBeGreaterThanOrEqual(1);
        expect(inside.max).toBeGreaterThanOrEqual(1);
        const after = storage.connectionStats.current();
        expect(after.open).toBe(after.inUse + after.idle);
      });
    });
  });
}
