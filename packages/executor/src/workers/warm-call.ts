import { pythonPathOf } from '../adapters/python-function-adapter';
import { createHash } from 'node:crypto';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeFunctionEntryPoint, PythonFunctionEntryPoint, ResolvedPlugin } from '@mark1/sdk';
import type { AdapterContext, AdapterResult } from '../adapters/adapter';
import { buildPluginEnv } from '../invocation/plugin-env';
import { sandboxMounts } from '../invocation/process-launcher';
import { nodeRuntime, pythonRuntime } from '../invocation/runtimes';
import { type LimitDefaults, resourceLimitsFor } from '../sandbox/resource-limits';
import { type SandboxPlan, type SandboxReport, wrapCommand } from '../sandbox/sandbox-policy';
import type { SandboxSupport } from '../sandbox/sandbox-support';
import type { SandboxUidPool } from '../sandbox/sandbox-uids';
import { locateShims } from '../shims/shim-paths';
import { shimFailure } from '../shims/shim-protocol';
import type { WarmPool } from './warm-pool';
import { WarmWorker } from './warm-worker';

/** A function entry point a warm worker can serve. */
export type FunctionEntryPoint = PythonFunctionEntryPoint | NodeFunctionEntryPoint;

/** A warm worker lent to one call. */
export interface WarmLease {
  readonly worker: WarmWorker;
  /** Folder the call's workspace goes in (writable in the worker's sandbox). */
  readonly callsDir: string;
  /** The worker's uid, which the call's workspace must belong to. */
  readonly uid: number | undefined;
  /** The protections of the worker's sandbox. */
  readonly report: SandboxReport;
  /** Hands the worker back; `healthy` false replaces it. */
  giveBack(healthy: boolean): void;
}

/** What starting a warm worker needs. */
export interface WarmStart {
  readonly pool: WarmPool;
  /** Folder the workers' call folders are made in. */
  readonly root: string;
  readonly plugin: ResolvedPlugin;
  readonly entry: FunctionEntryPoint;
  readonly support: SandboxSupport;
  readonly plan: SandboxPlan;
  readonly uidPool: SandboxUidPool;
  readonly timeoutSeconds: number;
  readonly maxCalls: number;
  readonly limitDefaults: LimitDefaults;
  readonly tmpSizeBytes: number;
}

/**
 * Lends the warm worker of this plugin version (starting it inside its sandbox when there is none),
 * or undefined when it is busy with another call (the caller then starts a cold process).
 */
export async function leaseWarmWorker(start: WarmStart): Promise<WarmLease | undefined> {
  const { plugin, entry, plan } = start;
  const key = `${plugin.id}@${plugin.version}/${entry.type}/${plan.mode}`;
  const callsDir = join(start.root, createHash('sha256').update(key).digest('hex').slice(0, 16));
  const taken = start.pool.take(key);
  if (taken === 'busy') return undefined;
  let worker = taken;
  if (!worker) {
    const uid = plan.bwrap && plan.identity === 'uid-switch' ? start.uidPool.acquire() : undefined;
    try {
      await mkdir(callsDir, { recursive: true });
      if (uid !== undefined) await chown(callsDir, uid, uid);
      const node = entry.type === 'node_function';
      const runtime = node
        ? nodeRuntime(plugin.environment)
        : await pythonRuntime(plugin.environment);
      const shims = locateShims();
      // CPU seconds add up over the worker's calls; every call still has its own wall-clock timeout.
      const limits = resourceLimitsFor(
        plugin.manifest.permissions,
        start.timeoutSeconds * start.maxCalls,
        { node, defaults: start.limitDefaults },
      );
      const argv = node
        ? [runtime.executable, shims.node]
        : [runtime.executable, '-B', shims.python];
      const wrapped = wrapCommand(plan, start.support, {
        argv,
        cwd: callsDir,
        mounts: sandboxMounts(plugin, [...runtime.prefixes, shims.dir], [], [callsDir]),
        limits,
        ...(uid === undefined ? {} : { uid }),
        tmpSizeBytes: start.tmpSizeBytes,
      });
      const env = buildPluginEnv({
        plugin,
        labels: { attempt: 0, plugin: plugin.name, capability: '' },
        workspace: { workDir: callsDir, outputDir: callsDir, inputFile: undefined },
        inputsJson: '{}',
        scope: { inputs: {}, secrets: plugin.environment.secrets },
        extra: node
          ? limits.heapBytes !== undefined && plan.mode !== 'off'
            ? {
                NODE_OPTIONS: `--max-old-space-size=${Math.max(16, Math.floor(limits.heapBytes / 1048576))}`,
              }
            : {}
          : { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
      });
      worker = new WarmWorker({
        argv: wrapped.argv,
        cwd: callsDir,
        env,
        callsDir,
        ...(uid === undefined ? {} : { uid }),
      });
      reports.set(worker, wrapped.report);
      start.pool.add(key, worker, () => {
        if (uid !== undefined) start.uidPool.release(uid);
      });
    } catch (error) {
      if (uid !== undefined) start.uidPool.release(uid);
      throw error;
    }
  }
  const lent = worker;
  return {
    worker: lent,
    callsDir,
    uid: lent.spec.uid,
    report: reports.get(lent)!,
    giveBack: (healthy) => start.pool.giveBack(key, lent, healthy),
  };
}

const reports = new WeakMap<WarmWorker, SandboxReport>();

/** Runs one call on a lent warm worker: the call's own environment and work dir travel with the request. */
export async function runWarmCall(
  lease: WarmLease,
  entry: FunctionEntryPoint,
  context: AdapterContext,
  env: Readonly<Record<string, string>>,
): Promise<AdapterResult> {
  const what = `${context.plugin.name}/${context.capability.name}`;
  const outcome = await lease.worker.call(
    {
      plugin_dir: context.plugin.directory,
      module: entry.module,
      function: entry.function,
      capability: context.capability.name,
      inputs: context.inputs,
      ...(entry.type === 'python_function'
        ? { python_path: pythonPathOf(entry, context.plugin.directory, what) }
        : {}),
      env,
      cwd: context.workspace.workDir,
    },
    {
      timeoutMs: context.timeoutMs,
      signal: context.signal,
      log: context.log,
      maxOutputBytes: context.maxOutputBytes,
      what,
      onProgress: context.progress,
    },
  );
  if (outcome.kind === 'failed') throw outcome.error;
  if (outcome.answer.type === 'error') throw shimFailure(outcome.answer, what, true);
  return { value: outcome.answer.value, sandbox: lease.report };
}
