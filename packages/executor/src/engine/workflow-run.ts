import { setMaxListeners } from 'node:events';
import {
  evaluateCondition,
  type ExpressionScope,
  Mark1Error,
  parseTemplate,
  renderTemplate,
  renderValue,
  type ResolvedPlugin,
  templateReferences,
  toMark1Error,
  type WorkflowStep,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError, StepFailedError } from '../errors';
import type { RunOutcome, StepOutcome } from '../events/run-events';
import { resolvePlugin } from '../invocation/invoke-capability';
import { errorInfo } from '../runs/run-recorder';
import type { EngineServices, RunResult, RunSetup, StepSummary } from './run-types';
import { type AttemptContext, type AttemptOutcome, runAttempts } from './step-attempts';
import { Semaphore } from './semaphore';
import { convertStepInputs } from './value-flow';

type Status = 'waiting' | 'running' | StepOutcome;

interface Slot {
  readonly step: WorkflowStep;
  status: Status;
  outputs?: Record<string, unknown>;
  error?: Mark1Error;
  reason?: string;
  attempts: number;
  /** Steps whose `on_error` names this step. */
  readonly fallbackOf: string[];
  /** The failed step this fallback runs for. */
  triggeredBy?: string;
}

type Dependency = { kind: 'pending' } | { kind: 'ok' } | { kind: 'bad'; why: string };

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * One run of a workflow as a DAG: steps start as soon as what they need has finished, up to the
 * run's concurrency limit; `when`, `foreach`, `retry`, `timeout` and `on_error` are applied; every
 * attempt is recorded (outputs stored before a step is marked succeeded) and reported as events.
 */
