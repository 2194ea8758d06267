import type { ArtifactStore } from '@mark1/context';
import type {
  CapabilityCatalog,
  Mark1Error,
  PluginResolver,
  ResolvedPlugin,
  Workflow,
  WorkflowInput,
  WorkflowValidationReport,
} from '@mark1/sdk';
import type { Mark1Config, RunRecord, SandboxMode, StepRunRecord, Storage } from '@mark1/storage';
import type { StepDispatcher } from './dispatch/step-dispatcher';
import type { RunResult } from './engine/run-types';
import type { RunEvent, RunEventListener } from './events/run-events';
import type { SandboxSupport } from './sandbox/sandbox-support';
import type { WarmPoolOptions } from './workers/warm-pool';

/** Output, log and resource limits of plugin calls. Every field has a default. */
export interface ExecutionLimits {
  /**
   * Standard output (or result channel, or HTTP body) kept per call; more stops the call with `OUTPUT_TOO_LARGE`.
   * @default 16 MiB
   */
  maxOutputBytes: number;
  /**
   * Log (stderr, and a function's prints) kept per call; the rest is counted and its tail kept.
   * @default 1 MiB
   */
  maxLogBytes: number;
  /**
   * Log lines per call sent as live `step.log` events.
   * @default 200
   */
  maxLogLines: number;
  /**
   * Output values larger than this (as JSON) are stored as artifacts instead of inline in the database.
   * @default 64 KiB
   */
  inlineOutputBytes: number;
  /**
   * Size of the sandbox's private /tmp.
   * @default 64 MiB
   */
  tmpSizeBytes: number;
  /**
   * Milliseconds between SIGTERM and SIGKILL when a call's process group is stopped.
   * @default 500
   */
  killGraceMs: number;
  /**
   * Address space of a plugin whose manifest sets no `max_memory`.
   * @default 2 GiB
   */
  memoryBytes: number;
  /**
   * Processes (and threads) of a plugin whose manifest sets no `max_processes`.
   * @default 256
   */
  processes: number;
  /**
   * Largest file a plugin may write.
   * @default 1 GiB
   */
  fileSizeBytes: number;
  /**
   * Open files per plugin process.
   * @default 1024
   */
  openFiles: number;
}

/** Options of {@link createExecutor}. */
export interface ExecutorOptions {
  /** Where runs, step runs, executions and events are recorded. */
  storage: Storage;
  /** How plugins named by steps are found (the apps pass the registry's resolver). */
  resolver: PluginResolver;
  /**
   * Configuration: concurrency, timeouts, retries, sandbox mode, the home folder.
   * @default loadConfig().config
   */
  config?: Mark1Config;
  /**
   * What workflows are validated against.
   * @default a catalog of the manifests the resolver returns for the workflow's plugins
   */
  catalog?: CapabilityCatalog;
  /**
   * Where files and large values go.
   * @default the artifact store in MARK1_HOME/artifacts
   */
  artifacts?: ArtifactStore;
  /**
   * Folder of per-run work folders.
   * @default MARK1_HOME/runs
   */
  runsDir?: string;
  /**
   * How calls are carried out.
   * @default a pool in this process ({@link createLocalDispatcher})
   */
  dispatcher?: StepDispatcher;
  /**
   * The user's sandbox setting, overriding `config.sandbox`.
   * @default config.sandbox
   */
  sandbox?: SandboxMode;
  /**
   * The user allows plugins whose manifest asks for it (`permissions.in_process`) to run inside this process.
   * @default false
   */
  allowInProcess?: boolean;
  /** Output, log and resource limits. */
  limits?: Partial<ExecutionLimits>;
  /**
   * Keep one warm process per plugin version for `python_function` and `node_function` calls (inside
   * the same sandbox), so a call costs a message instead of an interpreter start. A worker serves
   * one call at a time, is never shared between plugins, and is replaced after `maxCalls` calls or
   * any failed call. Calls with path inputs or entry-point env templates start a fresh process.
   * @default false
   */
  warmWorkers?: boolean | WarmPoolOptions;
  /**
   * Milliseconds between heartbeats of a running run (which also notice a cancellation from another process).
   * @default 1000
   */
  heartbeatMs?: number;
  /**
   * A running run without a heartbeat for this long is taken as interrupted.
   * @default 30000
   */
  staleAfterMs?: number;
}

