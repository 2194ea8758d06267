import { expect } from 'vitest';
import type { Storage } from '@mark1/storage';

/**
 * Checks that a finished run left a consistent record: the run is final with its finish time, no
 * step run or plugin execution is left running, every started attempt has a matching finished
 * event, and the event stream is numbered 1..n and ends with `run.finished`.
 */
export async function expectConsistentRun(storage: Storage, runId: string): Promise<void> {
  const run = await storage.runs.get(runId);
  expect(run?.state).toMatch(/^(succeeded|failed|cancelled)$/);
  expect(run?.finishedAt).not.toBeNull();
  const steps = await storage.stepRuns.listForRun(runId);
  expect(steps.filter((step) => step.state === 'running' || step.state === 'pending')).toEqual([]);
  for (const step of steps) expect(step.finishedAt).not.toBeNull();
  const executions = await storage.pluginExecutions.list({ runId, limit: 1000 });
  expect(executions.filter((execution) => execution.status === 'running')).toEqual([]);
  const events = await storage.runEvents.list(runId, { limit: 100_000 });
  expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
  expect(events.at(-1)?.type).toBe('run.finished');
  expect((events.at(-1)?.payload as { state: string }).state).toBe(run?.state);
  const key = (payload: unknown) => {
    const { stepId, itemIndex, attempt } = payload as {
      stepId: string;
      itemIndex: number | null;
      attempt: number;
    };
    return `${stepId}/${itemIndex}/${attempt}`;
  };
  const started = events
    .filter((event) => event.type === 'step.started')
    .map((event) => key(event.payload));
  const finished = new Set(
    events.filter((event) => event.type === 'step.finished').map((event) => key(event.payload)),
  );
  expect(started.filter((id) => !finished.has(id))).toEqual([]);
}
