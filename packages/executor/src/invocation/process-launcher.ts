import { existsSync } from 'node:fs';
import type { ResolvedPlugin } from '@mark1/sdk';
import type { LaunchResult, ProcessLauncher } from '../adapters/adapter';
import type { LogCapture } from '../process/output-capture';
import { runProcess } from '../process/run-process';
import { isSystemPath, type SandboxMount } from '../sandbox/bwrap-args';
import { type LimitDefaults, resourceLimitsFor } from '../sandbox/resource-limits';
import { type SandboxPlan, wrapCommand } from '../sandbox/sandbox-policy';
import type { SandboxSupport } from '../sandbox/sandbox-support';
import { processFailure } from './process-failure';
import type { Workspace } from './workspace';

/** Everything decided for a call before any process starts. */
export interface LauncherOptions {
  readonly plugin: ResolvedPlugin;
  readonly what: string;
  readonly support: SandboxSupport;
  readonly plan: SandboxPlan;
  /** The unprivileged uid of this call, when the plan switches uid. */
  readonly uid?: number;
  readonly workspace: Workspace;
  readonly pathMounts: readonly SandboxMount[];
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal;
  readonly log: LogCapture;
  readonly maxOutputBytes: number;
  readonly killGraceMs: number;
  readonly tmpSizeBytes: number;
  readonly limitDefaults: LimitDefaults;
}

/**
 * What a plugin process may see: its folder, its environment's folders, the given read-only paths
 * (interpreter prefixes, shims), the paths the user handed in, and the writable folders. System
 * folders are shared anyway and paths that do not exist are left out.
 */
export function sandboxMounts(
  plugin: ResolvedPlugin,
  readOnly: readonly string[],
  pathMounts: readonly SandboxMount[],
  writable: readonly string[],
): SandboxMount[] {
  const wanted: SandboxMount[] = [
    { path: plugin.directory, writable: false },
    ...plugin.environment.readOnlyPaths.map((path) => ({ path, writable: false })),
    ...plugin.environment.pathPrepend.map((path) => ({ path, writable: false })),
    ...readOnly.map((path) => ({ path, writable: false })),
    ...pathMounts,
    ...writable.map((path) => ({ path, writable: true })),
  ];
  const byPath = new Map<string, SandboxMount>();
  for (const mount of wanted) {
    if (isSystemPath(mount.path) || !existsSync(mount.path)) continue;
    const seen = byPath.get(mount.path);
    byPath.set(mount.path, {
      path: mount.path,
      writable: mount.writable || (seen?.writable ?? false),
    });
  }
  return [...byPath.values()];
}

/** The {@link ProcessLauncher} of one call: every process it starts goes through the sandbox layer. */
export function createProcessLauncher(options: LauncherOptions): ProcessLauncher {
  return {
    async run(request): Promise<LaunchResult> {
      const limits = resourceLimitsFor(
        options.plugin.manifest.permissions,
        options.timeoutSeconds,
        {
          node: request.node === true,
          defaults: options.limitDefaults,
        },
      );
      const env: Record<string, string> = { ...options.env, ...(request.env ?? {}) };
      if (request.node && limits.heapBytes !== undefined && options.plan.mode !== 'off') {
        env.NODE_OPTIONS = `--max-old-space-size=${Math.max(16, Math.floor(limits.heapBytes / (1024 * 1024)))}`;
      }
      const cwd = request.cwd ?? options.workspace.workDir;
      let argv = [...request.argv];
      let report: LaunchResult['report'];
      if (request.hostProgram) {
        report = undefined;
      } else {
        const wrapped = wrapCommand(options.plan, options.support, {
          argv,
          cwd,
          mounts: sandboxMounts(options.plugin, request.readOnly ?? [], options.pathMounts, [
            options.workspace.workDir,
          ]),
          limits,
          ...(options.uid === undefined ? {} : { uid: options.uid }),
          tmpSizeBytes: options.tmpSizeBytes,
        });
        argv = wrapped.argv;
        report = wrapped.report;
      }
      const timeoutMs = Math.round(options.timeoutSeconds * 1000);
      const outcome = await runProcess({
        argv,
        cwd: options.plan.bwrap && !request.hostProgram ? options.workspace.workDir : cwd,
        env,
        ...(request.stdin === undefined ? {} : { stdin: request.stdin }),
        timeoutMs,
        signal: options.signal,
        maxStdoutBytes: options.maxOutputBytes,
        log: options.log,
        ...(request.stdoutToLog ? { stdoutToLog: true } : {}),
        ...(request.channel ? { channel: request.channel } : {}),
        killGraceMs: options.killGraceMs,
      });
      const limited = report?.limits !== undefined;
      const failure = processFailure(outcome, {
        what: options.what,
        program: request.argv[0]!,
        timeoutMs,
        ...(limited ? { limits } : {}),
        sandboxed: report?.isolation === 'bubblewrap',
        stderrTail: options.log.tailText(),
        maxOutputBytes: options.maxOutputBytes,
      });
      return { outcome, report, failure };
    },
  };
}
