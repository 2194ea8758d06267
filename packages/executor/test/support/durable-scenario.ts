import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Harness } from './harness';
import { expectConsistentRun } from './consistency';

const CHILD = resolve(import.meta.dirname, 'run-workflow-child.ts');
const PACKAGE = resolve(import.meta.dirname, '../..');

/** A workflow whose every call appends a line to `log`: two steps, a foreach of four items, a last step. */
export function appendingWorkflow(log: string): Record<string, unknown> {
  const step = (id: string, line: string, extra: Record<string, unknown> = {}) => ({
    id,
    plugin: 'py-tools',
    capability: 'append-line',
    inputs: { log, line, delay: 0.25 },
    ...extra,
  });
  return {
    name: 'durable',
    steps: [
      step('first', 'first'),
      step('second', 'second', { depends_on: ['first'] }),
      step('items', '${item}', {
        depends_on: ['second'],
        foreach: ['item-0', 'item-1', 'item-2', 'item-3'],
        concurrency: 1,
      }),
      step('last', 'last', { depends_on: ['items'] }),
    ],
    outputs: { lines: '${steps.last.outputs.lines}' },
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/**
 * Starts the workflow in a separate orchestrator process, kills it with SIGKILL once four lines
 * are written (in the middle of the foreach), resumes the run here, and checks that what had
 * finished did not run again and that the outputs are right.
 */
export async function killAndResume(harness: Harness, databaseUrl?: string): Promise<void> {
  const log = join(harness.home, 'calls.log');
  writeFileSync(log, '');
  chmodSync(log, 0o666);
  const workflowFile = join(harness.home, 'workflow.json');
  writeFileSync(workflowFile, JSON.stringify(appendingWorkflow(log)));
  const child = spawn(
    process.execPath,
    [
      '--conditions=@mark1/source',
      '--import',
      'tsx',
      CHILD,
      harness.home,
      workflowFile,
      ...(databaseUrl ? [databaseUrl] : []),
    ],
    {
      cwd: PACKAGE,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  try {
    await waitFor(
      () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length >= 4,
      `four lines (child stderr: ${stderr})`,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.kill('SIGKILL');
  await exited;
  const runId = stdout.split('\n')[0]!.trim();
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);

  const before = await harness.storage.runs.get(runId);
  expect(before?.state).toBe('running');
  const finished = (await harness.storage.stepRuns.listForRun(runId))
    .filter((step) => step.state === 'succeeded')
    .map((step) => (step.itemIndex === null ? step.stepId : `item-${step.itemIndex}`));
  expect(finished.slice(0, 2)).toEqual(['first', 'second']);

  const interrupted = await harness.executor.findInterruptedRuns();
  expect(interrupted.map((run) => run.id)).toContain(runId);
  const handle = await harness.executor.resume(runId);
  const result = await handle.done;
  expect(result.state).toBe('succeeded');
  expect(result.resumed).toBe(true);

  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  for (const name of finished) expect(lines.filter((line) => line === name)).toHaveLength(1);
  for (const name of ['first', 'second', 'item-0', 'item-1', 'item-2', 'item-3', 'last'])
    expect(lines).toContain(name);
  // The last step counted every line written, duplicates of an interrupted attempt included.
  expect(result.outputs).toEqual({ lines: lines.length });
  expect(lines.length).toBeLessThanOrEqual(8);
  expect((await harness.storage.runs.get(runId))?.outputs).toEqual({ lines: lines.length });
  await expectConsistentRun(harness.storage, runId);
  const events = await harness.executor.events(runId);
  expect(
    events
      .filter((event) => event.type === 'run.started')
      .map((event) => (event as { resumed: boolean }).resumed),
  ).toEqual([false, true]);
  expect(existsSync(log)).toBe(true);
}
