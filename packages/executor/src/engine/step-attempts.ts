import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Mark1Error, type ResolvedPlugin, toMark1Error, type WorkflowStep } from '@mark1/sdk';
import { ExecutorErrorCodes } from '../errors';
import { errorInfo, type RunRecorder } from '../runs/run-recorder';
import { redactSecrets } from '../runs/redact';
import { backoffDelayMs, retryKindOf, retryPolicyOf } from './retry-policy';
import type { EngineServices, RunSetup } from './run-types';
import { type Semaphore, sleep } from './semaphore';

/** How one attempt (or the whole step) ended. */
export type AttemptOutcome =
  | { ok: true; outputs: Record<string, unknown> }
  | {
      ok: false;
      cancelled: boolean;
      error: Mark1Error;
      /** Set when another attempt follows after this delay. */ retryInMs?: number;
    };

/** What attempts need from their run. */
export interface AttemptContext {
  readonly services: EngineServices;
  readonly setup: RunSetup;
  /** The run's call slots (`max_concurrent`). */
  readonly calls: Semaphore;
  /** Hands over a record written while the run goes on (awaited before the run ends). */
  background(write: Promise<unknown>): void;
}

const NOT_RETRYABLE = 'not retryable';

/** A step's outputs plus the names its `outputs` map gives them (`{ alias: capability_output }`). */
export function withAliases(
  outputs: Record<string, unknown>,
  aliases: Record<string, string> | undefined,
): Record<string, unknown> {
  if (!aliases) return outputs;
  const named = { ...outputs };
  for (const [alias, target] of Object.entries(aliases))
    if (target in outputs) named[alias] = outputs[target];
  return named;
}

/**
 * Runs the attempts of one step (or one `foreach` item) until one succeeds, retries run out, or
 * `signal` stops it. `prepare` renders the attempt's inputs (it may throw: the attempt then fails
 * without starting anything).
 */
export async function runAttempts(
  context: AttemptContext,
  options: {
    step: WorkflowStep;
    plugin: ResolvedPlugin;
    itemIndex: number | null;
    signal: AbortSignal;
    prepare: () => Record<string, unknown>;
    /** Called before each attempt (the run counts them). */
    onAttempt: () => void;
  },
): Promise<AttemptOutcome> {
  const { step, plugin, itemIndex, signal } = options;
  const { runId, events, recorder } = context.setup;
  const policy = retryPolicyOf(step, context.services.settings.retryAttempts);
  const secrets = Object.values(plugin.environment.secrets);
  const cancelledBy = (): AttemptOutcome => ({
    ok: false,
    cancelled: true,
    error: toMark1Error(signal.reason, ExecutorErrorCodes.CANCELLED),
  });
  const firstAttempt = (context.setup.previous?.attempts.get(step.id) ?? 0) + 1;
  const lastAttempt = firstAttempt + policy.max_attempts - 1;
  for (let attempt = firstAttempt; ; attempt += 1) {
    if (signal.aborted) return cancelledBy();
    options.onAttempt();
    let inputs: Record<string, unknown>;
    try {
      inputs = options.prepare();
    } catch (error) {
      const failure = toMark1Error(error, ExecutorErrorCodes.INTERNAL);
      await recorder
        .stepSettled(step.id, itemIndex, 'failed', attempt, errorInfo(failure, secrets))
        .catch(() => undefined);
      events.emit({
        type: 'step.finished',
        runId,
        stepId: step.id,
        itemIndex,
        attempt,
        state: 'failed',
        error: errorInfo(failure, secrets),
      });
      return { ok: false, cancelled: false, error: failure };
    }
    let outcome: AttemptOutcome;
    try {
      // The attempt counts as started (recorded, announced) once it holds one of the run's call slots.
      outcome = await context.calls.run(
        () => runAttempt(context, step, plugin, itemIndex, attempt, inputs, secrets, signal),
        signal,
      );
    } catch {
      return cancelledBy();
    }
    if (outcome.ok || outcome.retryInMs === undefined) return outcome;
    const delay = outcome.retryInMs;
    events.emit({
      type: 'step.log',
      runId,
      stepId: step.id,
      itemIndex,
      level: 'info',
      text: `Attempt ${attempt} failed (${outcome.error.code}); attempt ${attempt + 1} of ${lastAttempt} in ${delay} ms.`,
    });
    try {
      await sleep(delay, signal);
    } catch {
      return cancelledBy();
    }
  }
}

