import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { closestMatch } from '@mark1/sdk';
import { errnoCode, registryError, RegistryErrorCodes } from '../errors';
import { runCommand, tailLines, type CommandResult } from '../run-command';

/** What a clone checked out. */
export interface CloneResult {
  /** The full commit hash checked out. */
  readonly commitSha: string;
  /** The ref asked for, if any (a branch, tag or commit). */
  readonly ref: string | undefined;
}

/** Options of {@link cloneRepository}. */
export interface CloneOptions {
  /** Branch, tag or commit; the remote's default branch when omitted. */
  ref?: string;
  signal?: AbortSignal;
  /** Called with each git child's pid (install journals record them). */
  onSpawn?: (pid: number) => void;
  /** Base environment for git (the registry's; MARK1_SECRET_KEY is removed). */
  env?: NodeJS.ProcessEnv;
  /** `local` sources are cloned with --no-local so the shallow clone works as for file:// URLs. */
  local?: boolean;
}

/** Throws `REF_INVALID` unless `ref` is a plain branch, tag or commit name (never an option). */
export function assertGitRef(ref: string): string {
  const ok =
    ref.length > 0 &&
    ref.length <= 255 &&
    !ref.startsWith('-') &&
    !ref.startsWith('/') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.lock') &&
    !ref.includes('..') &&
    !ref.includes('@{') &&
    /^[A-Za-z0-9._/+-]+$/.test(ref);
  if (!ok) {
    throw registryError(
      RegistryErrorCodes.REF_INVALID,
      `"${ref}" is not a branch, tag or commit name Mark-1 accepts: use letters, digits, ".", "_", "/", "+" and "-", not starting with "-" (e.g. v1.2.0, main, 3f2c1ab).`,
      { details: { ref } },
    );
  }
  return ref;
}

function gitEnvironment(base: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const { MARK1_SECRET_KEY: _secret, ...env } = base ?? process.env;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    // Transports allowed for the clone and anything it pulls in (refuses ext::, fd::, git://, http://).
    GIT_ALLOW_PROTOCOL: 'file:https:ssh',
    GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
  };
}

async function git(args: string[], options: CloneOptions, cwd?: string): Promise<CommandResult> {
  try {
    return await runCommand('git', args, {
      cwd,
      env: gitEnvironment(options.env),
      signal: options.signal,
      onSpawn: options.onSpawn,
    });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw registryError(
        RegistryErrorCodes.GIT_FAILED,
        'git is not installed (or not on PATH); install git to install plugins from repositories, or install a folder or an archive instead.',
        { cause: error },
      );
    }
    throw error;
  }
}

function gitFailure(url: string, result: CommandResult, what: string): never {
  const tail = tailLines(result.stderr || result.stdout, 6);
  const hint = /does not appear to be a git repository|not a git repository/i.test(tail)
    ? 'it is not a git repository; to copy a plain folder, pass its path without file:// and without --ref'
    : /could not resolve host|network is unreachable|connection refused|timed out/i.test(tail)
      ? 'the remote cannot be reached from this machine; check the URL and the network, or clone it yourself and install the folder'
      : /authentication|permission denied|could not read username/i.test(tail)
        ? 'git needs credentials it cannot ask for here; configure an SSH key or credential helper, or clone it yourself and install the folder'
        : 'check the URL and that git can clone it';
  throw registryError(RegistryErrorCodes.GIT_FAILED, `Cannot ${what} ${url}: ${hint}.\n${tail}`, {
    details: { url, exitCode: result.code, stderr: tail },
  });
}

