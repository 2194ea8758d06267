import type { ArtifactStore } from '@mark1/context';
import type { Workflow } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';
import type { PreviousState, PreviousStep } from '../engine/run-types';
import { decodeStoredOutputs } from './stored-values';

/**
 * What an interrupted run had finished, read from its step runs: steps and `foreach` items that
 * succeeded (with their stored outputs), fallbacks that ran in place of failed steps, and the
 * attempt numbers used. Attempts and plugin calls left `running` by the dead orchestrator are marked
 * cancelled; `announced` (step run id → attempt, for `step.started` events without their
 * `step.finished`) gives the attempts whose end must still be reported.
 * Skipped and failed steps are run again (what they depended on may succeed this time).
 */
export async function loadPreviousState(
  storage: Storage,
  artifacts: ArtifactStore,
  runId: string,
  workflow: Workflow,
  announced: ReadonlyMap<string, { stepId: string; itemIndex: number | null; attempt: number }>,
): Promise<PreviousState> {
  const rows = await storage.stepRuns.listForRun(runId);
  const steps = new Map<string, PreviousStep>();
  const items = new Map<string, Map<number, Record<string, unknown>>>();
  const attempts = new Map<string, number>();
  const foreach = new Set(
    workflow.steps.filter((step) => step.foreach !== undefined).map((step) => step.id),
  );
  for (const row of rows) {
    attempts.set(row.stepId, Math.max(attempts.get(row.stepId) ?? 0, row.attempt));
    if (row.state === 'running' || row.state === 'pending') {
      await storage.stepRuns
        .transition(row.id, 'cancelled', {
          error: {
            code: 'INTERRUPTED',
            message:
              'The orchestrator stopped while this attempt ran; the step runs again on resume.',
          },
        })
        .catch(() => undefined);
      continue;
    }
    if (row.state !== 'succeeded') continue;
    const outputs = await decodeStoredOutputs(row.outputs, artifacts);
    if (foreach.has(row.stepId)) {
      if (row.itemIndex === null) continue;
      let done = items.get(row.stepId);
      if (!done) items.set(row.stepId, (done = new Map()));
      done.set(row.itemIndex, outputs);
    } else if (row.itemIndex === null) {
      steps.set(row.stepId, { state: 'succeeded', outputs });
    }
  }
  for (const execution of await storage.pluginExecutions.list({
    runId,
    status: 'running',
    limit: 10_000,
  })) {
    await storage.pluginExecutions
      .finish(execution.executionId, {
        status: 'cancelled',
        errorMessage: 'The orchestrator stopped during this call.',
      })
      .catch(() => undefined);
  }
  const fallbacks = new Map<string, string>();
  for (const step of workflow.steps) {
    if (step.on_error === 'fail' || step.on_error === 'continue') continue;
    if (steps.get(step.on_error)?.state === 'succeeded' && !steps.has(step.id))
      fallbacks.set(step.on_error, step.id);
  }
  // Attempts announced as started but never as finished: report how they ended.
  const unreported: PreviousState['unreported'][number][] = [];
  const ended = new Map(
    (await storage.stepRuns.listForRun(runId)).map((row) => [row.id, row.state]),
  );
  for (const [stepRunId, attempt] of announced) {
    const state = ended.get(stepRunId);
    if (state === 'succeeded' || state === 'failed' || state === 'cancelled' || state === 'skipped')
      unreported.push({ ...attempt, state });
  }
  return { steps, items, fallbacks, attempts, unreported };
}
