import type { ArtifactStore } from '@mark1/context';
import type { DataEdge, Mark1Error, PluginResolver, Workflow } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';
import type { StepDispatcher } from '../dispatch/step-dispatcher';
import type { RunEventSink } from '../events/event-sink';
import type { RunOutcome, StepOutcome } from '../events/run-events';
import type { RunRecorder } from '../runs/run-recorder';

/** Limits and defaults the engine applies to every run. */
export interface EngineSettings {
  /** Most plugin calls of one run at once, unless the workflow says (`orchestration.max_concurrent`). */
  readonly maxConcurrent: number;
  /** Seconds a run may take, unless the workflow says (`orchestration.default_timeout`). */
  readonly runTimeoutSeconds: number;
  /** Retries of a failing step without a `retry` of its own (`orchestration.retry_attempts`). */
  readonly retryAttempts: number;
  /** Folder of per-run work folders (`MARK1_HOME/runs`). */
  readonly runsDir: string;
}

/** What the engine works with. */
export interface EngineServices {
  readonly storage: Storage;
  readonly resolver: PluginResolver;
  readonly artifacts: ArtifactStore;
  readonly dispatcher: StepDispatcher;
  readonly settings: EngineSettings;
}

/** A step (or item) that already finished in an earlier life of the run. */
export interface PreviousStep {
  readonly state: 'succeeded' | 'skipped';
  readonly outputs: Record<string, unknown>;
  readonly reason?: string;
}

/** What an interrupted run had done, read back from storage. */
export interface PreviousState {
  /** Steps without `foreach` that finished, by step id. */
  readonly steps: ReadonlyMap<string, PreviousStep>;
  /** Items of `foreach` steps that succeeded, by step id then item index. */
  readonly items: ReadonlyMap<string, ReadonlyMap<number, Record<string, unknown>>>;
  /** Fallback steps that ran in place of a failed step: fallback id → the step it replaced. */
  readonly fallbacks: ReadonlyMap<string, string>;
  /** The highest attempt number used per step, so new attempts are numbered after it. */
  readonly attempts: ReadonlyMap<string, number>;
  /**
   * Attempts whose end the dead orchestrator stored (or that it left running, now cancelled) but
   * whose `step.finished` event it did not get to write: reported when the run resumes.
   */
  readonly unreported: readonly {
    readonly stepId: string;
    readonly itemIndex: number | null;
    readonly attempt: number;
    readonly state: StepOutcome;
  }[];
}

/** How one step ended, in a run's result. */
export interface StepSummary {
  readonly state: StepOutcome | 'pending';
  readonly outputs?: Record<string, unknown>;
  readonly error?: Mark1Error;
  readonly reason?: string;
  /** Attempts made in this life of the run. */
  readonly attempts: number;
  /** The fallback step that ran in its place. */
  readonly replacedBy?: string;
}

/** How a run ended. */
export interface RunResult {
  readonly runId: string;
  readonly state: RunOutcome;
  /** The workflow's outputs (absent values are null). */
  readonly outputs: Record<string, unknown>;
  /** Why the run failed or was cancelled: a {@link StepFailedError}, `RUN_TIMEOUT` or `CANCELLED`. */
  readonly error?: Mark1Error;
  readonly steps: Readonly<Record<string, StepSummary>>;
  readonly durationMs: number;
  /** True when this run picked up an interrupted one. */
  readonly resumed: boolean;
}

/** Everything one run needs. */
export interface RunSetup {
  readonly runId: string;
  readonly workflow: Workflow;
  readonly edges: readonly DataEdge[];
  readonly order: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly cwd: string;
  readonly previous?: PreviousState;
  readonly events: RunEventSink;
  readonly recorder: RunRecorder;
  /** Aborted to cancel the run (reason: a Mark-1 error). */
  readonly signal: AbortSignal;
  /** Paths the user handed in (workflow path inputs): textual conversions may read them. */
  readonly userPaths: ReadonlySet<string>;
}
