import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createArtifactStore } from '@mark1/context';
import {
  type CapabilityCatalog,
  createCatalog,
  Mark1Error,
  type PluginManifest,
  SdkErrorCodes,
  toMark1Error,
  validateWorkflow,
  type Workflow,
  WorkflowError,
  WorkflowSchema,
  type WorkflowValidationReport,
} from '@mark1/sdk';
import { homeLayout, loadConfig, type RunRecord, StorageErrorCodes } from '@mark1/storage';
import { createLocalDispatcher } from './dispatch/local-dispatcher';
import type { EngineServices, PreviousState, RunResult } from './engine/run-types';
import { resolveWorkflowInputs } from './engine/workflow-inputs';
import { WorkflowRun } from './engine/workflow-run';
import { ExecutorErrorCodes, executorError } from './errors';
import { createEventSink } from './events/event-sink';
import { parseRunEvent, type RunEvent, type RunEventListener } from './events/run-events';
import type {
  ExecutionLimits,
  Executor,
  ExecutorOptions,
  RunHandle,
  RunOptions,
} from './executor-types';
import { type InvocationServices, invokeCapability } from './invocation/invoke-capability';
import { eventHistory } from './runs/event-history';
import { startHeartbeat } from './runs/heartbeat';
import { findInterruptedRuns, isOrphaned } from './runs/interrupted-runs';
import { loadPreviousState } from './runs/previous-state';
import { createRunRecorder, errorInfo } from './runs/run-recorder';
import { redactSecrets } from './runs/redact';
import { decodeStoredOutputs } from './runs/stored-values';
import { probeSandbox } from './sandbox/sandbox-support';
import { createSandboxUidPool } from './sandbox/sandbox-uids';
import { WarmPool, type WarmPoolOptions } from './workers/warm-pool';

const DEFAULT_LIMITS: ExecutionLimits = {
  maxOutputBytes: 16 * 1024 * 1024,
  maxLogBytes: 1024 * 1024,
  maxLogLines: 200,
  inlineOutputBytes: 64 * 1024,
  tmpSizeBytes: 64 * 1024 * 1024,
  killGraceMs: 500,
  memoryBytes: 2 * 1024 ** 3,
  processes: 256,
  fileSizeBytes: 1024 ** 3,
  openFiles: 1024,
};

interface ActiveRun {
  readonly handle: RunHandle;
  readonly listeners: Set<RunEventListener>;
  readonly controller: AbortController;
}

/** Writes `${` in literal text as `$${`, so values handed to {@link Executor.runCapability} are never read as templates. */
function literal(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{/g, () => '$${');
  if (Array.isArray(value)) return value.map(literal);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, literal(item)]));
  return value;
}

