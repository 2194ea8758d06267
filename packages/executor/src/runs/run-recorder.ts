import type { ArtifactStore } from '@mark1/context';
import { type Mark1Error, type ResolvedPlugin } from '@mark1/sdk';
import type { ExecutionOutcome, Storage } from '@mark1/storage';
import type { SandboxReport } from '../sandbox/sandbox-policy';
import { redactSecrets } from './redact';
import { encodeStoredOutputs } from './stored-values';

/** An error as a step run stores it. */
export function errorInfo(
  error: Mark1Error,
  secrets: readonly string[] = [],
): { code: string; message: string; details?: Record<string, unknown> } {
  const details =
    error.details && Object.keys(error.details).length > 0 ? error.details : undefined;
  return redactSecrets(
    { code: error.code, message: error.message, ...(details ? { details } : {}) },
    secrets,
  );
}

/** What the engine writes about one run: step runs, plugin executions, the run's end. */
export interface RunRecorder {
  /** Records an attempt that starts now (state `running`) under the step run id `id`. */
  attemptStarted(
    id: string,
    stepId: string,
    itemIndex: number | null,
    attempt: number,
    inputs: unknown,
    secrets: readonly string[],
  ): Promise<void>;
  /** Stores the outputs and marks the attempt succeeded, in one update. */
  attemptSucceeded(
    stepRunId: string,
    outputs: Record<string, unknown>,
    extra: { sandbox?: SandboxReport; logRef?: string },
  ): Promise<void>;
  /** Marks the attempt failed (or cancelled), with its error, sandbox report, log and partial outputs. */
  attemptEnded(
    stepRunId: string,
    state: 'failed' | 'cancelled',
    error: Mark1Error,
    extra: {
      sandbox?: unknown;
      logRef?: unknown;
      partial?: Record<string, unknown>;
      secrets?: readonly string[];
    },
  ): Promise<void>;
  /** Records a step (or item) that ended without an attempt running: skipped, failed before start, or never run. */
  stepSettled(
    stepId: string,
    itemIndex: number | null,
    state: 'skipped' | 'failed' | 'cancelled',
    attempt: number,
    error: { code: string; message: string },
  ): Promise<void>;
  /** Records the start of a plugin call; undefined when the plugin is not registered in this database. */
  executionStarted(
    plugin: ResolvedPlugin,
    capability: string,
    stepRunId: string,
    inputs: unknown,
  ): Promise<string | undefined>;
  /** Records how a plugin call ended. */
  executionFinished(executionId: string | undefined, outcome: ExecutionOutcome): Promise<void>;
}

/** The {@link RunRecorder} of run `runId`. */
export function createRunRecorder(
  storage: Storage,
  runId: string,
  artifacts: ArtifactStore,
  inlineBytes: number,
): RunRecorder {
  const registered = new Map<string, Promise<boolean>>();
  const isRegistered = (pluginId: string) => {
    let known = registered.get(pluginId);
    if (!known) {
      known = storage.plugins.get(pluginId).then(
        (record) => record !== undefined,
        () => false,
      );
      registered.set(pluginId, known);
    }
    return known;
  };
  return {
    async attemptStarted(id, stepId, itemIndex, attempt, inputs, secrets) {
      await storage.stepRuns.create({
        id,
        runId,
        stepId,
        itemIndex,
        attempt,
        state: 'running',
        inputs: redactSecrets(inputs ?? null, secrets),
      });
    },
    async attemptSucceeded(stepRunId, outputs, extra) {
      await storage.stepRuns.transition(stepRunId, 'succeeded', {
        outputs: await encodeStoredOutputs(outputs, artifacts, inlineBytes),
        ...(extra.sandbox ? { sandbox: extra.sandbox } : {}),
        ...(extra.logRef ? { logRef: extra.logRef } : {}),
      });
    },
    async attemptEnded(stepRunId, state, error, extra) {
      await storage.stepRuns.transition(stepRunId, state, {
        error: errorInfo(error, extra.secrets),
        ...(extra.sandbox ? { sandbox: extra.sandbox } : {}),
        ...(typeof extra.logRef === 'string' ? { logRef: extra.logRef } : {}),
        ...(extra.partial
          ? { outputs: await encodeStoredOutputs(extra.partial, artifacts, inlineBytes) }
          : {}),
      });
    },
    async stepSettled(stepId, itemIndex, state, attempt, error) {
      const record = await storage.stepRuns.create({
        runId,
        stepId,
        itemIndex,
        attempt,
        inputs: null,
      });
      // Skipped and cancelled steps keep the reason, failed ones their error.
      await storage.stepRuns.transition(record.id, state, { error });
    },
    async executionStarted(plugin, capability, stepRunId, inputs) {
      if (!(await isRegistered(plugin.id))) return undefined;
      const record = await storage.pluginExecutions.start({
        pluginId: plugin.id,
        pluginVersion: plugin.version,
        capabilityName: capability,
        inputs: inputs ?? null,
        runId,
        stepRunId,
      });
      return record.executionId;
    },
    async executionFinished(executionId, outcome) {
      if (executionId === undefined) return;
      await storage.pluginExecutions.finish(executionId, outcome);
    },
  };
}
