import { statSync } from 'node:fs';
import type { ArtifactStore } from '@mark1/context';
import {
  type Capability,
  Mark1Error,
  type PluginResolver,
  type ResolvedPlugin,
  toMark1Error,
} from '@mark1/sdk';
import type { SandboxMode } from '@mark1/storage';
import type { AdapterContext, AdapterResult, ProcessLauncher } from '../adapters/adapter';
import { ADAPTERS } from '../adapters/adapters';
import { inProcessAdapter } from '../adapters/in-process-adapter';
import { ExecutorErrorCodes, executorError } from '../errors';
import { LogCapture } from '../process/output-capture';
import type { LimitDefaults } from '../sandbox/resource-limits';
import { effectiveSandboxMode, planSandbox, type SandboxReport } from '../sandbox/sandbox-policy';
import type { SandboxSupport } from '../sandbox/sandbox-support';
import type { SandboxUidPool } from '../sandbox/sandbox-uids';
import { prepareInputs, resolvePathInputs } from './input-values';
import { type MappedOutputs, mapOutputs, type OutputFile } from './output-mapping';
import { buildPluginEnv, type CallLabels, MAX_INPUT_ENV_BYTES } from './plugin-env';
import { createProcessLauncher } from './process-launcher';
import { leaseWarmWorker, runWarmCall, type WarmLease } from '../workers/warm-call';
import type { WarmPool } from '../workers/warm-pool';
import { createWorkspace, removeWorkspace } from './workspace';

/** What every call needs from the executor. */
export interface InvocationServices {
  readonly resolver: PluginResolver;
  readonly artifacts: ArtifactStore;
  /** The user's `sandbox` setting. */
  readonly sandboxMode: SandboxMode;
  /** The user allows plugins that ask for it to run inside the orchestrator's process. */
  readonly allowInProcess: boolean;
  /** Seconds a call may take when neither the step, the capability nor the plugin says. */
  readonly pluginTimeoutSeconds: number;
  readonly limitDefaults: LimitDefaults;
  /** Most bytes of standard output (or result channel, or HTTP body) kept per call. */
  readonly maxOutputBytes: number;
  /** Bytes of log kept per call. */
  readonly maxLogBytes: number;
  /** Log lines forwarded live per call. */
  readonly maxLogLines: number;
  /** Size of the sandbox's private /tmp. */
  readonly tmpSizeBytes: number;
  readonly killGraceMs: number;
  readonly uidPool: SandboxUidPool;
  readonly probe: () => Promise<SandboxSupport>;
  /**
   * Takes over the removal of a finished call's workspace so the call returns at once (the local
   * dispatcher waits for these before it reports itself settled). Without it, removal is awaited.
   */
  readonly deferCleanup?: (cleanup: Promise<void>) => void;
  /**
   * Warm workers for `python_function` and `node_function` calls: one process per plugin version,
   * serving calls over its channel. Without it, every call starts a fresh process.
   */
  readonly warm?: { readonly pool: WarmPool; readonly root: string; readonly maxCalls: number };
}

/** One call of one capability: plain data, so a dispatcher may send it to another machine. */
export interface CapabilityCall {
  readonly plugin: string;
  readonly capability: string;
  /** Input values (path inputs may be relative to `cwd`). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The caller's working directory, which relative path inputs are read from. */
  readonly cwd: string;
  /** Folder the call's workspace is made in (removed afterwards). */
  readonly workRoot: string;
  /** Folder directory outputs are kept in. */
  readonly keepDir: string;
  /** Seconds, when the step sets its own timeout. */
  readonly timeoutSeconds?: number;
  readonly runId?: string;
  readonly stepId?: string;
  readonly itemIndex?: number;
  readonly attempt: number;
}

/** Live notices from a call. */
export interface CallHooks {
  readonly signal?: AbortSignal;
  /** A line the plugin wrote to its log (stderr, or stdout of a function). */
  readonly onLog?: (line: string) => void;
  /** Progress the plugin announced. */
  readonly onProgress?: (message: string | undefined, fraction: number | undefined) => void;
}

/** What a successful call produced. */
export interface CallResult {
  readonly outputs: Record<string, unknown>;
  /** Files written to the output dir, as artifacts. */
  readonly files: readonly OutputFile[];
  /** Artifact hash of the call's log, when it wrote one. */
  readonly logRef?: string;
  readonly sandbox?: SandboxReport;
  readonly durationMs: number;
}

/** The facts a failed call adds to its error's details (the log, the sandbox report). */
export interface CallFailureDetails {
  readonly logRef?: string;
  readonly sandbox?: SandboxReport;
  readonly stderrTail?: string;
}

