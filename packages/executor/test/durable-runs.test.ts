// Durable runs on SQLite: a separate orchestrator killed with SIGKILL mid-run, then resumed here.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../src/create-executor';
import { expectConsistentRun } from './support/consistency';
import { appendingWorkflow, killAndResume } from './support/durable-scenario';
import { createFolderResolver } from './support/folder-resolver';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;

beforeEach(async () => {
  harness = await createHarness();
});

afterEach(async () => {
  await harness.close();
});

describe('durable runs (SQLite)', () => {
  it('resume after kill -9: finished steps and items do not run again, outputs are right', async () => {
    await killAndResume(harness);
  });

  it('close({ interrupt: true }) ends running runs interrupted, and a new executor resumes them', async () => {
    const log = join(harness.home, 'calls.log');
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    const handle = await harness.executor.start(appendingWorkflow(log));
    const deadline = Date.now() + 60_000;
    while (readFileSync(log, 'utf8').split('\n').filter(Boolean).length < 3) {
      if (Date.now() > deadline) throw new Error('gave up waiting for three lines');
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    await harness.executor.close({ interrupt: true });
    const ended = await handle.done;
    expect(ended.state).toBe('interrupted');
    expect(ended.error?.code).toBe('INTERRUPTED');
    expect((await harness.storage.runs.get(handle.runId))?.state).toBe('interrupted');
    const stopped = await harness.executor.events(handle.runId);
    expect(stopped.at(-1)).toMatchObject({ type: 'run.finished', state: 'interrupted' });
    const finished = (await harness.storage.stepRuns.listForRun(handle.runId))
      .filter((step) => step.state === 'succeeded')
      .map((step) => (step.itemIndex === null ? step.stepId : `item-${step.itemIndex}`));

    const next = createExecutor({
      storage: harness.storage,
      config: harness.config,
      resolver: createFolderResolver(undefined, { ids: harness.ids }),
      heartbeatMs: 200,
    });
    try {
      const resumed = await (await next.resume(handle.runId)).done;
      expect(resumed).toMatchObject({ state: 'succeeded', resumed: true });
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      for (const name of finished) expect(lines.filter((line) => line === name)).toHaveLength(1);
      for (const name of ['first', 'second', 'item-0', 'item-1', 'item-2', 'item-3', 'last'])
        expect(lines).toContain(name);
      await expectConsistentRun(harness.storage, handle.runId);
    } finally {
      await next.close();
    }
  });

  it('refuses to resume a run that is still alive, finished, or unknown', async () => {
    const handle = await harness.executor.start({
      name: 'alive',
      steps: [{ id: 'slow', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 30 } }],
    });
    await expect(harness.executor.resume(handle.runId)).rejects.toMatchObject({
      code: 'RUN_IN_PROGRESS',
    });
    handle.cancel();
    await handle.done;
    await expect(harness.executor.resume(handle.runId)).rejects.toMatchObject({
      code: 'RUN_STATE_INVALID',
      message: expect.stringContaining('cancelled'),
    });
    await expect(harness.executor.resume('no-such-run')).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
    });
    await expect(harness.executor.cancel(handle.runId)).rejects.toMatchObject({
      code: 'RUN_STATE_INVALID',
    });
  });
});
