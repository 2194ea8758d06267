import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

/** The fixture plugin every test installs (see test/fixtures/README.md). */
export const API_TOOLS_FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../fixtures/api-tools',
);

/** A temporary world for one test file: a home, an allowed folder, a folder outside it. */
export interface Sandbox {
  readonly root: string;
  readonly home: string;
  /** The folder given as MARK1_API_ALLOWED_ROOTS. */
  readonly allowed: string;
  /** A folder the server must not read. */
  readonly outside: string;
  remove(): void;
}

/** Creates a {@link Sandbox} (real paths, so symbolic-link checks compare like with like). */
export function createSandbox(label: string): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `mark1-api-${label}-`)));
  const home = join(root, 'home');
  const allowed = join(root, 'allowed');
  const outside = join(root, 'outside');
  for (const folder of [home, allowed, outside]) mkdirSync(folder, { recursive: true });
  return {
    root,
    home,
    allowed,
    outside,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync(
    'git',
    [
      '-c',
      'user.email=tests@mark1.invalid',
      '-c',
      'user.name=tests',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, stdio: 'ignore' },
  );
}

/** Copies the api-tools fixture into `parent/<name>` as a git repository with one commit; returns its file:// URL. */
export function createPluginRepository(
  parent: string,
  name = 'api-tools-repo',
): { path: string; url: string } {
  const path = join(parent, name);
  cpSync(API_TOOLS_FIXTURE, path, { recursive: true });
  git(path, 'init', '-q');
  git(path, 'add', '.');
  git(path, 'commit', '-q', '-m', 'api-tools 1.0.0');
  return { path, url: pathToFileURL(path).href };
}
