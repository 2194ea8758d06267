// Every way a plugin can misbehave ends in a clear step error; the run and the store stay consistent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArtifactStore } from '@mark1/context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFailedError } from '../src/index';
import { expectConsistentRun } from './support/consistency';
import { FIXTURE_PLUGINS } from './support/folder-resolver';
import { createHarness, type Harness, processesWith } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness.close();
});

/** Runs `capability` of the hostile plugin as the first of two steps; the second must never run. */
async function failing(capability: string, inputs: Record<string, unknown> = {}, timeout?: string) {
  const result = await harness.executor.run({
    name: `hostile-${capability}`,
    steps: [
      { id: 'bad', plugin: 'hostile', capability, inputs, ...(timeout ? { timeout } : {}) },
      {
        id: 'after',
        plugin: 'py-tools',
        capability: 'echo',
        depends_on: ['bad'],
        inputs: { value: 'never' },
      },
    ],
  });
  expect(result.state).toBe('failed');
  expect(result.error).toBeInstanceOf(StepFailedError);
  expect((result.error as StepFailedError).stepId).toBe('bad');
  expect(result.steps.after?.state).toBe('cancelled');
  await expectConsistentRun(harness.storage, result.runId);
  const stored = await harness.storage.runs.get(result.runId);
  expect(stored?.error?.code).toBe('STEP_FAILED');
  const reason = (result.error as StepFailedError).reason;
  const steps = await harness.storage.stepRuns.listForRun(result.runId);
  const bad = steps.find((step) => step.stepId === 'bad')!;
  expect(bad.state).toBe('failed');
  expect(bad.error?.code).toBe(reason.code);
  const executions = await harness.storage.pluginExecutions.list({ runId: result.runId });
  // A step refused before its plugin starts has no execution.
  const started = reason.code !== 'SECRET_NOT_AVAILABLE';
  expect(executions.map((execution) => execution.status)).toEqual(
    started ? [reason.code === 'TIMEOUT' ? 'timed_out' : 'failed'] : [],
  );
  return { result, reason, sandbox: bad.sandbox as { uid?: number } | null };
}

function processesOf(uid: number): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(
          readFileSync(`/proc/${entry}/status`, 'utf8'),
        );
      } catch {
        return false;
      }
    });
}

describe('a plugin that', () => {
  it('hangs: the timeout kills its whole process group, grandchildren included', async () => {
    const marker = `${700 + Math.floor(Math.random() * 200)}.${process.pid}`;
    const { reason } = await failing('hang', { marker }, '1500ms');
    expect(reason.code).toBe('TIMEOUT');
    expect(reason.message).toContain('still running after 1.5s');
    expect(await processesWith(`sleep ${marker}`)).toEqual([]);
  });

  it('forks a swarm: stopped by the process limit, and nothing of it survives', async () => {
    const { reason, sandbox } = await failing('fork-bomb');
    expect(reason.code).toBe('PROCESS_LIMIT');
    expect(reason.message).toContain('BlockingIOError');
    expect(sandbox?.uid).toBeGreaterThan(0);
    expect(processesOf(sandbox!.uid!)).toEqual([]);
  });

  it('allocates past its memory limit', async () => {
    const { reason } = await failing('hog-memory');
    expect(reason.code).toBe('MEMORY_LIMIT');
    expect(reason.message).toContain('MemoryError');
  });

  it('writes outside its work dir: to the Mark-1 home, and into its own (read-only) folder', async () => {
    const target = join(harness.home, 'escaped.txt');
    const home = await failing('write-outside', { target });
    expect(home.reason.code).toBe('PLUGIN_ERROR');
    expect(home.reason.message).toMatch(/(FileNotFoundError|PermissionError|OSError)/);
    expect(existsSync(target)).toBe(false);
    const own = join(FIXTURE_PLUGINS, 'hostile', 'planted.txt');
    const folder = await failing('write-outside', { target: own });
    expect(folder.reason.message).toMatch(/Read-only file system|PermissionError/);
    expect(existsSync(own)).toBe(false);
  });

  it('opens a socket without network permission', async () => {
    const { reason } = await failing('open-socket', { port: 6379 });
    expect(reason.code).toBe('PLUGIN_ERROR');
    expect(reason.message).toMatch(/ConnectionRefusedError|Network is unreachable/);
  });

  it('prints 100 MB to standard output', async () => {
    const { reason } = await failing('print-flood');
    expect(reason.code).toBe('OUTPUT_TOO_LARGE');
    expect(reason.message).toContain('MARK1_OUTPUT_DIR');
  });

  it('exits non-zero: the error carries the tail of its stderr', async () => {
    const { reason } = await failing('exit-nonzero');
    expect(reason.code).toBe('PLUGIN_EXIT_NONZERO');
    expect(reason.message).toContain('exited with code 3');
    expect(reason.message).toContain('something went wrong in the plugin');
  });

  it('prints malformed JSON where JSON is required', async () => {
    const { reason } = await failing('malformed-json');
    expect(reason.code).toBe('OUTPUT_INVALID');
    expect(reason.message).toContain('{"data": [1, 2,');
  });

  it('returns a value that is not JSON', async () => {
    const { reason } = await failing('return-garbage');
    expect(reason.code).toBe('OUTPUT_INVALID');
  });

  it("reads another plugin's secret", async () => {
    const { reason } = await failing('read-secret', { token: '${secrets.SECRET_TOKEN}' });
    expect(reason.code).toBe('SECRET_NOT_AVAILABLE');
  });

  it('writes 20 MB to its log: the log is capped, the step still succeeds', async () => {
    const result = await harness.executor.runCapability('hostile', 'shout-to-log', {});
    expect(result.outputs).toEqual({ done: true });
    const step = (await harness.executor.status(result.runId)).steps[0]!;
    const log = (
      await createArtifactStore({ root: join(harness.home, 'artifacts') }).read(step.logRef!)
    ).toString('utf8');
    expect(log.length).toBeLessThan(1.1 * 1024 * 1024);
    expect(log).toContain('more bytes were not kept');
  });
});

describe('resource limits', () => {
  it('stop a file larger than allowed, and too many open files', async () => {
    const small = await createHarness({ limits: { fileSizeBytes: 1024 * 1024, openFiles: 256 } });
    try {
      const big = await small.executor.runCapability('hostile', 'big-file', {});
      expect(big.error?.code).toBe('FILE_SIZE_LIMIT');
      expect(big.error?.message).toContain('File too large');
      await expectConsistentRun(small.storage, big.runId);
      const files = await small.executor.runCapability('hostile', 'many-files', {});
      expect(files.error?.code).toBe('PLUGIN_ERROR');
      expect(files.error?.message).toContain('Too many open files');
    } finally {
      await small.close();
    }
  });
});

describe('a step input', () => {
  it('that does not fit the schema at run time fails the step before any process starts', async () => {
    const result = await harness.executor.run({
      name: 'bad-item',
      steps: [
        {
          id: 'add',
          plugin: 'py-tools',
          capability: 'add',
          foreach: ['one', 2],
          inputs: { a: '${item}' },
        },
      ],
    });
    expect(result.state).toBe('failed');
    expect((result.error as StepFailedError).reason.code).toBe('STEP_INPUT_INVALID');
    await expectConsistentRun(harness.storage, result.runId);
  });
});