/**
 * Creates the workflow engine: validates workflows, runs them as DAGs through the dispatcher
 * (in this process by default), records every run durably in storage, streams typed events, and
 * resumes interrupted runs.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const config = options.config ?? loadConfig().config;
  const layout = homeLayout(config.home);
  const limits: ExecutionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const artifacts = options.artifacts ?? createArtifactStore({ root: layout.artifactsDir });
  const runsDir = options.runsDir ?? layout.runsDir;
  const storage = options.storage;
  const warmOptions: WarmPoolOptions =
    typeof options.warmWorkers === 'object' ? options.warmWorkers : {};
  const warmPool = options.warmWorkers ? new WarmPool(warmOptions) : undefined;
  const invocation: InvocationServices = {
    resolver: options.resolver,
    artifacts,
    sandboxMode: options.sandbox ?? config.sandbox,
    allowInProcess: options.allowInProcess ?? false,
    pluginTimeoutSeconds: config.plugins.timeout,
    limitDefaults: {
      memoryBytes: limits.memoryBytes,
      processes: limits.processes,
      fileSizeBytes: limits.fileSizeBytes,
      openFiles: limits.openFiles,
    },
    maxOutputBytes: limits.maxOutputBytes,
    maxLogBytes: limits.maxLogBytes,
    maxLogLines: limits.maxLogLines,
    tmpSizeBytes: limits.tmpSizeBytes,
    killGraceMs: limits.killGraceMs,
    uidPool: createSandboxUidPool(),
    probe: () => probeSandbox(),
    ...(warmPool
      ? {
          warm: {
            pool: warmPool,
            root: join(runsDir, '.warm'),
            maxCalls: warmOptions.maxCalls ?? 50,
          },
        }
      : {}),
  };
  const dispatcher = options.dispatcher ?? createLocalDispatcher(invocation);
  const engine: EngineServices = {
    storage,
    resolver: options.resolver,
    artifacts,
    dispatcher,
    settings: {
      maxConcurrent: config.orchestration.maxConcurrent,
      runTimeoutSeconds: config.orchestration.defaultTimeout,
      retryAttempts: config.orchestration.retryAttempts,
      runsDir,
    },
  };
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const active = new Map<string, ActiveRun>();

  async function catalogFor(workflow: unknown): Promise<CapabilityCatalog> {
    if (options.catalog) return options.catalog;
    const steps = (workflow as { steps?: unknown } | null)?.steps;
    const names = new Set<string>();
    if (Array.isArray(steps)) {
      for (const step of steps) {
        const plugin = (step as { plugin?: unknown } | null)?.plugin;
        if (typeof plugin === 'string') names.add(plugin);
      }
    }
    const manifests: PluginManifest[] = [];
    for (const name of names) {
      try {
        manifests.push((await options.resolver.resolve(name)).manifest);
      } catch {
        // Reported by the validator as an unknown plugin.
      }
    }
    return createCatalog(manifests);
  }

  async function validate(workflow: unknown): Promise<WorkflowValidationReport> {
    return validateWorkflow(workflow, await catalogFor(workflow));
  }

  async function checked(
    workflow: unknown,
  ): Promise<{ workflow: Workflow; report: WorkflowValidationReport }> {
    const report = await validate(workflow);
    if (!report.valid)
      throw new WorkflowError(SdkErrorCodes.WORKFLOW_INVALID, [
        ...report.errors,
        ...report.warnings,
      ]);
    return { workflow: WorkflowSchema.parse(workflow), report };
  }

  async function launch(setup: {
    runId: string;
    workflow: Workflow;
    report: WorkflowValidationReport;
    inputs: Record<string, unknown>;
    userPaths: string[];
    cwd: string;
    previous?: PreviousState;
    lastSeq: number;
    signal?: AbortSignal;
    onEvent?: RunEventListener;
  }): Promise<RunHandle> {
    const { runId, workflow } = setup;
    const listeners = new Set<RunEventListener>();
    if (setup.onEvent) listeners.add(setup.onEvent);
    const controller = new AbortController();
    const cancel = (reason?: Mark1Error) =>
      controller.abort(
        reason ??
          executorError(
            ExecutorErrorCodes.CANCELLED,
            `Run ${runId} of "${workflow.name}" was cancelled.`,
          ),
      );
    if (setup.signal?.aborted) cancel();
    setup.signal?.addEventListener('abort', () => cancel(), { once: true });
    const secretsOf = async (): Promise<string[]> => {
      const values: string[] = [];
      for (const name of new Set(workflow.steps.map((step) => step.plugin))) {
        try {
          values.push(...Object.values((await options.resolver.resolve(name)).environment.secrets));
        } catch {
          // An unresolvable plugin has no secrets to hide.
        }
      }
      return values;
    };
    const secrets = await secretsOf();
    const events = createEventSink({
      storage,
      runId,
      lastSeq: setup.lastSeq,
      listeners,
      redact: (body) => redactSecrets(body, secrets),
    });
    events.emit({
      type: 'run.started',
      runId,
      workflow: workflow.name,
      resumed: setup.previous !== undefined,
      steps: [...setup.report.order],
      cwd: setup.cwd,
    });
    const heartbeat = startHeartbeat(storage, runId, heartbeatMs, () =>
      cancel(
        executorError(
          ExecutorErrorCodes.CANCELLED,
          `Run ${runId} was cancelled from another process.`,
        ),
      ),
    );
    const run = new WorkflowRun(engine, {
      runId,
      workflow,
      edges: setup.report.edges,
      order: setup.report.order,
      inputs: setup.inputs,
      cwd: setup.cwd,
      ...(setup.previous ? { previous: setup.previous } : {}),
      events,
      recorder: createRunRecorder(storage, runId, artifacts, limits.inlineOutputBytes),
      signal: controller.signal,
      userPaths: new Set(setup.userPaths),
    });
    const done = (async (): Promise<RunResult> => {
      let result: RunResult;
      try {
        result = await run.execute();
      } finally {
        await heartbeat.stop();
      }
      const error = result.error ? errorInfo(result.error, secrets) : undefined;
      try {
        await storage.runs.transition(runId, result.state, {
          outputs: redactSecrets(result.outputs, secrets),
          ...(error ? { error } : {}),
        });
      } catch (caught) {
        // Cancelled from another process while it was ending: that is how it ended.
        if (!(
          Mark1Error.isInstance(caught) &&
          caught.code === StorageErrorCodes.STATE_TRANSITION_INVALID
        ))
          throw caught;
        const stored = await storage.runs.get(runId);
        if (stored?.state === 'cancelled' && result.state !== 'cancelled') {
          result = {
            ...result,
            state: 'cancelled',
            error: executorError(
              ExecutorErrorCodes.CANCELLED,
              `Run ${runId} was cancelled from another process.`,
            ),
          };
        }
      }
      events.emit({
        type: 'run.finished',
        runId,
        state: result.state,
        durationMs: result.durationMs,
        ...(result.state === 'succeeded' ? { outputs: result.outputs } : {}),
        ...(result.error ? { error: errorInfo(result.error, secrets) } : {}),
      });
      await events.flush();
      return result;
    })().finally(() => active.delete(runId));
    const handle: RunHandle = { runId, done, cancel: () => cancel() };
    active.set(runId, { handle, listeners, controller });
    return handle;
  }

  async function start(workflowInput: unknown, runOptions: RunOptions = {}): Promise<RunHandle> {
    const { workflow, report } = await checked(workflowInput);
    const cwd = runOptions.cwd ?? process.cwd();
    const { inputs, paths } = resolveWorkflowInputs(workflow, runOptions.inputs ?? {}, cwd);
    const record = await storage.runs.create({
      id: randomUUID(),
      workflowName: workflow.name,
      workflow: JSON.parse(JSON.stringify(workflow)) as Record<string, unknown>,
      inputs,
      ...(runOptions.workflowId ? { workflowId: runOptions.workflowId } : {}),
    });
    await storage.runs.transition(record.id, 'running');
    return launch({
      runId: record.id,
      workflow,
      report,
      inputs,
      userPaths: paths,
      cwd,
      lastSeq: 0,
      ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      ...(runOptions.onEvent ? { onEvent: runOptions.onEvent } : {}),
    });
  }

  async function getRun(runId: string): Promise<RunRecord> {
    const run = await storage.runs.get(runId);
    if (!run) {
      throw executorError(
        ExecutorErrorCodes.RUN_NOT_FOUND,
        `No run ${runId}; list runs with \`mark1 workflow history\`.`,
        { details: { runId } },
      );
    }
    return run;
  }

  async function resume(
    runId: string,
    runOptions: Omit<RunOptions, 'inputs' | 'workflowId'> = {},
  ): Promise<RunHandle> {
    if (active.has(runId)) {
      throw executorError(
        ExecutorErrorCodes.RUN_IN_PROGRESS,
        `Run ${runId} is running in this process already.`,
      );
    }
    let run = await getRun(runId);
    if (run.state === 'running') {
      if (!isOrphaned(run, staleAfterMs)) {
        throw executorError(
          ExecutorErrorCodes.RUN_IN_PROGRESS,
          `Run ${runId} is still running (pid ${run.ownerPid ?? '?'} on ${run.ownerHost ?? '?'}, last heartbeat ${run.heartbeatAt ?? 'never'}); cancel it first or wait for it.`,
        );
      }
      await findInterruptedRuns(storage, staleAfterMs);
      run = await getRun(runId);
    }
    if (run.state !== 'interrupted') {
      throw executorError(
        ExecutorErrorCodes.RUN_STATE_INVALID,
        `Run ${runId} is ${run.state}; only interrupted runs can be resumed${run.state === 'failed' ? ' (run the workflow again to retry a failed run)' : ''}.`,
        { details: { runId, state: run.state } },
      );
    }
    const { workflow, report } = await checked(run.workflow);
    const seq = await eventHistory(storage, runId);
    const cwd = runOptions.cwd ?? seq.cwd ?? process.cwd();
    const previous = await loadPreviousState(storage, artifacts, runId, workflow, seq.open);
    await storage.runs.transition(runId, 'running');
    const paths = Object.entries(workflow.inputs)
      .filter(
        ([name]) =>
          typeof run.inputs[name] === 'string' && (run.inputs[name] as string).startsWith('/'),
      )
      .map(([name]) => run.inputs[name] as string);
    return launch({
      runId,
      workflow,
      report,
      inputs: run.inputs,
      userPaths: paths,
      cwd,
      previous,
      lastSeq: seq.last,
      ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      ...(runOptions.onEvent ? { onEvent: runOptions.onEvent } : {}),
    });
  }

  return {
    validate,
    start,
    async run(workflow, runOptions) {
      return (await start(workflow, runOptions)).done;
    },
    resume,
    async runCapability(plugin, capability, inputs, callOptions = {}) {
      const workflow = {
        name: `${plugin}.${capability}`,
        steps: [
          {
            id: 'call',
            plugin,
            capability,
            inputs: literal(inputs) as Record<string, unknown>,
            retry: { max_attempts: callOptions.attempts ?? 1 },
            ...(callOptions.timeoutSeconds === undefined
              ? {}
              : { timeout: callOptions.timeoutSeconds }),
          },
        ],
      };
      const result = await (await start(workflow, callOptions)).done;
      const step = result.steps.call;
      const error =
        step?.error instanceof Mark1Error || Mark1Error.isInstance(step?.error)
          ? step?.error
          : result.error;
      return {
        runId: result.runId,
        state: result.state,
        outputs: step?.outputs ?? {},
        ...(result.state === 'succeeded' || !error
          ? {}
          : { error: (error as { reason?: Mark1Error }).reason ?? error }),
        durationMs: result.durationMs,
      };
    },
    async cancel(runId) {
      const local = active.get(runId);
      if (local) {
        local.handle.cancel();
        await local.handle.done.catch(() => undefined);
        return getRun(runId);
      }
      const run = await getRun(runId);
      if (run.state === 'succeeded' || run.state === 'failed' || run.state === 'cancelled') {
        throw executorError(
          ExecutorErrorCodes.RUN_STATE_INVALID,
          `Run ${runId} already ended (${run.state}); there is nothing to cancel.`,
          {
            details: { runId, state: run.state },
          },
        );
      }
      const orphaned = run.state !== 'running' || isOrphaned(run, staleAfterMs);
      await storage.runs.transition(runId, 'cancelled', {
        error: {
          code: ExecutorErrorCodes.CANCELLED,
          message: `Run ${runId} was cancelled${orphaned ? '' : ' from another process'}.`,
        },
      });
      if (orphaned) {
        // Nobody else will close its step runs.
        for (const step of await storage.stepRuns.listForRun(runId)) {
          if (step.state === 'running' || step.state === 'pending') {
            await storage.stepRuns
              .transition(step.id, 'cancelled', {
                error: { code: ExecutorErrorCodes.CANCELLED, message: 'The run was cancelled.' },
              })
              .catch(() => undefined);
          }
        }
        await storage.runEvents
          .append(runId, [
            { type: 'run.finished', payload: { runId, state: 'cancelled', durationMs: 0 } },
          ])
          .catch(() => undefined);
      }
      return getRun(runId);
    },
    async status(runId) {
      const run = await getRun(runId);
      const steps = await storage.stepRuns.listForRun(runId);
      const decoded = [];
      for (const step of steps) {
        let outputs: unknown = step.outputs;
        try {
          outputs =
            step.outputs === null ? null : await decodeStoredOutputs(step.outputs, artifacts);
        } catch {
          // An artifact that went missing is shown as its reference.
        }
        decoded.push({ ...step, outputs });
      }
      return { run, steps: decoded, orphaned: isOrphaned(run, staleAfterMs) };
    },
    history(historyOptions = {}) {
      return storage.runs.list({
        limit: historyOptions.limit ?? 20,
        ...(historyOptions.state ? { state: historyOptions.state } : {}),
      });
    },
    async events(runId, eventOptions = {}) {
      await getRun(runId);
      const records = await storage.runEvents.list(runId, eventOptions);
      return records.map(parseRunEvent).filter((event): event is RunEvent => event !== undefined);
    },
    subscribe(runId, listener) {
      const local = active.get(runId);
      if (!local) return () => undefined;
      local.listeners.add(listener);
      return () => local.listeners.delete(listener);
    },
    async callPlugin(plugin, capability, inputs, callOptions = {}) {
      const services: InvocationServices = {
        ...invocation,
        resolver: {
          resolve: async (name) => {
            if (name !== plugin.name)
              throw executorError(
                ExecutorErrorCodes.CAPABILITY_NOT_FOUND,
                `Only plugin "${plugin.name}" can be called here.`,
              );
            return plugin;
          },
        },
      };
      const result = await invokeCapability(
        services,
        {
          plugin: plugin.name,
          capability,
          inputs,
          cwd: callOptions.cwd ?? process.cwd(),
          workRoot: join(runsDir, 'calls'),
          keepDir: join(runsDir, 'calls', 'outputs', randomUUID()),
          attempt: 1,
          ...(callOptions.timeoutSeconds === undefined
            ? {}
            : { timeoutSeconds: callOptions.timeoutSeconds }),
        },
        callOptions.signal ? { signal: callOptions.signal } : {},
      );
      return result.outputs;
    },
    findInterruptedRuns: () => findInterruptedRuns(storage, staleAfterMs),
    sandboxSupport: () => probeSandbox(),
    async close(closeOptions: { interrupt?: boolean } = {}) {
      const runs = [...active.values()];
      for (const [runId, run] of active) {
        if (closeOptions.interrupt) {
          run.controller.abort(
            executorError(
              ExecutorErrorCodes.INTERRUPTED,
              `Run ${runId} was interrupted because its orchestrator stopped; continue it with \`mark1 workflow resume ${runId}\`.`,
            ),
          );
        } else {
          run.handle.cancel();
        }
      }
      await Promise.all(runs.map((run) => run.handle.done.catch(() => undefined)));
      await dispatcher.close();
      warmPool?.close();
    },
  };
}

/** Turns anything thrown by an executor call into a Mark-1 error (for apps' top-level handlers). */
export function toExecutorError(error: unknown): Mark1Error {
  return toMark1Error(error, ExecutorErrorCodes.INTERNAL);
}