export class WorkflowRun implements AttemptContext {
  private readonly slots = new Map<string, Slot>();
  private readonly plugins = new Map<string, Promise<ResolvedPlugin>>();
  readonly calls: Semaphore;
  private readonly controller = new AbortController();
  private stopReason: Mark1Error | undefined;
  private readonly started = performance.now();
  /** Records written in the background (skipped steps); awaited before the run ends. */
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    readonly services: EngineServices,
    readonly setup: RunSetup,
  ) {
    this.calls = new Semaphore(setup.workflow.max_concurrent ?? services.settings.maxConcurrent);
    // Every running attempt (and every item waiting for a lane) listens to the run's signal.
    setMaxListeners(0, this.controller.signal);
    for (const step of setup.workflow.steps) {
      this.slots.set(step.id, { step, status: 'waiting', attempts: 0, fallbackOf: [] });
    }
    for (const step of setup.workflow.steps) {
      if (step.on_error !== 'fail' && step.on_error !== 'continue')
        this.slots.get(step.on_error)?.fallbackOf.push(step.id);
    }
    const previous = setup.previous;
    if (previous) {
      for (const [id, done] of previous.steps) {
        const slot = this.slots.get(id);
        if (!slot) continue;
        slot.status = done.state;
        slot.outputs = done.outputs;
        if (done.reason) slot.reason = done.reason;
      }
      for (const [fallback, owner] of previous.fallbacks) {
        const slot = this.slots.get(fallback);
        if (slot?.status === 'succeeded') {
          slot.triggeredBy = owner;
          const failed = this.slots.get(owner);
          if (failed && failed.status === 'waiting') failed.status = 'failed';
        }
      }
    }
    const abort = () => this.stop(toMark1Error(setup.signal.reason, ExecutorErrorCodes.CANCELLED));
    if (setup.signal.aborted) abort();
    else setup.signal.addEventListener('abort', abort, { once: true });
  }

  /** Runs the workflow to its end and returns how it ended. Never throws for a failing step. */
  async execute(): Promise<RunResult> {
    const { workflow } = this.setup;
    for (const attempt of this.setup.previous?.unreported ?? []) {
      this.setup.events.emit({
        type: 'step.finished',
        runId: this.setup.runId,
        ...attempt,
        reason:
          attempt.state === 'cancelled'
            ? 'The orchestrator stopped while this attempt ran; the step runs again.'
            : `Recorded as ${attempt.state} before the orchestrator stopped.`,
      });
    }
    const timeoutSeconds = workflow.timeout ?? this.services.settings.runTimeoutSeconds;
    const timer = setTimeout(
      () =>
        this.stop(
          executorError(
            ExecutorErrorCodes.RUN_TIMEOUT,
            `Run of "${workflow.name}" took longer than ${timeoutSeconds}s (the workflow's timeout, or orchestration.default_timeout); its running steps were cancelled.`,
          ),
        ),
      timeoutSeconds * 1000,
    );
    const running = new Set<Promise<void>>();
    try {
      for (;;) {
        if (!this.stopReason) this.schedule(running);
        if (running.size === 0) break;
        await Promise.race(running);
      }
      await this.settleUnstarted();
      await Promise.all(this.writes);
      await this.services.dispatcher.settle?.();
    } finally {
      clearTimeout(timer);
    }
    return this.result();
  }

  /** A record written while the run goes on; the run does not end before it is stored. */
  background(write: Promise<unknown>): void {
    const tracked = write.catch(() => undefined);
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
  }

  private stop(reason: Mark1Error): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller.abort(reason);
  }

  // --- scheduling -------------------------------------------------------------------------

  private dependency(id: string): Dependency {
    const slot = this.slots.get(id)!;
    switch (slot.status) {
      case 'waiting':
      case 'running':
        return { kind: 'pending' };
      case 'succeeded':
        return { kind: 'ok' };
      case 'failed': {
        const fallback = this.fallbackFor(slot);
        if (!fallback) return { kind: 'bad', why: `"${id}", which failed` };
        if (fallback.status === 'waiting' || fallback.status === 'running')
          return { kind: 'pending' };
        if (fallback.status === 'succeeded' && fallback.triggeredBy !== undefined)
          return { kind: 'ok' };
        return {
          kind: 'bad',
          why: `"${id}", which failed, and its fallback "${fallback.step.id}" did not succeed`,
        };
      }
      case 'skipped':
      case 'cancelled':
        return { kind: 'bad', why: `"${id}", which was ${slot.status}` };
    }
  }

  private fallbackFor(slot: Slot): Slot | undefined {
    const target = slot.step.on_error;
    return target === 'fail' || target === 'continue' ? undefined : this.slots.get(target);
  }

  /** Starts every step that can start now; skips those that cannot run any more. */
  private schedule(running: Set<Promise<void>>): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const id of this.setup.order) {
        const slot = this.slots.get(id)!;
        if (slot.status !== 'waiting') continue;
        if (slot.fallbackOf.length > 0 && slot.triggeredBy === undefined) {
          const owners = slot.fallbackOf.map((owner) => this.slots.get(owner)!);
          const trigger = owners.find((owner) => owner.status === 'failed');
          if (trigger) {
            slot.triggeredBy = trigger.step.id;
          } else {
            if (owners.every((owner) => owner.status !== 'waiting' && owner.status !== 'running')) {
              this.skip(
                slot,
                `it is the fallback of ${slot.fallbackOf.map((owner) => `"${owner}"`).join(', ')}, which did not fail`,
              );
              changed = true;
            }
            continue;
          }
        }
        const needs = slot.step.depends_on.filter(
          (dep) => dep !== slot.triggeredBy && this.slots.has(dep),
        );
        const states = needs.map((dep) => this.dependency(dep));
        if (states.some((state) => state.kind === 'pending')) continue;
        const bad = states.find(
          (state): state is { kind: 'bad'; why: string } => state.kind === 'bad',
        );
        if (bad) {
          this.skip(slot, `it needs ${bad.why}`);
          changed = true;
          continue;
        }
        slot.status = 'running';
        const task = this.runStep(slot).catch((error: unknown) => {
          // Anything unexpected fails the step, never the orchestrator.
          this.finishStep(slot, 'failed', toMark1Error(error, ExecutorErrorCodes.INTERNAL));
        });
        const tracked: Promise<void> = task.finally(() => running.delete(tracked));
        running.add(tracked);
      }
    }
  }

  private skip(slot: Slot, reason: string): void {
    slot.status = 'skipped';
    slot.reason = `Skipped: ${reason}.`;
    this.setup.events.emit({
      type: 'step.finished',
      runId: this.setup.runId,
      stepId: slot.step.id,
      itemIndex: null,
      attempt: 0,
      state: 'skipped',
      reason: slot.reason,
    });
    this.background(
      this.setup.recorder.stepSettled(slot.step.id, null, 'skipped', Math.max(1, slot.attempts), {
        code: 'SKIPPED',
        message: slot.reason,
      }),
    );
  }

  /** Steps that never started because the run stopped are recorded as cancelled. */
  private async settleUnstarted(): Promise<void> {
    const reason = this.stopReason;
    if (!reason) return;
    for (const id of this.setup.order) {
      const slot = this.slots.get(id)!;
      if (slot.status !== 'waiting') continue;
      slot.status = 'cancelled';
      slot.reason = `Not run: ${reason.message}`;
      this.setup.events.emit({
        type: 'step.finished',
        runId: this.setup.runId,
        stepId: id,
        itemIndex: null,
        attempt: 0,
        state: 'cancelled',
        reason: slot.reason,
      });
      await this.setup.recorder
        .stepSettled(id, null, 'cancelled', 1, { code: 'NOT_RUN', message: slot.reason })
        .catch(() => undefined);
    }
  }

  // --- one step ---------------------------------------------------------------------------

  private plugin(name: string): Promise<ResolvedPlugin> {
    let plugin = this.plugins.get(name);
    if (!plugin) {
      plugin = resolvePlugin(this.services.resolver, name);
      this.plugins.set(name, plugin);
    }
    return plugin;
  }

  private scope(
    secrets: Readonly<Record<string, string>>,
    item?: { value: unknown },
  ): ExpressionScope {
    const steps: Record<string, { outputs: Record<string, unknown> }> = {};
    for (const [id, slot] of this.slots) {
      const outputs = this.outputsOf(slot);
      if (outputs) steps[id] = { outputs };
    }
    return {
      workflow: { inputs: this.setup.inputs },
      steps,
      secrets,
      ...(item ? { item: item.value } : {}),
    };
  }

  private outputsOf(slot: Slot): Record<string, unknown> | undefined {
    if (slot.status === 'succeeded') return slot.outputs;
    if (slot.status === 'failed') {
      const fallback = this.fallbackFor(slot);
      if (fallback?.status === 'succeeded' && fallback.triggeredBy !== undefined)
        return fallback.outputs;
    }
    return undefined;
  }

  private expressionError(step: WorkflowStep, where: string, error: unknown): Mark1Error {
    if (Mark1Error.isInstance(error) && error.code === ExecutorErrorCodes.SECRET_NOT_AVAILABLE)
      return error;
    return executorError(
      ExecutorErrorCodes.EXPRESSION_FAILED,
      `Step "${step.id}": ${where}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  private checkSecrets(step: WorkflowStep, plugin: ResolvedPlugin): void {
    const visit = (value: unknown): void => {
      if (typeof value === 'string' && value.includes('${')) {
        let references;
        try {
          references = templateReferences(parseTemplate(value));
        } catch {
          return;
        }
        for (const reference of references) {
          if (reference.path.root !== 'secrets') continue;
          const name = String(reference.path.segments[0] ?? '');
          if (!Object.prototype.hasOwnProperty.call(plugin.environment.secrets, name)) {
            throw executorError(
              ExecutorErrorCodes.SECRET_NOT_AVAILABLE,
              `Step "${step.id}" passes \${secrets.${name}} to plugin "${plugin.name}", which has no secret ${name}. A step only sees its own plugin's secrets; set it with \`mark1 plugin configure ${plugin.name}\`.`,
              { details: { step: step.id, plugin: plugin.name, secret: name } },
            );
          }
        }
      } else if (Array.isArray(value)) {
        value.forEach(visit);
      } else if (value !== null && typeof value === 'object') {
        Object.values(value).forEach(visit);
      }
    };
    visit(step.inputs);
    visit(step.foreach);
    visit(step.when);
  }

  private async runStep(slot: Slot): Promise<void> {
    const { step } = slot;
    let plugin: ResolvedPlugin;
    try {
      plugin = await this.plugin(step.plugin);
      this.checkSecrets(step, plugin);
      if (step.when !== undefined) {
        let run: boolean;
        try {
          run = evaluateCondition(step.when, this.scope(plugin.environment.secrets));
        } catch (error) {
          throw this.expressionError(step, `when "${step.when}"`, error);
        }
        if (!run) {
          this.skip(slot, `its condition \`${step.when}\` is false`);
          return;
        }
      }
    } catch (error) {
      const failure = toMark1Error(error, ExecutorErrorCodes.INTERNAL);
      await this.setup.recorder
        .stepSettled(step.id, null, 'failed', 1, errorInfo(failure))
        .catch(() => undefined);
      this.finishStep(slot, 'failed', failure);
      return;
    }

    if (step.foreach === undefined) {
      const outcome = await this.attempts(slot, plugin, null, this.controller.signal);
      if (outcome.ok) {
        slot.outputs = outcome.outputs;
        this.finishStep(slot, 'succeeded');
      } else {
        this.finishStep(slot, outcome.cancelled ? 'cancelled' : 'failed', outcome.error);
      }
      return;
    }
    await this.runForeach(slot, plugin);
  }

  private async runForeach(slot: Slot, plugin: ResolvedPlugin): Promise<void> {
    const { step } = slot;
    let items: unknown[];
    try {
      const value =
        typeof step.foreach === 'string'
          ? renderTemplate(step.foreach, this.scope(plugin.environment.secrets))
          : step.foreach;
      if (!Array.isArray(value)) {
        throw executorError(
          ExecutorErrorCodes.EXPRESSION_FAILED,
          `Step "${step.id}": foreach must give a list, and ${JSON.stringify(step.foreach)} gave ${value === null ? 'null' : typeof value}.`,
        );
      }
      items = value as unknown[];
    } catch (error) {
      const failure = Mark1Error.isInstance(error)
        ? error
        : this.expressionError(step, `foreach ${JSON.stringify(step.foreach)}`, error);
      await this.setup.recorder
        .stepSettled(step.id, null, 'failed', 1, errorInfo(failure))
        .catch(() => undefined);
      this.finishStep(slot, 'failed', failure);
      return;
    }
    const { runId } = this.setup;
    this.setup.events.emit({
      type: 'step.started',
      runId,
      stepId: step.id,
      itemIndex: null,
      attempt: 1,
      plugin: step.plugin,
      capability: step.capability,
      items: items.length,
    });
    const done = this.setup.previous?.items.get(step.id);
    const results: (Record<string, unknown> | undefined)[] = items.map((_, index) =>
      done?.get(index),
    );
    const lanes = new Semaphore(step.concurrency ?? Number.POSITIVE_INFINITY);
    const stopItems = new AbortController();
    const onStop = () => stopItems.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener('abort', onStop, { once: true });
    let firstError: Mark1Error | undefined;
    let cancelled = false;
    let completed = results.filter(Boolean).length;
    await Promise.all(
      items.map(async (item, index) => {
        if (results[index]) return;
        try {
          await lanes.run(async () => {
            const outcome = await this.attempts(slot, plugin, index, stopItems.signal, {
              value: item,
            });
            if (outcome.ok) {
              results[index] = outcome.outputs;
            } else if (outcome.cancelled) {
              cancelled = true;
            } else {
              firstError ??= outcome.error;
              // With on_error: fail the other items stop; otherwise they finish.
              if (step.on_error === 'fail') stopItems.abort(outcome.error);
            }
          }, stopItems.signal);
        } catch {
          cancelled = true;
        }
        completed += results[index] ? 1 : 0;
        this.setup.events.emit({
          type: 'step.progress',
          runId,
          stepId: step.id,
          itemIndex: null,
          completed,
          total: items.length,
        });
      }),
    );
    this.controller.signal.removeEventListener('abort', onStop);
    const capability = plugin.manifest.capabilities.find(
      (candidate) => candidate.name === step.capability,
    );
    // Every output the step declares is a list, even when no item produced it (an empty foreach).
    const names = new Set([
      ...Object.keys(capability?.outputs ?? {}),
      ...Object.keys(step.outputs ?? {}),
      ...results.flatMap((outputs) => Object.keys(outputs ?? {})),
    ]);
    const aggregated = Object.fromEntries(
      [...names].map((name) => [name, results.map((outputs) => outputs?.[name] ?? null)]),
    );
    if (firstError) {
      const failed = results.findIndex((outputs) => outputs === undefined);
      slot.outputs = aggregated;
      this.finishStep(
        slot,
        'failed',
        new StepFailedError({
          stepId: step.id,
          ...(failed >= 0 ? { itemIndex: failed } : {}),
          attempts: slot.attempts,
          reason: firstError,
          partialOutput: aggregated,
        }),
      );
    } else if (cancelled || results.some((outputs) => outputs === undefined)) {
      this.finishStep(
        slot,
        'cancelled',
        this.stopReason ??
          executorError(ExecutorErrorCodes.CANCELLED, `Step "${step.id}" was cancelled.`),
      );
    } else {
      slot.outputs = aggregated;
      this.finishStep(slot, 'succeeded');
    }
  }

  /** Renders a step's inputs for one attempt and converts values whose types differ along their edge. */
  private prepareInputs(
    slot: Slot,
    plugin: ResolvedPlugin,
    itemIndex: number | null,
    item?: { value: unknown },
  ): Record<string, unknown> {
    const { step } = slot;
    let rendered: Record<string, unknown>;
    try {
      rendered = renderValue(step.inputs, this.scope(plugin.environment.secrets, item)) as Record<
        string,
        unknown
      >;
    } catch (error) {
      throw this.expressionError(step, 'inputs', error);
    }
    const capability = plugin.manifest.capabilities.find(
      (candidate) => candidate.name === step.capability,
    );
    if (!capability) {
      throw executorError(
        ExecutorErrorCodes.CAPABILITY_NOT_FOUND,
        `Plugin "${plugin.name}" has no capability "${step.capability}".`,
      );
    }
    const artifactsRoot = this.services.artifacts.root;
    const { inputs, notes } = convertStepInputs({
      step,
      inputs: rendered,
      edges: this.setup.edges,
      schema: capability.inputs,
      artifacts: this.services.artifacts,
      cwd: this.setup.cwd,
      mayRead: (path) => isInside(path, artifactsRoot) || this.setup.userPaths.has(path),
    });
    for (const note of notes) {
      this.setup.events.emit({
        type: 'step.log',
        runId: this.setup.runId,
        stepId: step.id,
        itemIndex,
        level: 'warn',
        text: `Converting input "${note.input}" from ${note.from} to ${note.to} lost: ${note.lossy.join('; ')}`,
      });
    }
    return inputs;
  }

  private attempts(
    slot: Slot,
    plugin: ResolvedPlugin,
    itemIndex: number | null,
    signal: AbortSignal,
    item?: { value: unknown },
  ): Promise<AttemptOutcome> {
    return runAttempts(this, {
      step: slot.step,
      plugin,
      itemIndex,
      signal,
      prepare: () => this.prepareInputs(slot, plugin, itemIndex, item),
      onAttempt: () => {
        slot.attempts += 1;
      },
    });
  }

  /** Records how a step (as a whole) ended, and stops the run when its failure should. */
  private finishStep(
    slot: Slot,
    state: 'succeeded' | 'failed' | 'cancelled',
    error?: Mark1Error,
  ): void {
    slot.status = state;
    const { step } = slot;
    if (error) {
      slot.error =
        state === 'failed' && !(error instanceof StepFailedError)
          ? new StepFailedError({
              stepId: step.id,
              attempts: Math.max(1, slot.attempts),
              reason: error,
            })
          : error;
    }
    if (slot.step.foreach !== undefined || state !== 'succeeded') {
      // Single-attempt steps already reported their attempt; this is the step as a whole.
      if (slot.step.foreach !== undefined) {
        this.setup.events.emit({
          type: 'step.finished',
          runId: this.setup.runId,
          stepId: step.id,
          itemIndex: null,
          // The step as a whole (its items have their own attempts), as in its step.started.
          attempt: 1,
          state,
          ...(slot.error ? { error: errorInfo(slot.error) } : {}),
          ...(slot.outputs ? { outputs: Object.keys(slot.outputs) } : {}),
        });
      }
    }
    if (state === 'failed' && step.on_error === 'fail' && !this.stopReason) {
      this.stop(
        slot.error ?? executorError(ExecutorErrorCodes.STEP_FAILED, `Step "${step.id}" failed.`),
      );
    }
  }

  // --- the end ----------------------------------------------------------------------------

  private result(): RunResult {
    const steps: Record<string, StepSummary> = {};
    for (const [id, slot] of this.slots) {
      const fallback = slot.status === 'failed' ? this.fallbackFor(slot) : undefined;
      steps[id] = {
        state: slot.status === 'waiting' || slot.status === 'running' ? 'pending' : slot.status,
        attempts: slot.attempts,
        ...(slot.outputs ? { outputs: slot.outputs } : {}),
        ...(slot.error ? { error: slot.error } : {}),
        ...(slot.reason ? { reason: slot.reason } : {}),
        ...(fallback?.status === 'succeeded' && fallback.triggeredBy === id
          ? { replacedBy: fallback.step.id }
          : {}),
      };
    }
    const reason = this.stopReason;
    let state: RunOutcome = 'succeeded';
    if (reason) {
      state =
        reason.code === ExecutorErrorCodes.CANCELLED
          ? 'cancelled'
          : reason.code === ExecutorErrorCodes.INTERRUPTED
            ? 'interrupted'
            : 'failed';
    }
    let outputs: Record<string, unknown> = {};
    if (state === 'succeeded') {
      const scope = this.scope({});
      outputs = Object.fromEntries(
        Object.entries(this.setup.workflow.outputs).map(([name, value]) => [
          name,
          renderValue(value, scope, { missing: 'undefined' }) ?? null,
        ]),
      );
    }
    return {
      runId: this.setup.runId,
      state,
      outputs,
      ...(reason ? { error: reason } : {}),
      steps,
      durationMs: performance.now() - this.started,
      resumed: this.setup.previous !== undefined,
    };
  }
}