/** One attempt: recorded as running, dispatched, and recorded as succeeded (outputs first) or failed. */
async function runAttempt(
  context: AttemptContext,
  step: WorkflowStep,
  plugin: ResolvedPlugin,
  itemIndex: number | null,
  attempt: number,
  inputs: Record<string, unknown>,
  secrets: readonly string[],
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const { runId, events, recorder } = context.setup;
  const policy = retryPolicyOf(step, context.services.settings.retryAttempts);
  const firstAttempt = (context.setup.previous?.attempts.get(step.id) ?? 0) + 1;
  const lastAttempt = firstAttempt + policy.max_attempts - 1;
  const started = performance.now();
  // The records of the start are written while the plugin starts; the attempt's end waits for them.
  const stepRunId = randomUUID();
  const recorded = recorder.attemptStarted(stepRunId, step.id, itemIndex, attempt, inputs, secrets);
  const execution = recorded.then(
    () =>
      recorder
        .executionStarted(plugin, step.capability, stepRunId, redactSecrets(inputs, secrets))
        .catch(() => undefined),
    () => undefined,
  );
  events.emit({
    type: 'step.started',
    runId,
    stepId: step.id,
    itemIndex,
    attempt,
    plugin: step.plugin,
    capability: step.capability,
    stepRunId,
  });
  const finishExecution = (outcome: Parameters<RunRecorder['executionFinished']>[1]) =>
    context.background(
      execution.then((executionId) => recorder.executionFinished(executionId, outcome)),
    );
  try {
    const result = await context.services.dispatcher.dispatch(
      {
        plugin: step.plugin,
        capability: step.capability,
        inputs,
        cwd: context.setup.cwd,
        workRoot: join(context.services.settings.runsDir, runId),
        keepDir: join(context.services.settings.runsDir, runId, 'outputs', stepRunId),
        ...(step.timeout === undefined ? {} : { timeoutSeconds: step.timeout }),
        runId,
        stepId: step.id,
        ...(itemIndex === null ? {} : { itemIndex }),
        attempt,
      },
      {
        signal,
        onLog: (line) =>
          events.emit({
            type: 'step.log',
            runId,
            stepId: step.id,
            itemIndex,
            level: 'output',
            text: line,
          }),
        onProgress: (message, fraction) =>
          events.emit({
            type: 'step.progress',
            runId,
            stepId: step.id,
            itemIndex,
            ...(message === undefined ? {} : { message }),
            ...(fraction === undefined ? {} : { fraction }),
          }),
      },
    );
    const outputs = withAliases(result.outputs, step.outputs);
    // Stored before anyone sees the step as succeeded: a resumed run never redoes it.
    await recorded;
    await recorder.attemptSucceeded(stepRunId, outputs, {
      ...(result.sandbox ? { sandbox: result.sandbox } : {}),
      ...(result.logRef ? { logRef: result.logRef } : {}),
    });
    finishExecution({
      status: 'succeeded',
      outputs: redactSecrets(result.outputs, secrets) as Record<string, unknown>,
    });
    events.emit({
      type: 'step.finished',
      runId,
      stepId: step.id,
      itemIndex,
      attempt,
      state: 'succeeded',
      durationMs: performance.now() - started,
      outputs: Object.keys(outputs),
    });
    return { ok: true, outputs };
  } catch (caught) {
    const error =
      signal.aborted && !Mark1Error.isInstance(caught)
        ? toMark1Error(signal.reason, ExecutorErrorCodes.CANCELLED)
        : toMark1Error(caught, ExecutorErrorCodes.INTERNAL);
    const cancelled = signal.aborted || error.code === ExecutorErrorCodes.CANCELLED;
    const kind = retryKindOf(error);
    const retry =
      !cancelled && kind !== undefined && policy.retry_on.includes(kind) && attempt < lastAttempt;
    const retryInMs = retry ? backoffDelayMs(policy, attempt - firstAttempt + 1) : undefined;
    await recorded.catch(() => undefined);
    await recorder
      .attemptEnded(stepRunId, cancelled ? 'cancelled' : 'failed', error, {
        sandbox: error.details.sandbox,
        logRef: error.details.logRef,
        secrets,
      })
      .catch(() => undefined);
    finishExecution({
      status: cancelled
        ? 'cancelled'
        : error.code === ExecutorErrorCodes.TIMEOUT
          ? 'timed_out'
          : 'failed',
      errorMessage: redactSecrets(error.message, secrets),
    });
    events.emit({
      type: 'step.finished',
      runId,
      stepId: step.id,
      itemIndex,
      attempt,
      state: cancelled ? 'cancelled' : 'failed',
      durationMs: performance.now() - started,
      error: errorInfo(error, secrets),
      ...(retryInMs === undefined ? {} : { retryInMs }),
      ...(!cancelled && kind === undefined ? { reason: NOT_RETRYABLE } : {}),
    });
    return { ok: false, cancelled, error, ...(retryInMs === undefined ? {} : { retryInMs }) };
  }
}
