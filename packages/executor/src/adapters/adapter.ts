import type { Capability, EntryPoint, EntryPointType, ResolvedPlugin } from '@mark1/sdk';
import type { CallLabels } from '../invocation/plugin-env';
import type { EntryScope } from '../invocation/templates';
import type { Workspace } from '../invocation/workspace';
import type { ProcessChannel, ProcessOutcome } from '../process/run-process';
import type { LogCapture } from '../process/output-capture';
import type { SandboxMount } from '../sandbox/bwrap-args';
import type { SandboxReport } from '../sandbox/sandbox-policy';

/** One process an adapter wants started inside the call's sandbox. */
export interface LaunchRequest {
  /** The command; `argv[0]` an absolute path. */
  readonly argv: readonly string[];
  /** Working directory; the workspace's work dir when absent. */
  readonly cwd?: string;
  readonly stdin?: string;
  readonly channel?: ProcessChannel;
  /** Standard output goes to the log (function shims answer on their channel). */
  readonly stdoutToLog?: boolean;
  /** The program is Node.js (it needs more address space and threads; its heap is capped instead). */
  readonly node?: boolean;
  /** Variables added to the call's environment (PYTHONPATH, NODE_OPTIONS). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra read-only mounts (an interpreter's prefix, the shims). */
  readonly readOnly?: readonly string[];
  /** A program that talks to a daemon outside the sandbox (the docker CLI): no filesystem or network namespace. */
  readonly hostProgram?: boolean;
}

/** How a launched process ended, with the error it stands for (undefined when it succeeded). */
export interface LaunchResult {
  readonly outcome: ProcessOutcome;
  readonly report: SandboxReport | undefined;
  readonly failure: Error | undefined;
}

/** Starts processes for one call: sandbox, limits, environment, timeout and log are already decided. */
export interface ProcessLauncher {
  run(request: LaunchRequest): Promise<LaunchResult>;
}

/** What an adapter is given for one call. */
export interface AdapterContext {
  readonly plugin: ResolvedPlugin;
  readonly capability: Capability;
  /** The inputs, defaults applied and path inputs made absolute. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What entry-point templates see. */
  readonly scope: EntryScope;
  readonly workspace: Workspace;
  /** Paths the user handed in, as mounted in the sandbox. */
  readonly pathMounts: readonly SandboxMount[];
  readonly labels: CallLabels;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The call's log (stderr, and stdout of function shims). */
  readonly log: LogCapture;
  /** Most bytes of output (stdout, channel, HTTP body) kept. */
  readonly maxOutputBytes: number;
  readonly launcher: ProcessLauncher;
  /** Reports progress the plugin announced. */
  readonly progress: (message: string | undefined, fraction: number | undefined) => void;
}

/** The raw result of a call, before it is mapped to the capability's declared outputs. */
export interface AdapterResult {
  /** The function's return value, the parsed stdout, or the response body. */
  readonly value: unknown;
  /** Which sandbox protections applied (process-based adapters). */
  readonly sandbox?: SandboxReport;
}

/** Runs one kind of entry point. Each adapter lives in its own file and uses only this interface. */
export interface Adapter<T extends EntryPointType = EntryPointType> {
  readonly type: T;
  run(entry: Extract<EntryPoint, { type: T }>, context: AdapterContext): Promise<AdapterResult>;
}
