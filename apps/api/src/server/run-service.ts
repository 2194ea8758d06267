import { toMark1Error, type Workflow } from '@mark1/sdk';
import {
  ExecutorErrorCodes,
  type Executor,
  type RunEvent,
  type RunHandle,
  type RunStatus,
} from '@mark1/executor';
import type { RunRecord, Storage } from '@mark1/storage';
import type { Logger } from 'pino';
import type { RunEventNotifier } from '../events/run-event-notifier';
import type { ApiMetrics } from '../metrics/metrics';

/** What starting a run needs. */
export interface StartRunRequest {
  readonly workflow: Workflow;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The saved workflow it runs, if any (orchestrations save theirs). */
  readonly workflowId?: string;
}

/** One capability call's result. */
export interface ExecutionResult {
  /** The one-step run the call was recorded as. */
  readonly runId: string;
  /** The `plugin_executions` row of the call. */
  readonly executionId: string | undefined;
  readonly state: 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly details?: Record<string, unknown>;
  };
}

/** Runs, as the API starts and controls them: everything long goes to the background. */
export interface RunService {
  /** Validates the workflow and its inputs, records the run and starts it in the background; returns its id. */
  start(request: StartRunRequest): Promise<{ runId: string }>;
  /** Stops a run (its running steps are killed) and returns it; a finished run gives `RUN_STATE_INVALID`. */
  cancel(runId: string): Promise<RunRecord>;
  /** A run and its step runs; `RUN_NOT_FOUND` when there is none. */
  status(runId: string): Promise<RunStatus>;
  /** Continues an interrupted run in the background from its last completed steps. */
  resume(runId: string): Promise<{ runId: string }>;
  /** Calls one capability of a plugin and waits for its result (inputs are data, never templates). */
  execute(
    plugin: string,
    capability: string,
    inputs: Readonly<Record<string, unknown>>,
  ): Promise<ExecutionResult>;
  /** Runs started by this server and still going. */
  readonly active: number;
  /**
   * Lets running runs finish for up to `graceMs`, then names the rest, which the executor's
   * `close({ interrupt: true })` ends `interrupted` (so `resume`
   * continues them) and returns their ids. The caller then closes storage and the executor.
   */
  drain(graceMs: number): Promise<string[]>;
}

/** Options of {@link createRunService}. */
export interface RunServiceOptions {
  readonly executor: Executor;
  readonly storage: Storage;
  readonly notifier: RunEventNotifier;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
  /** Folder relative paths would be read from (the API only passes absolute, confined ones). */
  readonly cwd: string;
}

/**
 * Plugin calls counted from a run's events: every attempt of a step, or every item of a `foreach`
 * step, that ended (skipped steps never called a plugin).
 */
function createExecutionCounter(metrics: ApiMetrics) {
  const calls = new Map<string, { plugin: string; capability: string }>();
  const fannedOut = new Set<string>();
  return (event: RunEvent) => {
    if (event.type === 'step.started') {
      calls.set(`${event.runId}\u0000${event.stepId}`, {
        plugin: event.plugin,
        capability: event.capability,
      });
      if (event.items !== undefined && event.itemIndex === null)
        fannedOut.add(`${event.runId}\u0000${event.stepId}`);
    } else if (event.type === 'step.finished' && event.state !== 'skipped') {
      const key = `${event.runId}\u0000${event.stepId}`;
      const call = calls.get(key);
      if (!call || (event.itemIndex === null && fannedOut.has(key))) return;
      const status =
        event.state === 'failed' && event.error?.code === ExecutorErrorCodes.TIMEOUT
          ? 'timed_out'
          : event.state;
      metrics.recordPluginExecution({
        pluginId: call.plugin,
        capability: call.capability,
        status,
        durationSeconds: (event.durationMs ?? 0) / 1000,
      });
    } else if (event.type === 'run.finished') {
      for (const key of [...calls.keys()])
        if (key.startsWith(`${event.runId}\u0000`)) calls.delete(key);
      for (const key of [...fannedOut])
        if (key.startsWith(`${event.runId}\u0000`)) fannedOut.delete(key);
    }
  };
}

/**
 * The API's {@link RunService} over the executor: runs go to the background, every event wakes the
 * run's SSE followers, feeds the plugin metrics and is logged with its run id.
 */
export function createRunService(options: RunServiceOptions): RunService {
  const { executor, storage, notifier, logger } = options;
  const active = new Map<string, RunHandle>();
  const count = createExecutionCounter(options.metrics);

  const onEvent = (event: RunEvent) => {
    notifier.notify(event.runId);
    count(event);
    const line = { runId: event.runId, seq: event.seq, event: event.type };
    if (event.type === 'run.finished')
      logger.info({ ...line, state: event.state, durationMs: event.durationMs }, 'run finished');
    else if (event.type === 'step.finished')
      logger.info({ ...line, stepId: event.stepId, state: event.state }, 'step finished');
    else logger.debug(line, 'run event');
  };

  const track = (handle: RunHandle) => {
    active.set(handle.runId, handle);
    handle.done
      .catch((error: unknown) =>
        logger.error({ runId: handle.runId, err: error }, 'run stopped with an error'),
      )
      .finally(() => {
        active.delete(handle.runId);
        notifier.notify(handle.runId);
      });
    return { runId: handle.runId };
  };

  return {
    async start(request) {
      const handle = await executor.start(request.workflow, {
        inputs: { ...request.inputs },
        cwd: options.cwd,
        onEvent,
        ...(request.workflowId ? { workflowId: request.workflowId } : {}),
      });
      return track(handle);
    },
    async cancel(runId) {
      const run = await executor.cancel(runId);
      notifier.notify(runId);
      return run;
    },
    status: (runId) => executor.status(runId),
    async resume(runId) {
      return track(await executor.resume(runId, { cwd: options.cwd, onEvent }));
    },
    async execute(plugin, capability, inputs) {
      const result = await executor.runCapability(
        plugin,
        capability,
        { ...inputs },
        { cwd: options.cwd, onEvent },
      );
      const [execution] = await storage.pluginExecutions.list({ runId: result.runId, limit: 1 });
      const error = result.error ? toMark1Error(result.error) : undefined;
      return {
        runId: result.runId,
        executionId: execution?.executionId,
        state: result.state,
        outputs: result.outputs,
        durationMs: result.durationMs,
        ...(error
          ? { error: { code: error.code, message: error.message, details: error.details } }
          : {}),
      };
    },
    get active() {
      return active.size;
    },
    async drain(graceMs) {
      if (active.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...active.values()].map((handle) => handle.done)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      const remaining = [...active.keys()];
      for (const runId of remaining) logger.warn({ runId }, 'run interrupted by shutdown');
      return remaining;
    },
  };
}
