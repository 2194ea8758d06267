// The workflow patterns end to end, with real plugins: sequential, parallel, conditional, loop,
// map-reduce, retry-then-succeed, fallback, and the ways a run stops.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor, type RunEvent, type StepFailedError } from '../src/index';
import { createFolderResolver } from './support/folder-resolver';
import { expectConsistentRun } from './support/consistency';
import { createHarness, eventLog, type Harness, processesWith } from './support/harness';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness.close();
});

type StepEvent = Extract<RunEvent, { stepId: string }>;

function stepEvents(events: RunEvent[]): StepEvent[] {
  return events.filter((event): event is StepEvent => 'stepId' in event);
}

function position(
  events: RunEvent[],
  type: string,
  stepId: string,
  itemIndex: number | null = null,
): number {
  return stepEvents(events).findIndex(
    (event) => event.type === type && event.stepId === stepId && event.itemIndex === itemIndex,
  );
}

/** The most attempts of the given step running at the same time, read from the order of its events. */
function peakConcurrency(events: RunEvent[], stepId: string): number {
  let running = 0;
  let peak = 0;
  for (const event of stepEvents(events)) {
    if (event.stepId !== stepId || event.itemIndex === null) continue;
    if (event.type === 'step.started') peak = Math.max(peak, ++running);
    if (event.type === 'step.finished') running -= 1;
  }
  return peak;
}

