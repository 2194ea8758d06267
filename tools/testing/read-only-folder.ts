import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync } from 'node:fs';

/** How a folder is made read-only for a child process, said in test output. */
export type ReadOnlySetup = 'read-only bind mount (unshare --mount)' | 'chmod 0555 (not root)';

function canUnshare(): boolean {
  return spawnSync('unshare', ['--mount', '--', 'true']).status === 0;
}

/**
 * Runs `command` with `folder` read-only for it. Root ignores permission bits, so chmod alone
 * proves nothing when tests run as root: there the child runs in a private mount namespace
 * (`unshare --mount`) where `folder` is bind-mounted onto itself read-only, and writes fail with
 * EROFS even for root. Other users get `chmod 0555`. Either way the setup is checked first: a
 * `touch` inside the folder must fail, or this throws.
 */
export function runWithReadOnlyFolder(
  folder: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> & { setup: ReadOnlySetup } {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !canUnshare()) {
    throw new Error(
      'Tests run as root but `unshare --mount` is not permitted here; a read-only folder cannot be made.',
    );
  }
  const run = (argv: string[]): SpawnSyncReturns<string> => {
    if (!isRoot) return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env });
    return spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind -o ro "$1" "$1" && shift && exec "$@"',
        'sh',
        folder,
        ...argv,
      ],
      { encoding: 'utf8', env },
    );
  };
  if (!isRoot) chmodSync(folder, 0o555);
  try {
    const probe = run(['sh', '-c', `touch "${folder}/probe"`]);
    if (probe.status === 0)
      throw new Error(`The folder ${folder} is still writable; the read-only setup failed.`);
    return {
      ...run([command, ...args]),
      setup: isRoot ? 'read-only bind mount (unshare --mount)' : 'chmod 0555 (not root)',
    };
  } finally {
    if (!isRoot) chmodSync(folder, 0o755);
  }
}
