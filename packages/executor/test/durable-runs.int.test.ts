// Durable runs on PostgreSQL: the same kill -9 and resume, plus a run with every kind of record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentRun } from './support/consistency';
import { killAndResume } from './support/durable-scenario';
import { createHarness, type Harness } from './support/harness';
import { dropSchema, postgresUrlFor, uniqueSchema } from '../../../tools/testing/postgres';

let harness: Harness;
let database: { schema: string; url: string };

beforeEach(async () => {
  const schema = uniqueSchema('executor_durable');
  database = { schema, url: postgresUrlFor(schema) };
  harness = await createHarness({ databaseUrl: database.url });
});

afterEach(async () => {
  await harness.close();
  await dropSchema(database.schema);
});

describe('durable runs (PostgreSQL)', () => {
  it('resume after kill -9: finished steps and items do not run again, outputs are right', async () => {
    expect(harness.storage.engine).toBe('postgres');
    await killAndResume(harness, database.url);
  });

  it('records a run with retries, a skipped step and a fallback consistently', async () => {
    const result = await harness.executor.run({
      name: 'mixed',
      steps: [
        {
          id: 'flaky',
          plugin: 'py-tools',
          capability: 'flaky',
          inputs: { succeed_on: 2 },
          retry: { max_attempts: 2, backoff: { initial_delay: '10ms' } },
        },
        {
          id: 'skip',
          plugin: 'py-tools',
          capability: 'echo',
          depends_on: ['flaky'],
          when: '${steps.flaky.outputs.attempt} > 5',
          inputs: { value: 'x' },
        },
        { id: 'primary', plugin: 'py-tools', capability: 'fail', on_error: 'backup' },
        {
          id: 'backup',
          plugin: 'py-tools',
          capability: 'echo',
          inputs: { value: 'backed up' },
          outputs: { never: 'value' },
        },
      ],
      outputs: { attempt: '${steps.flaky.outputs.attempt}', via: '${steps.primary.outputs.never}' },
    });
    expect(result.state).toBe('succeeded');
    expect(result.outputs).toEqual({ attempt: 2, via: 'backed up' });
    await expectConsistentRun(harness.storage, result.runId);
    const steps = await harness.storage.stepRuns.listForRun(result.runId);
    expect(steps.map((step) => `${step.stepId}:${step.attempt}:${step.state}`).sort()).toEqual(
      [
        'backup:1:succeeded',
        'flaky:1:failed',
        'flaky:2:succeeded',
        'primary:1:failed',
        'skip:1:skipped',
      ].sort(),
    );
  });
});