async function remoteRefs(url: string, options: CloneOptions): Promise<string[]> {
  const result = await git(['ls-remote', '--heads', '--tags', '--', url], options);
  if (result.code !== 0) return [];
  return [
    ...new Set(
      result.stdout
        .split('\n')
        .map((line) => line.split('\t')[1] ?? '')
        .filter(Boolean)
        .map((ref) => ref.replace(/^refs\/(heads|tags)\//, '').replace(/\^\{\}$/, '')),
    ),
  ];
}

async function refNotFound(url: string, ref: string, options: CloneOptions): Promise<never> {
  const refs = await remoteRefs(url, options);
  const suggestion = closestMatch(ref, refs);
  throw registryError(
    RegistryErrorCodes.REF_NOT_FOUND,
    `${url} has no branch, tag or commit "${ref}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}${refs.length ? ` Known: ${refs.slice(0, 15).join(', ')}${refs.length > 15 ? ', ...' : ''}.` : ''}`,
    { details: { url, ref, known: refs.slice(0, 50) } },
  );
}

async function checkoutCommit(
  url: string,
  destination: string,
  sha: string,
  options: CloneOptions,
): Promise<void> {
  const init = await git(['init', '--quiet', destination], options);
  if (init.code !== 0) gitFailure(url, init, 'prepare a clone of');
  const shallow = await git(
    ['fetch', '--quiet', '--depth', '1', '--', url, sha],
    options,
    destination,
  );
  if (shallow.code !== 0) {
    // Abbreviated hashes (and servers that refuse fetching by hash) need the full history.
    const full = await git(
      ['fetch', '--quiet', '--tags', '--', url, '+refs/heads/*:refs/remotes/origin/*'],
      options,
      destination,
    );
    if (full.code !== 0) gitFailure(url, full, 'fetch');
  }
  const target = shallow.code === 0 ? 'FETCH_HEAD' : sha;
  const verify = await git(
    ['rev-parse', '--verify', '--quiet', `${target}^{commit}`],
    options,
    destination,
  );
  if (verify.code !== 0) await refNotFound(url, sha, options);
  const checkout = await git(
    ['checkout', '--quiet', '--detach', verify.stdout.trim()],
    options,
    destination,
  );
  if (checkout.code !== 0) gitFailure(url, checkout, 'check out');
}

/**
 * Clones `url` into `destination` (shallow where it can: `--depth 1 --branch <ref>` for branches
 * and tags, a fetch by hash for commits, a full fetch only when that fails), records the commit,
 * and removes `.git` so the installed folder holds only the plugin. Git runs without prompts, with
 * only the https, ssh and file transports allowed, and every argument after `--`.
 */
export async function cloneRepository(
  url: string,
  destination: string,
  options: CloneOptions = {},
): Promise<CloneResult> {
  const ref = options.ref === undefined ? undefined : assertGitRef(options.ref);
  const base = ['clone', '--quiet', '--depth', '1', ...(options.local ? ['--no-local'] : [])];
  const clone = await git(
    [...base, ...(ref ? ['--branch', ref] : []), '--', url, destination],
    options,
  );
  if (clone.code !== 0) {
    const missingRef =
      ref !== undefined &&
      /remote branch .* not found|could not find remote branch/i.test(clone.stderr);
    if (!missingRef) gitFailure(url, clone, 'clone');
    rmSync(destination, { recursive: true, force: true });
    if (/^[0-9a-fA-F]{4,40}$/.test(ref)) await checkoutCommit(url, destination, ref, options);
    else await refNotFound(url, ref, options);
  }
  const head = await git(['rev-parse', 'HEAD'], options, destination);
  if (head.code !== 0) gitFailure(url, head, 'read the commit of');
  rmSync(join(destination, '.git'), { recursive: true, force: true });
  return { commitSha: head.stdout.trim(), ref };
}

/** The commit checked out in a local folder, and whether it has uncommitted changes (undefined outside git). */
export async function describeWorkingCopy(
  path: string,
  options: Pick<CloneOptions, 'env' | 'signal'> = {},
): Promise<{ commitSha: string; dirty: boolean } | undefined> {
  const head = await git(['-C', path, 'rev-parse', '--verify', '--quiet', 'HEAD'], options).catch(
    () => undefined,
  );
  if (!head || head.code !== 0) return undefined;
  const status = await git(['-C', path, 'status', '--porcelain', '--', '.'], options);
  return { commitSha: head.stdout.trim(), dirty: status.stdout.trim().length > 0 };
}