describe('patterns', () => {
  it('sequential: each step starts after the one it needs, with its outputs', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'sequential',
        inputs: { text: { type: 'string' } },
        steps: [
          {
            id: 'split',
            plugin: 'py-tools',
            capability: 'split-words',
            inputs: { text: '${workflow.inputs.text}' },
          },
          {
            id: 'add',
            plugin: 'py-tools',
            capability: 'add',
            depends_on: ['split'],
            inputs: { a: '${steps.split.outputs.count}', b: 100 },
          },
          {
            id: 'shout',
            plugin: 'node-tools',
            capability: 'upper',
            depends_on: ['add'],
            inputs: { text: 'total ${steps.add.outputs.sum}' },
          },
        ],
        outputs: { final: '${steps.shout.outputs.upper}', words: '${steps.split.outputs.words}' },
      },
      { inputs: { text: 'one two three' }, onEvent: listener },
    );
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({ final: 'TOTAL 103', words: ['one', 'two', 'three'] });
    expect(position(events, 'step.started', 'add')).toBeGreaterThan(
      position(events, 'step.finished', 'split'),
    );
    expect(position(events, 'step.started', 'shout')).toBeGreaterThan(
      position(events, 'step.finished', 'add'),
    );
    await expectConsistentRun(harness.storage, result.runId);
    const run = await harness.storage.runs.get(result.runId);
    expect(run).toMatchObject({
      state: 'succeeded',
      outputs: { final: 'TOTAL 103', words: ['one', 'two', 'three'] },
    });
  });

  it('parallel: independent steps run at the same time, and the join waits for both', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'parallel',
        steps: [
          { id: 'left', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 0.6 } },
          { id: 'right', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 0.6 } },
          {
            id: 'join',
            plugin: 'py-tools',
            capability: 'add',
            depends_on: ['left', 'right'],
            inputs: { a: '${steps.left.outputs.slept}', b: '${steps.right.outputs.slept}' },
          },
        ],
        outputs: { total: '${steps.join.outputs.sum}' },
      },
      { onEvent: listener },
    );
    expect(result.outputs).toEqual({ total: 1.2 });
    const bothStarted = Math.max(
      position(events, 'step.started', 'left'),
      position(events, 'step.started', 'right'),
    );
    const firstFinished = Math.min(
      position(events, 'step.finished', 'left'),
      position(events, 'step.finished', 'right'),
    );
    expect(bothStarted).toBeLessThan(firstFinished);
    expect(position(events, 'step.started', 'join')).toBeGreaterThan(
      Math.max(
        position(events, 'step.finished', 'left'),
        position(events, 'step.finished', 'right'),
      ),
    );
  });

  it('max_concurrent 1 runs ready steps one at a time', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'one-at-a-time',
        max_concurrent: 1,
        steps: [
          { id: 'a', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 0.2 } },
          { id: 'b', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 0.2 } },
          { id: 'c', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 0.2 } },
        ],
      },
      { onEvent: listener },
    );
    expect(result.state).toBe('succeeded');
    // An attempt is announced once it holds a call slot, so the events never overlap.
    let running = 0;
    let peak = 0;
    for (const event of stepEvents(events)) {
      if (event.type === 'step.started') peak = Math.max(peak, ++running);
      if (event.type === 'step.finished') running -= 1;
    }
    expect(peak).toBe(1);
    const executions = await harness.storage.pluginExecutions.list({ runId: result.runId });
    const spans = executions
      .map(
        (execution) =>
          [Date.parse(execution.startedAt), Date.parse(execution.completedAt!)] as const,
      )
      .sort((x, y) => x[0] - y[0]);
    for (let index = 1; index < spans.length; index += 1)
      expect(spans[index]![0]).toBeGreaterThanOrEqual(spans[index - 1]![1] - 5);
  });

  it('conditional: a false `when` skips the step and everything that needs it; the other branch runs', async () => {
    const result = await harness.executor.run({
      name: 'conditional',
      inputs: { threshold: { type: 'number', default: 5 } },
      steps: [
        { id: 'score', plugin: 'py-tools', capability: 'add', inputs: { a: 2, b: 1 } },
        {
          id: 'high',
          plugin: 'py-tools',
          capability: 'echo',
          depends_on: ['score'],
          when: '${steps.score.outputs.sum} > ${workflow.inputs.threshold}',
          inputs: { value: 'high' },
        },
        {
          id: 'low',
          plugin: 'py-tools',
          capability: 'echo',
          depends_on: ['score'],
          when: 'steps.score.outputs.sum <= workflow.inputs.threshold',
          inputs: { value: 'low' },
        },
        {
          id: 'report-high',
          plugin: 'node-tools',
          capability: 'upper',
          depends_on: ['high'],
          inputs: { text: '${steps.high.outputs.value}' },
        },
      ],
      outputs: { branch: '${steps.low.outputs.value}', high: '${steps.report-high.outputs.upper}' },
    });
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({ branch: 'low', high: null });
    expect(result.steps.high).toMatchObject({
      state: 'skipped',
      reason: expect.stringContaining('condition'),
    });
    expect(result.steps['report-high']).toMatchObject({
      state: 'skipped',
      reason: expect.stringContaining('"high", which was skipped'),
    });
    const stored = await harness.storage.stepRuns.listForRun(result.runId);
    expect(
      stored
        .filter((step) => step.state === 'skipped')
        .map((step) => step.stepId)
        .sort(),
    ).toEqual(['high', 'report-high']);
    await expectConsistentRun(harness.storage, result.runId);
  });

  it('loop: foreach runs once per item, at most `concurrency` at a time, outputs in item order', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'loop',
        steps: [
          {
            id: 'double',
            plugin: 'py-tools',
            capability: 'add',
            foreach: [1, 2, 3, 4, 5],
            concurrency: 2,
            inputs: { a: '${item}', b: '${item}' },
          },
        ],
        outputs: { doubled: '${steps.double.outputs.sum}' },
      },
      { onEvent: listener },
    );
    expect(result.outputs).toEqual({ doubled: [2, 4, 6, 8, 10] });
    expect(peakConcurrency(events, 'double')).toBeLessThanOrEqual(2);
    expect(peakConcurrency(events, 'double')).toBe(2);
    const stored = await harness.storage.stepRuns.listForRun(result.runId);
    expect(stored.map((step) => step.itemIndex).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('map-reduce: a reduce step consumes the list of the map step outputs', async () => {
    const result = await harness.executor.run(
      {
        name: 'map-reduce',
        inputs: { text: { type: 'string' } },
        steps: [
          {
            id: 'split',
            plugin: 'py-tools',
            capability: 'split-words',
            inputs: { text: '${workflow.inputs.text}' },
          },
          {
            id: 'lengths',
            plugin: 'node-tools',
            capability: 'count-chars',
            depends_on: ['split'],
            foreach: '${steps.split.outputs.words}',
            inputs: { text: '${item}' },
          },
          {
            id: 'sum',
            plugin: 'py-tools',
            capability: 'total',
            depends_on: ['lengths'],
            inputs: { values: '${steps.lengths.outputs.count}' },
          },
        ],
        outputs: { letters: '${steps.sum.outputs.total}', each: '${steps.lengths.outputs.count}' },
      },
      { inputs: { text: 'map reduce works' } },
    );
    expect(result.outputs).toEqual({ letters: 14, each: [3, 6, 5] });
  });

  it('an empty foreach succeeds with empty lists', async () => {
    const result = await harness.executor.run({
      name: 'empty-loop',
      steps: [
        {
          id: 'none',
          plugin: 'py-tools',
          capability: 'add',
          foreach: [],
          inputs: { a: '${item}' },
        },
        {
          id: 'sum',
          plugin: 'py-tools',
          capability: 'total',
          depends_on: ['none'],
          inputs: { values: '${steps.none.outputs.sum}' },
        },
      ],
      outputs: { total: '${steps.sum.outputs.total}' },
    });
    expect(result.outputs).toEqual({ total: 0 });
  });

  it('retry-then-succeed: failed attempts are recorded, with backoff, until one succeeds', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'retry',
        steps: [
          {
            id: 'flaky',
            plugin: 'py-tools',
            capability: 'flaky',
            inputs: { succeed_on: 3 },
            retry: {
              max_attempts: 4,
              backoff: { type: 'exponential', initial_delay: '20ms', multiplier: 2, jitter: 0.5 },
            },
          },
        ],
        outputs: { attempt: '${steps.flaky.outputs.attempt}' },
      },
      { onEvent: listener },
    );
    expect(result.outputs).toEqual({ attempt: 3 });
    const stored = await harness.storage.stepRuns.listForRun(result.runId);
    expect(stored.map((step) => [step.attempt, step.state])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    const retries = stepEvents(events).filter(
      (event) => event.type === 'step.finished' && event.state === 'failed',
    );
    expect(retries.map((event) => (event as { retryInMs?: number }).retryInMs! >= 20)).toEqual([
      true,
      true,
    ]);
    expect((retries[1] as { retryInMs: number }).retryInMs).toBeGreaterThanOrEqual(40);
  });

  it('retry stops when attempts run out, and retry_on limits what is retried', async () => {
    const exhausted = await harness.executor.run({
      name: 'exhausted',
      steps: [
        {
          id: 'flaky',
          plugin: 'py-tools',
          capability: 'flaky',
          inputs: { succeed_on: 9 },
          retry: { max_attempts: 2, backoff: { initial_delay: '10ms' } },
        },
      ],
    });
    expect(exhausted.state).toBe('failed');
    expect((exhausted.error as StepFailedError).attempts).toBe(2);
    const filtered = await harness.executor.run({
      name: 'timeouts-only',
      steps: [
        {
          id: 'flaky',
          plugin: 'py-tools',
          capability: 'flaky',
          inputs: { succeed_on: 2 },
          retry: { max_attempts: 3, retry_on: ['timeout'], backoff: { initial_delay: '10ms' } },
        },
      ],
    });
    expect(filtered.state).toBe('failed');
    expect(await harness.storage.stepRuns.listForRun(filtered.runId)).toHaveLength(1);
  });

  it('fallback: a failed step is replaced by its fallback, whose outputs its dependents use', async () => {
    const result = await harness.executor.run({
      name: 'fallback',
      steps: [
        {
          id: 'primary',
          plugin: 'py-tools',
          capability: 'flaky',
          inputs: { succeed_on: 99 },
          on_error: 'backup',
        },
        {
          id: 'backup',
          plugin: 'py-tools',
          capability: 'add',
          inputs: { a: 41 },
          outputs: { attempt: 'sum' },
        },
        {
          id: 'use',
          plugin: 'py-tools',
          capability: 'add',
          depends_on: ['primary'],
          inputs: { a: '${steps.primary.outputs.attempt}', b: 0 },
        },
      ],
      outputs: { used: '${steps.use.outputs.sum}' },
    });
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({ used: 42 });
    expect(result.steps.primary).toMatchObject({ state: 'failed', replacedBy: 'backup' });
    expect(result.steps.backup?.state).toBe('succeeded');
    await expectConsistentRun(harness.storage, result.runId);
    const unneeded = await harness.executor.run({
      name: 'fallback-unneeded',
      steps: [
        {
          id: 'primary',
          plugin: 'py-tools',
          capability: 'flaky',
          inputs: { succeed_on: 1 },
          on_error: 'backup',
        },
        {
          id: 'backup',
          plugin: 'py-tools',
          capability: 'add',
          inputs: { a: 41 },
          outputs: { attempt: 'sum' },
        },
      ],
    });
    expect(unneeded.state).toBe('succeeded');
    expect(unneeded.steps.backup).toMatchObject({
      state: 'skipped',
      reason: expect.stringContaining('did not fail'),
    });
  });

  it("on_error continue: the run goes on, the failed step's dependents are skipped", async () => {
    const result = await harness.executor.run({
      name: 'continue',
      steps: [
        { id: 'bad', plugin: 'py-tools', capability: 'fail', on_error: 'continue' },
        {
          id: 'needs-bad',
          plugin: 'py-tools',
          capability: 'echo',
          depends_on: ['bad'],
          inputs: { value: 'x' },
        },
        {
          id: 'independent',
          plugin: 'py-tools',
          capability: 'echo',
          inputs: { value: 'still runs' },
        },
      ],
      outputs: { value: '${steps.independent.outputs.value}' },
    });
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({ value: 'still runs' });
    expect(result.steps.bad?.state).toBe('failed');
    expect(result.steps['needs-bad']?.state).toBe('skipped');
    await expectConsistentRun(harness.storage, result.runId);
  });

  it('on_error fail stops the run and cancels what is still running, killing its processes', async () => {
    const marker = `${800 + Math.floor(Math.random() * 100)}.${process.pid}1`;
    const result = await harness.executor.run({
      name: 'fail-fast',
      steps: [
        { id: 'slow', plugin: 'hostile', capability: 'hang', inputs: { marker } },
        { id: 'bad', plugin: 'py-tools', capability: 'fail', inputs: { message: 'fails first' } },
      ],
    });
    expect(result.state).toBe('failed');
    expect((result.error as StepFailedError).stepId).toBe('bad');
    expect(result.steps.slow?.state).toBe('cancelled');
    expect(await processesWith(`sleep ${marker}`)).toEqual([]);
    const stored = await harness.storage.stepRuns.listForRun(result.runId);
    expect(stored.find((step) => step.stepId === 'slow')?.state).toBe('cancelled');
    await expectConsistentRun(harness.storage, result.runId);
  });

  it('a run longer than its timeout fails with RUN_TIMEOUT', async () => {
    const result = await harness.executor.run({
      name: 'too-long',
      timeout: '1s',
      steps: [
        { id: 'slow', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 30 } },
        {
          id: 'next',
          plugin: 'py-tools',
          capability: 'echo',
          depends_on: ['slow'],
          inputs: { value: 'x' },
        },
      ],
    });
    expect(result.state).toBe('failed');
    expect(result.error?.code).toBe('RUN_TIMEOUT');
    expect(result.steps.next?.state).toBe('cancelled');
    await expectConsistentRun(harness.storage, result.runId);
  });
});

