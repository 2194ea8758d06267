import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname, posix } from 'node:path';

/** One host path made visible inside the sandbox, at the same absolute path. */
export interface SandboxMount {
  /** Absolute host path (file or folder). */
  readonly path: string;
  /** Read-write when true, read-only otherwise. */
  readonly writable: boolean;
}

/** How the sandboxed process gets an unprivileged identity. */
export type SandboxIdentity =
  /** Orchestrator is root: bwrap runs privileged, then setpriv switches to a fresh uid that RLIMIT_NPROC applies to. */
  | { readonly kind: 'uid-switch'; readonly uid: number; readonly setpriv: string }
  /** Orchestrator is an ordinary user: an unprivileged user namespace, same uid inside. */
  | { readonly kind: 'user-namespace' }
  /** Orchestrator is root and no uid switch is possible: the plugin keeps uid 0 without capabilities. */
  | { readonly kind: 'none' };

/** What {@link bwrapArgs} needs. */
export interface BwrapOptions {
  readonly mounts: readonly SandboxMount[];
  /** Keep the host's network (the manifest asked for it); otherwise a new, empty network namespace. */
  readonly network: boolean;
  /** Whether the network namespace can be unshared on this machine. */
  readonly canUnshareNet: boolean;
  /** Working directory inside the sandbox. */
  readonly cwd: string;
  readonly identity: SandboxIdentity;
  /** Size of the sandbox's private /tmp (a tmpfs), in bytes. */
  readonly tmpSizeBytes: number;
}

/** Top-level system folders shared read-only (or recreated as the symlinks they are, on merged-/usr systems). */
const SYSTEM_PATHS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Files under /etc that programs need to start and that hold nothing secret. */
const ETC_FILES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/localtime',
  '/etc/nsswitch.conf',
  '/etc/passwd',
  '/etc/group',
  '/etc/hosts',
  '/etc/mime.types',
  '/etc/ssl/openssl.cnf',
];
/** Files under /etc that only matter with network access (name resolution, TLS roots). */
const ETC_NETWORK_FILES = [
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/pki',
];

interface SystemEntry {
  readonly path: string;
  readonly symlink?: string;
}

let systemEntries: SystemEntry[] | undefined;

function systemLayout(): SystemEntry[] {
  if (systemEntries) return systemEntries;
  systemEntries = [];
  for (const path of SYSTEM_PATHS) {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) systemEntries.push({ path, symlink: readlinkSync(path) });
      else if (stat.isDirectory()) systemEntries.push({ path });
    } catch {
      // Absent on this system.
    }
  }
  return systemEntries;
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * The bubblewrap arguments (up to and including `--`) that run a command with: the system's
 * runtime folders read-only, the given mounts at their own paths, a private /proc, /dev and /tmp,
 * new PID, IPC, UTS and cgroup namespaces, no network unless asked, a read-only root, a new
 * session, and death with the orchestrator. Everything else on the host is invisible.
 */
export function bwrapArgs(options: BwrapOptions): string[] {
  const args: string[] = [
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'mark1-sandbox',
    '--die-with-parent',
    '--new-session',
  ];
  if (!options.network && options.canUnshareNet) args.push('--unshare-net');
  if (options.identity.kind === 'user-namespace') args.push('--unshare-user', '--disable-userns');

  const mounted: string[] = [];
  for (const entry of systemLayout()) {
    if (entry.symlink !== undefined) args.push('--symlink', entry.symlink, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
    mounted.push(entry.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--perms', '1777', '--size', String(options.tmpSizeBytes), '--tmpfs', '/tmp');
  mounted.push('/proc', '/dev', '/tmp');

  const created = new Set<string>(['/']);
  const bind = (path: string, writable: boolean) => {
    const ancestors: string[] = [];
    for (let dir = dirname(path); dir !== '/' && dir !== '.'; dir = dirname(dir))
      ancestors.unshift(dir);
    for (const dir of ancestors) {
      // Folders in the root or in /tmp's tmpfs are created (0755: bwrap's own would be 0700 and
      // hide everything from an unprivileged uid); those inside another mount already exist.
      if (created.has(dir)) continue;
      if (mounted.some((folder) => isInside(dir, folder) && folder !== '/tmp')) break;
      args.push('--perms', '0755', '--dir', dir);
      created.add(dir);
    }
    args.push(writable ? '--bind' : '--ro-bind', path, path);
    mounted.push(path);
  };
  for (const file of [...ETC_FILES, ...(options.network ? ETC_NETWORK_FILES : [])]) {
    if (existsSync(file)) bind(file, false);
  }
  // Parents first, so a mount inside another mount lands on top of it.
  const mounts = [...options.mounts].sort(
    (a, b) => a.path.split('/').length - b.path.split('/').length,
  );
  for (const mount of mounts) bind(mount.path, mount.writable);
  args.push('--remount-ro', '/', '--chdir', options.cwd);
  if (options.identity.kind === 'uid-switch') {
    args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--');
    args.push(
      options.identity.setpriv,
      `--reuid=${options.identity.uid}`,
      `--regid=${options.identity.uid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
    );
    return args;
  }
  args.push('--');
  return args;
}

/** True when `path` is one of the folders every sandbox shares (so it needs no mount of its own). */
export function isSystemPath(path: string): boolean {
  return systemLayout().some(
    (entry) => entry.symlink === undefined && isInside(posix.normalize(path), entry.path),
  );
}
