import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapArgs, type SandboxIdentity } from './bwrap-args';
import { findExecutable } from './find-executable';
import { SANDBOX_UID_BASE } from './sandbox-uids';

/** The protections the sandbox layer applies to a plugin process. */
export const PROTECTIONS = [
  'filesystem',
  'network',
  'memory',
  'cpu',
  'processes',
  'file-size',
  'open-files',
  'timeout',
  'environment',
] as const;

/** One protection of the sandbox layer. */
export type Protection = (typeof PROTECTIONS)[number];

/** Whether this machine can apply one protection, and how. */
export interface ProtectionSupport {
  readonly available: boolean;
  /** The mechanism (`bubblewrap mount namespace`, `RLIMIT_AS via prlimit`, ...). */
  readonly how: string;
  /** Why it is not available, when it is not. */
  readonly problem?: string;
}

/** What this machine supports, found by running each mechanism for real. */
export interface SandboxSupport {
  /** True when the orchestrator runs as root. */
  readonly root: boolean;
  readonly bwrap: {
    readonly path?: string;
    readonly version?: string;
    /** A sandbox could be started. */
    readonly usable: boolean;
    /** A new network namespace could be created. */
    readonly network: boolean;
    /** How the plugin gets an unprivileged identity. */
    readonly identity: SandboxIdentity['kind'];
    readonly problem?: string;
  };
  readonly prlimit: { readonly path?: string; readonly usable: boolean; readonly problem?: string };
  readonly setpriv: { readonly path?: string };
  /** RLIMIT_NPROC was seen to stop a fork inside the sandbox. */
  readonly processLimitEnforced: boolean;
  readonly protections: Readonly<Record<Protection, ProtectionSupport>>;
}

interface ProbeResult {
  ok: boolean;
  output: string;
}

function probe(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin' },
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { timeout: 10_000, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ ok: !error, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? 'no output'
  );
}

async function detect(): Promise<SandboxSupport> {
  const root = process.getuid?.() === 0;
  const bwrap = findExecutable('bwrap');
  const prlimit = findExecutable('prlimit');
  const setpriv = findExecutable('setpriv');
  const sh = findExecutable('sh') ?? '/bin/sh';

  let prlimitUsable = false;
  let prlimitProblem: string | undefined = prlimit
    ? undefined
    : 'prlimit (util-linux) is not installed';
  if (prlimit) {
    const result = await probe([prlimit, '--nofile=256', '--', sh, '-c', 'exit 0']);
    prlimitUsable = result.ok;
    if (!result.ok) prlimitProblem = `prlimit failed: ${firstLine(result.output)}`;
  }

  let version: string | undefined;
  let usable = false;
  let network = false;
  let identity: SandboxIdentity['kind'] = 'none';
  let problem: string | undefined = bwrap
    ? undefined
    : 'bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)';
  let processLimitEnforced = false;
  if (bwrap) {
    version = firstLine((await probe([bwrap, '--version'])).output);
    const scratch = mkdtempSync(join(tmpdir(), 'mark1-sandbox-probe-'));
    try {
      const identities: SandboxIdentity[] = root
        ? [
            ...(setpriv
              ? [{ kind: 'uid-switch' as const, uid: SANDBOX_UID_BASE - 1, setpriv }]
              : []),
            { kind: 'none' },
          ]
        : [{ kind: 'user-namespace' }];
      chmodSync(scratch, 0o777);
      if (root) chownSync(scratch, SANDBOX_UID_BASE - 1, SANDBOX_UID_BASE - 1);
      outer: for (const candidate of identities) {
        for (const unshareNet of [true, false]) {
          const args = bwrapArgs({
            mounts: [{ path: scratch, writable: true }],
            network: false,
            canUnshareNet: unshareNet,
            cwd: scratch,
            identity: candidate,
            tmpSizeBytes: 1024 * 1024,
          });
          const result = await probe([bwrap, ...args, sh, '-c', `echo ok > ${scratch}/probe`]);
          if (result.ok) {
            usable = true;
            network = unshareNet;
            identity = candidate.kind;
            problem = undefined;
            if (prlimitUsable) {
              // A subshell needs a fork; with a limit of one process it must be refused.
              const limited = await probe([
                bwrap,
                ...args,
                prlimit!,
                '--nproc=1',
                '--',
                sh,
                '-c',
                '(exit 0) && echo forked',
              ]);
              processLimitEnforced = !limited.output.includes('forked');
            }
            break outer;
          }
          problem = `bwrap could not start a sandbox: ${firstLine(result.output)}`;
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  const limitHow = (what: string): ProtectionSupport =>
    prlimitUsable
      ? { available: true, how: `${what} via prlimit` }
      : { available: false, how: `${what} via prlimit`, problem: prlimitProblem };
  const protections: Record<Protection, ProtectionSupport> = {
    filesystem: usable
      ? {
          available: true,
          how: 'bubblewrap mount namespace: runtime folders and the plugin read-only, work and output dirs writable, nothing else visible',
        }
      : { available: false, how: 'bubblewrap mount namespace', problem },
    network:
      usable && network
        ? {
            available: true,
            how: 'bubblewrap network namespace (no interfaces but loopback) unless the manifest allows network',
          }
        : {
            available: false,
            how: 'bubblewrap network namespace',
            problem: usable ? 'bwrap --unshare-net is refused on this machine' : problem,
          },
    memory: limitHow('RLIMIT_AS'),
    cpu: limitHow('RLIMIT_CPU'),
    processes:
      prlimitUsable && usable && processLimitEnforced
        ? {
            available: true,
            how:
              identity === 'uid-switch'
                ? 'RLIMIT_NPROC via prlimit, under a per-call uid (setpriv), since root is exempt'
                : 'RLIMIT_NPROC via prlimit in a user namespace',
          }
        : {
            available: false,
            how: 'RLIMIT_NPROC via prlimit',
            problem: !prlimitUsable
              ? prlimitProblem
              : root && identity !== 'uid-switch'
                ? 'the orchestrator is root and the plugin cannot be moved to another uid (needs bwrap and setpriv); RLIMIT_NPROC does not apply to root'
                : 'a fork was not refused under RLIMIT_NPROC',
          },
    'file-size': limitHow('RLIMIT_FSIZE'),
    'open-files': limitHow('RLIMIT_NOFILE'),
    timeout: {
      available: true,
      how: 'wall-clock timer that kills the process group (and the sandbox with it)',
    },
    environment: {
      available: true,
      how: 'a clean environment: declared variables, own secrets, MARK1_* only',
    },
  };

  return {
    root,
    bwrap: { path: bwrap, version, usable, network, identity, ...(problem ? { problem } : {}) },
    prlimit: {
      path: prlimit,
      usable: prlimitUsable,
      ...(prlimitProblem ? { problem: prlimitProblem } : {}),
    },
    setpriv: { path: setpriv },
    processLimitEnforced,
    protections,
  };
}

let cached: Promise<SandboxSupport> | undefined;

/**
 * Finds out, by running them, which sandbox mechanisms work on this machine: bubblewrap (and
 * with which identity and namespaces), prlimit, and whether RLIMIT_NPROC really stops a fork.
 * The answer is cached for the life of the process unless `refresh` is set.
 */
export function probeSandbox(options: { refresh?: boolean } = {}): Promise<SandboxSupport> {
  if (!cached || options.refresh) cached = detect();
  return cached;
}