describe('cancellation', () => {
  it("through a signal kills each running step's process group", async () => {
    const marker = `${900 + Math.floor(Math.random() * 90)}.${process.pid}2`;
    const controller = new AbortController();
    const result = await harness.executor.run(
      {
        name: 'cancel-me',
        steps: [{ id: 'slow', plugin: 'hostile', capability: 'hang', inputs: { marker } }],
      },
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'step.started') setTimeout(() => controller.abort(), 400);
        },
      },
    );
    expect(result.state).toBe('cancelled');
    expect(result.error?.code).toBe('CANCELLED');
    expect(await processesWith(`sleep ${marker}`)).toEqual([]);
    await expectConsistentRun(harness.storage, result.runId);
  });

  it('from another executor on the same database (another process) reaches the owner through its heartbeat', async () => {
    const handle = await harness.executor.start({
      name: 'cancel-remote',
      steps: [{ id: 'slow', plugin: 'py-tools', capability: 'sleep', inputs: { seconds: 30 } }],
    });
    const other = createExecutor({
      storage: harness.storage,
      config: harness.config,
      resolver: createFolderResolver(),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const record = await other.cancel(handle.runId);
    expect(record.state).toBe('cancelled');
    const result = await handle.done;
    expect(result.state).toBe('cancelled');
    await expectConsistentRun(harness.storage, handle.runId);
  });
});

