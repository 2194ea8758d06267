// Warm workers: one process per plugin version, serving calls over its channel, inside its sandbox.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness({
    warmWorkers: { maxCalls: 3 },
    secrets: { 'secret-keeper': { SECRET_TOKEN: 'warm-secret-value' } },
  });
});

afterAll(async () => {
  await harness.close();
});

const count = async () =>
  (await harness.executor.runCapability('py-tools', 'counter', {})).outputs.count;

describe('warm workers', () => {
  it('serve calls of a plugin version from one process, replaced after maxCalls', async () => {
    // A module global counts the calls one process served.
    expect([await count(), await count(), await count(), await count(), await count()]).toEqual([
      1, 2, 3, 1, 2,
    ]);
  });

  it('are replaced after a failed call and after a timeout', async () => {
    await count();
    const failed = await harness.executor.runCapability('py-tools', 'fail', {});
    expect(failed.error?.code).toBe('PLUGIN_ERROR');
    expect(await count()).toBe(1);
    const slow = await harness.executor.runCapability(
      'py-tools',
      'sleep',
      { seconds: 30 },
      { timeoutSeconds: 1 },
    );
    expect(slow.error?.code).toBe('TIMEOUT');
    expect(await count()).toBe(1);
  });

  it('stay in the sandbox, and give each call its own environment and work dir', async () => {
    const first = await harness.executor.runCapability('py-tools', 'environment', {});
    const second = await harness.executor.runCapability('py-tools', 'environment', {});
    const [a, b] = [first.outputs.env, second.outputs.env] as Record<string, string>[];
    expect(a!.MARK1_RUN_ID).toBe(first.runId);
    expect(b!.MARK1_RUN_ID).toBe(second.runId);
    expect(a!.MARK1_WORK_DIR).not.toBe(b!.MARK1_WORK_DIR);
    expect((second.outputs.visible as Record<string, boolean>)['/root/.bashrc']).toBe(false);
    expect(second.outputs.uid).not.toBe(0);
    const report = (await harness.executor.status(second.runId)).steps[0]!.sandbox as {
      isolation: string;
      missing: unknown[];
    };
    expect(report).toMatchObject({ isolation: 'bubblewrap', missing: [] });
    for (const text of ['one', 'two']) {
      expect(
        (await harness.executor.runCapability('node-tools', 'upper', { text })).outputs,
      ).toEqual({ upper: text.toUpperCase() });
    }
  });

  it("are never shared between plugins: another plugin's worker has none of its secrets", async () => {
    const own = await harness.executor.runCapability('secret-keeper', 'token-length', {});
    expect(own.outputs).toEqual({ length: 'warm-secret-value'.length, same: false });
    const other = await harness.executor.runCapability('hostile', 'read-secret', {});
    expect((other.outputs.seen as { env: unknown }).env).toBeNull();
  });

  it('return files and serve concurrent calls (a busy worker means a fresh process)', async () => {
    const report = await harness.executor.runCapability('py-tools', 'write-report', {
      title: 'Warm',
    });
    expect(readFileSync(report.outputs.report as string, 'utf8')).toBe(
      '# Warm\n\nwritten by py-tools\n',
    );
    const result = await harness.executor.run({
      name: 'warm-fan-out',
      steps: [
        {
          id: 'add',
          plugin: 'py-tools',
          capability: 'add',
          foreach: [1, 2, 3, 4, 5, 6],
          concurrency: 3,
          inputs: { a: '${item}', b: 10 },
        },
      ],
      outputs: { sums: '${steps.add.outputs.sum}' },
    });
    expect(result.outputs).toEqual({ sums: [11, 12, 13, 14, 15, 16] });
  });
});