/** Options of a run. */
export interface RunOptions {
  /** Values of the workflow's inputs. */
  inputs?: Record<string, unknown>;
  /**
   * Folder relative path inputs are read from.
   * @default process.cwd()
   */
  cwd?: string;
  /** Aborting cancels the run (every running step's process group is killed). */
  signal?: AbortSignal;
  /** Called with every event of the run as it happens. */
  onEvent?: RunEventListener;
  /** The saved workflow this run belongs to (`workflows` table). */
  workflowId?: string;
}

/** A run that has started: its id at once, its end later. */
export interface RunHandle {
  readonly runId: string;
  /** Resolves when the run has ended and everything about it is stored. */
  readonly done: Promise<RunResult>;
  /** Cancels the run. */
  cancel(): void;
}

/** Options of {@link Executor.runCapability}. */
export interface CapabilityRunOptions extends Omit<RunOptions, 'inputs' | 'workflowId'> {
  /** Seconds the call may take (else the capability's, the plugin's, or the configured timeout). */
  timeoutSeconds?: number;
  /**
   * Attempts in all.
   * @default 1
   */
  attempts?: number;
}

/** The result of one capability call made with {@link Executor.runCapability}. */
export interface CapabilityRunResult {
  readonly runId: string;
  readonly state: RunResult['state'];
  /** The capability's outputs, when it succeeded. */
  readonly outputs: Record<string, unknown>;
  readonly error?: Mark1Error;
  readonly durationMs: number;
}

/** A run and its step runs, as stored (outputs loaded back from artifacts). */
export interface RunStatus {
  readonly run: RunRecord;
  readonly steps: readonly (StepRunRecord & { outputs: unknown })[];
  /** True when the run is `running` but its orchestrator is gone. */
  readonly orphaned: boolean;
}

/** The workflow engine of Mark-1. */
export interface Executor {
  /** Validates a workflow against the installed plugins (never throws for a bad workflow). */
  validate(workflow: unknown): Promise<WorkflowValidationReport>;
  /**
   * Validates and starts a workflow; resolves once the run is recorded (its id is known). Throws a
   * `WorkflowError` for an invalid workflow and `WORKFLOW_INPUT_INVALID` for bad inputs.
   */
  start(workflow: WorkflowInput | Workflow | unknown, options?: RunOptions): Promise<RunHandle>;
  /** {@link start}, then waits for the run to end. */
  run(workflow: WorkflowInput | Workflow | unknown, options?: RunOptions): Promise<RunResult>;
  /**
   * Picks up an interrupted run (or a `running` one whose orchestrator died): steps and items that
   * succeeded keep their stored outputs and do not run again; the rest run.
   */
  resume(runId: string, options?: Omit<RunOptions, 'inputs' | 'workflowId'>): Promise<RunHandle>;
  /** Calls one capability of one plugin (recorded as a one-step run). */
  runCapability(
    plugin: string,
    capability: string,
    inputs: Record<string, unknown>,
    options?: CapabilityRunOptions,
  ): Promise<CapabilityRunResult>;
  /**
   * Cancels a run: in this process at once; in another process through the database (its owner
   * notices on its next heartbeat); a run whose owner is gone is marked cancelled directly.
   */
  cancel(runId: string): Promise<RunRecord>;
  /** A run and its step runs. */
  status(runId: string): Promise<RunStatus>;
  /** Runs, newest first. */
  history(options?: { limit?: number; state?: RunRecord['state'] }): Promise<RunRecord[]>;
  /** Stored events of a run, after `afterSeq`. */
  events(runId: string, options?: { afterSeq?: number; limit?: number }): Promise<RunEvent[]>;
  /** Listens to the live events of a run of this process; returns the unsubscribe function. */
  subscribe(runId: string, listener: RunEventListener): () => void;
  /**
   * Calls a capability of a plugin given directly (not through the resolver), sandboxed like any
   * call, without recording a run: for smoke tests of a plugin being installed. Returns its outputs;
   * throws its Mark-1 error.
   */
  callPlugin(
    plugin: ResolvedPlugin,
    capability: string,
    inputs: Record<string, unknown>,
    options?: { signal?: AbortSignal; cwd?: string; timeoutSeconds?: number },
  ): Promise<Record<string, unknown>>;
  /** Marks runs whose orchestrator died as interrupted and lists every interrupted run. */
  findInterruptedRuns(): Promise<RunRecord[]>;
  /** What the sandbox can do on this machine. */
  sandboxSupport(): Promise<SandboxSupport>;
  /**
   * Stops the runs of this process, waits for them, and closes the dispatcher. By default the runs
   * are cancelled; with `interrupt: true` (a server shutting down) they end `interrupted`: their
   * running steps are stopped and `resume` later continues from the steps that finished.
   */
  close(options?: { interrupt?: boolean }): Promise<void>;
}