describe('data between steps', () => {
  it('converts a JSON output to the CSV the next input declares, with a rename map', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'convert',
        steps: [
          { id: 'table', plugin: 'py-tools', capability: 'records' },
          {
            id: 'count',
            plugin: 'py-tools',
            capability: 'count-rows',
            depends_on: ['table'],
            rename: { name: 'full_name' },
            inputs: { table: '${steps.table.outputs.rows}' },
          },
        ],
        outputs: { rows: '${steps.count.outputs.rows}', header: '${steps.count.outputs.header}' },
      },
      { onEvent: listener },
    );
    expect(result.outputs).toEqual({ rows: 2, header: 'full_name,score' });
    const status = await harness.executor.status(result.runId);
    expect(status.steps.find((step) => step.stepId === 'count')?.inputs).toEqual({
      table: 'full_name,score\r\nAda,3\r\nGrace,5\r\n',
    });
    expect(events.length).toBeGreaterThan(0);
  });

  it('hands a file output to the next step as a path it can read in its sandbox', async () => {
    const result = await harness.executor.run({
      name: 'file-flow',
      steps: [
        { id: 'write', plugin: 'py-tools', capability: 'write-report', inputs: { title: 'Flow' } },
        {
          id: 'read',
          plugin: 'py-tools',
          capability: 'read-file',
          depends_on: ['write'],
          inputs: { path: '${steps.write.outputs.report}' },
        },
      ],
      outputs: { content: '${steps.read.outputs.content}', file: '${steps.write.outputs.report}' },
    });
    expect(result.outputs.content).toBe('# Flow\n\nwritten by py-tools\n');
    expect(readFileSync(result.outputs.file as string, 'utf8')).toBe(result.outputs.content);
  });

  it('refuses workflow inputs that do not match the declaration', async () => {
    await expect(
      harness.executor.run(
        {
          name: 'typed',
          inputs: { n: { type: 'number' } },
          steps: [
            {
              id: 'a',
              plugin: 'py-tools',
              capability: 'add',
              inputs: { a: '${workflow.inputs.n}' },
            },
          ],
        },
        { inputs: { n: 'many' } },
      ),
    ).rejects.toMatchObject({
      code: 'WORKFLOW_INPUT_INVALID',
      message: expect.stringContaining('"n" must be number'),
    });
    const coerced = await harness.executor.run(
      {
        name: 'typed',
        inputs: { n: { type: 'number' } },
        steps: [
          { id: 'a', plugin: 'py-tools', capability: 'add', inputs: { a: '${workflow.inputs.n}' } },
        ],
        outputs: { sum: '${steps.a.outputs.sum}' },
      },
      { inputs: { n: '2' } },
    );
    expect(coerced.outputs).toEqual({ sum: 3 });
  });
});
