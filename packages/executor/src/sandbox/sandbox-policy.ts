import type { Permissions } from '@mark1/sdk';
import type { SandboxMode } from '@mark1/storage';
import { ExecutorErrorCodes, executorError } from '../errors';
import { bwrapArgs, type SandboxIdentity, type SandboxMount } from './bwrap-args';
import { prlimitArgs, type ResourceLimits } from './resource-limits';
import { type Protection, PROTECTIONS, type SandboxSupport } from './sandbox-support';

/** Which protections one plugin process ran with; stored with its step run. */
export interface SandboxReport {
  /** The mode that applied: `off` only when both the manifest and the user's config said so. */
  readonly mode: SandboxMode;
  /** `bubblewrap` when the process ran in namespaces, `none` otherwise. */
  readonly isolation: 'bubblewrap' | 'none';
  /** The uid the plugin ran as, when the orchestrator (root) switched it to one of its own. */
  readonly uid?: number;
  /** `isolated` (no network), `allowed` (the manifest asked for it) or `not-isolated` (could not isolate). */
  readonly network: 'isolated' | 'allowed' | 'not-isolated';
  /** Protections that were applied. */
  readonly active: readonly Protection[];
  /** Protections that could not be applied on this machine, with why. */
  readonly missing: readonly { readonly protection: Protection; readonly problem: string }[];
  /** The resource limits applied, when they were. */
  readonly limits?: ResourceLimits;
}

/** How one plugin process will be contained. */
export interface SandboxPlan {
  readonly mode: SandboxMode;
  readonly bwrap: boolean;
  readonly prlimit: boolean;
  readonly identity: SandboxIdentity['kind'];
  readonly network: boolean;
  readonly missing: readonly { readonly protection: Protection; readonly problem: string }[];
}

/**
 * The sandbox mode for a plugin: `off` only when both its manifest (`permissions.sandbox: false`)
 * and the user's configuration (`sandbox: off`) say so; `required` when the user requires it;
 * `preferred` otherwise.
 */
export function effectiveSandboxMode(userMode: SandboxMode, permissions: Permissions): SandboxMode {
  if (userMode === 'off') return permissions.sandbox === false ? 'off' : 'preferred';
  return userMode;
}

/**
 * Decides how to contain a plugin on this machine. Under `required`, a protection the machine
 * cannot apply is an error (`SANDBOX_UNAVAILABLE`) naming it and why; under `preferred` the plugin
 * runs with what is available and the report lists what was missing.
 */
export function planSandbox(
  support: SandboxSupport,
  mode: SandboxMode,
  permissions: Permissions,
  plugin: string,
): SandboxPlan {
  if (mode === 'off') {
    return { mode, bwrap: false, prlimit: false, identity: 'none', network: true, missing: [] };
  }
  const missing = PROTECTIONS.filter((protection) => !support.protections[protection].available)
    .filter((protection) => !(protection === 'network' && permissions.network))
    .map((protection) => ({
      protection,
      problem: support.protections[protection].problem ?? 'not available on this machine',
    }));
  if (mode === 'required' && missing.length > 0) {
    throw executorError(
      ExecutorErrorCodes.SANDBOX_UNAVAILABLE,
      `Plugin "${plugin}" cannot run: the sandbox is required (config key \`sandbox\`) and this machine cannot apply ${missing
        .map((item) => `${item.protection} (${item.problem})`)
        .join(
          '; ',
        )}. Fix that (see \`mark1 doctor\`), or set \`sandbox: preferred\` to run with what is available.`,
      { details: { plugin, missing } },
    );
  }
  return {
    mode,
    bwrap: support.bwrap.usable,
    prlimit: support.prlimit.usable,
    identity: support.bwrap.usable ? support.bwrap.identity : 'none',
    network: permissions.network,
    missing,
  };
}

/** One command to contain. */
export interface WrapRequest {
  /** The command, its executable an absolute path. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Host paths the process may see (plugin folder, work and output dirs, runtimes, inputs). */
  readonly mounts: readonly SandboxMount[];
  readonly limits: ResourceLimits;
  /** The uid to switch to, when the plan's identity is `uid-switch`. */
  readonly uid?: number;
  /** Size of the private /tmp in bytes. */
  readonly tmpSizeBytes: number;
}

/** The command line that runs `request` under `plan`, and the report of what applies. */
export function wrapCommand(
  plan: SandboxPlan,
  support: SandboxSupport,
  request: WrapRequest,
): { argv: string[]; report: SandboxReport } {
  const always: Protection[] = ['timeout', 'environment'];
  if (plan.mode === 'off') {
    return {
      argv: [...request.argv],
      report: { mode: 'off', isolation: 'none', network: 'allowed', active: always, missing: [] },
    };
  }
  const argv: string[] = [];
  const active = new Set<Protection>(always);
  let uid: number | undefined;
  if (plan.bwrap) {
    let identity: SandboxIdentity = { kind: 'none' };
    if (plan.identity === 'uid-switch' && request.uid !== undefined && support.setpriv.path) {
      identity = { kind: 'uid-switch', uid: request.uid, setpriv: support.setpriv.path };
      uid = request.uid;
    } else if (plan.identity === 'user-namespace') {
      identity = { kind: 'user-namespace' };
    }
    argv.push(
      support.bwrap.path!,
      ...bwrapArgs({
        mounts: request.mounts,
        network: plan.network,
        canUnshareNet: support.bwrap.network,
        cwd: request.cwd,
        identity,
        tmpSizeBytes: request.tmpSizeBytes,
      }),
    );
    active.add('filesystem');
    if (!plan.network && support.bwrap.network) active.add('network');
  }
  if (plan.prlimit) {
    argv.push(support.prlimit.path!, ...prlimitArgs(request.limits));
    for (const protection of ['memory', 'cpu', 'file-size', 'open-files'] as const)
      active.add(protection);
    if (support.protections.processes.available && plan.bwrap) active.add('processes');
  }
  argv.push(...request.argv);
  return {
    argv,
    report: {
      mode: plan.mode,
      isolation: plan.bwrap ? 'bubblewrap' : 'none',
      ...(uid === undefined ? {} : { uid }),
      network: plan.network ? 'allowed' : active.has('network') ? 'isolated' : 'not-isolated',
      active: PROTECTIONS.filter((protection) => active.has(protection)),
      missing: plan.missing,
      ...(plan.prlimit ? { limits: request.limits } : {}),
    },
  };
}