function capabilityOf(plugin: ResolvedPlugin, name: string): Capability {
  const capability = plugin.manifest.capabilities.find((candidate) => candidate.name === name);
  if (!capability) {
    throw executorError(
      ExecutorErrorCodes.CAPABILITY_NOT_FOUND,
      `Plugin "${plugin.name}" has no capability "${name}" (it has: ${plugin.manifest.capabilities.map((item) => item.name).join(', ')}).`,
      { details: { plugin: plugin.name, capability: name } },
    );
  }
  return capability;
}

/** Resolves a plugin, turning an unknown failure of the resolver into `CAPABILITY_NOT_FOUND`. */
export async function resolvePlugin(
  resolver: PluginResolver,
  name: string,
): Promise<ResolvedPlugin> {
  try {
    return await resolver.resolve(name);
  } catch (error) {
    if (Mark1Error.isInstance(error)) throw error;
    throw executorError(
      ExecutorErrorCodes.CAPABILITY_NOT_FOUND,
      `Plugin "${name}" could not be resolved: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function withDetails(error: unknown, extra: CallFailureDetails): Mark1Error {
  const base = toMark1Error(error, ExecutorErrorCodes.INTERNAL);
  const details = Object.fromEntries(
    Object.entries(extra).filter(([, value]) => value !== undefined),
  );
  return new Mark1Error(base.code, base.message, {
    cause: base.cause ?? error,
    details: { ...base.details, ...details },
  });
}

/**
 * Runs one capability of one installed plugin: resolves it, prepares and checks its inputs,
 * resolves path inputs, makes a fresh workspace, contains the plugin with the sandbox layer,
 * runs its entry point through the matching adapter, maps the result to the declared outputs
 * (files become artifacts), stores the log as an artifact, and removes the workspace. Throws a
 * Mark1Error whose details carry the log ref and the sandbox report.
 */
export async function invokeCapability(
  services: InvocationServices,
  call: CapabilityCall,
  hooks: CallHooks = {},
): Promise<CallResult> {
  const started = performance.now();
  const plugin = await resolvePlugin(services.resolver, call.plugin);
  const capability = capabilityOf(plugin, call.capability);
  const what = `${plugin.name}/${capability.name}${call.stepId ? ` (step ${call.stepId}${call.itemIndex === undefined ? '' : `, item ${call.itemIndex}`})` : ''}`;
  const entry = capability.entry_point;
  const permissions = plugin.manifest.permissions;
  const inProcess = entry.type === 'node_function' && permissions.in_process;
  if (inProcess && !services.allowInProcess) {
    throw executorError(
      ExecutorErrorCodes.IN_PROCESS_NOT_ALLOWED,
      `${what} asks to run inside Mark-1's own process (permissions.in_process), which you have not allowed; it runs sandboxed in a child process unless you pass allowInProcess.`,
    );
  }
  const runsInProcess = inProcess && services.allowInProcess;
  const mode = effectiveSandboxMode(services.sandboxMode, permissions);
  const support = await services.probe();
  const plan = planSandbox(support, mode, permissions, plugin.name);
  let uid =
    !runsInProcess && entry.type !== 'http' && plan.bwrap && plan.identity === 'uid-switch'
      ? services.uidPool.acquire()
      : undefined;
  let warm: WarmLease | undefined;
  const timeoutSeconds =
    call.timeoutSeconds ??
    capability.timeout ??
    permissions.timeout ??
    services.pluginTimeoutSeconds;
  const log = new LogCapture({
    maxBytes: services.maxLogBytes,
    maxLines: services.maxLogLines,
    ...(hooks.onLog ? { onLine: hooks.onLog } : {}),
  });
  let workspace: Awaited<ReturnType<typeof createWorkspace>> | undefined;
  let sandbox: SandboxReport | undefined;
  let logRef: string | undefined;
  try {
    const prepared = prepareInputs(capability.inputs, call.inputs, what);
    const { inputs, mounts } = resolvePathInputs(capability.inputs, prepared, call.cwd, uid);
    if (uid !== undefined) {
      const mode = statSync(plugin.directory).mode;
      if ((mode & 0o005) !== 0o005) {
        throw executorError(
          ExecutorErrorCodes.SPAWN_FAILED,
          `${what}: the plugin folder ${plugin.directory} is mode ${(mode & 0o777).toString(8)}, so the sandboxed plugin (an unprivileged user) cannot read it. Make it readable by others (chmod -R o+rX).`,
        );
      }
    }
    const inputsJson = JSON.stringify(inputs);
    const labels: CallLabels = {
      attempt: call.attempt,
      plugin: plugin.name,
      capability: capability.name,
      ...(call.runId ? { runId: call.runId } : {}),
      ...(call.stepId ? { stepId: call.stepId } : {}),
      ...(call.itemIndex === undefined ? {} : { itemIndex: call.itemIndex }),
    };
    const label = `${call.stepId ?? capability.name}${call.itemIndex === undefined ? '' : `-${call.itemIndex}`}-a${call.attempt}`;
    const large = Buffer.byteLength(inputsJson) > MAX_INPUT_ENV_BYTES;
    // A warm worker cannot mount paths handed in after it started, nor env templates over inputs.
    if (
      services.warm &&
      !runsInProcess &&
      (entry.type === 'python_function' || entry.type === 'node_function') &&
      mounts.length === 0 &&
      !entry.env
    ) {
      warm = await leaseWarmWorker({
        pool: services.warm.pool,
        root: services.warm.root,
        plugin,
        entry,
        support,
        plan,
        uidPool: services.uidPool,
        timeoutSeconds,
        maxCalls: services.warm.maxCalls,
        limitDefaults: services.limitDefaults,
        tmpSizeBytes: services.tmpSizeBytes,
      });
    }
    if (warm && uid !== undefined) {
      services.uidPool.release(uid);
      uid = undefined;
    }
    workspace = await createWorkspace(
      warm ? warm.callsDir : call.workRoot,
      label,
      large ? inputsJson : undefined,
      warm ? warm.uid : uid,
    );
    const scope = { inputs, secrets: plugin.environment.secrets };
    const entryEnv = 'env' in entry ? entry.env : undefined;
    const env = buildPluginEnv({
      plugin,
      labels,
      workspace,
      inputsJson,
      scope,
      ...(entryEnv ? { entryEnv } : {}),
    });
    const signal = hooks.signal ?? new AbortController().signal;
    const context: AdapterContext = {
      plugin,
      capability,
      inputs,
      scope,
      workspace,
      pathMounts: mounts,
      labels,
      timeoutMs: Math.round(timeoutSeconds * 1000),
      signal,
      log,
      maxOutputBytes: services.maxOutputBytes,
      progress: (message, fraction) => hooks.onProgress?.(message, fraction),
      launcher: recordingReports(
        createProcessLauncher({
          plugin,
          what,
          support,
          plan,
          ...(uid === undefined ? {} : { uid }),
          workspace,
          pathMounts: mounts,
          env,
          timeoutSeconds,
          signal,
          log,
          maxOutputBytes: services.maxOutputBytes,
          killGraceMs: services.killGraceMs,
          tmpSizeBytes: services.tmpSizeBytes,
          limitDefaults: services.limitDefaults,
        }),
        (report) => {
          sandbox = report;
        },
      ),
    };
    if (signal.aborted)
      throw executorError(ExecutorErrorCodes.CANCELLED, `${what} was cancelled before it started.`);
    let result: AdapterResult;
    try {
      if (warm && (entry.type === 'python_function' || entry.type === 'node_function')) {
        try {
          result = await runWarmCall(warm, entry, context, env);
          warm.giveBack(true);
        } catch (error) {
          warm.giveBack(false);
          throw error;
        }
      } else {
        result =
          runsInProcess && entry.type === 'node_function'
            ? await inProcessAdapter.run(entry, context)
            : await runAdapter(entry, context);
      }
    } finally {
      const text = log.text();
      if (text)
        logRef = (
          await services.artifacts.putBytes(text, { name: 'step.log', mediaType: 'text/plain' })
        ).sha256;
    }
    sandbox = result.sandbox ?? sandbox;
    const mapped: MappedOutputs = await mapOutputs(
      result.value,
      capability,
      workspace.outputDir,
      services.artifacts,
      what,
      call.keepDir,
    );
    return {
      outputs: mapped.outputs,
      files: mapped.files,
      ...(logRef ? { logRef } : {}),
      ...(sandbox ? { sandbox } : {}),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    throw withDetails(error, { logRef, sandbox, stderrTail: log.tailText() || undefined });
  } finally {
    const release = () => {
      if (uid !== undefined) services.uidPool.release(uid);
    };
    if (workspace) {
      const removal = removeWorkspace(workspace)
        .catch(() => undefined)
        .finally(release);
      if (services.deferCleanup) services.deferCleanup(removal);
      else await removal;
    } else {
      release();
    }
  }
}

function recordingReports(
  launcher: ProcessLauncher,
  onReport: (report: SandboxReport) => void,
): ProcessLauncher {
  return {
    async run(request) {
      const result = await launcher.run(request);
      if (result.report) onReport(result.report);
      return result;
    },
  };
}

function runAdapter(
  entry: Capability['entry_point'],
  context: AdapterContext,
): Promise<AdapterResult> {
  switch (entry.type) {
    case 'cli':
      return ADAPTERS.cli.run(entry, context);
    case 'python_function':
      return ADAPTERS.python_function.run(entry, context);
    case 'node_function':
      return ADAPTERS.node_function.run(entry, context);
    case 'http':
      return ADAPTERS.http.run(entry, context);
    case 'container':
      return ADAPTERS.container.run(entry, context);
  }
}
