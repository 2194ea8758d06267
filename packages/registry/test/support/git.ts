import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixtures folder. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Mark-1 Tests',
  GIT_AUTHOR_EMAIL: 'tests@mark1.invalid',
  GIT_COMMITTER_NAME: 'Mark-1 Tests',
  GIT_COMMITTER_EMAIL: 'tests@mark1.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `cwd` and returns its trimmed standard output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Copies fixture `name` into `destination`. */
export function copyFixture(name: string, destination: string): string {
  cpSync(join(FIXTURES, name), destination, { recursive: true });
  return destination;
}

/** A new git repository at `path` holding fixture `fixture`, committed on `main`; returns the commit. */
export function createRepository(path: string, fixture: string): string {
  mkdirSync(path, { recursive: true });
  copyFixture(fixture, path);
  git(path, 'init', '--quiet', '--initial-branch=main');
  git(path, 'add', '-A');
  git(path, 'commit', '--quiet', '-m', `add ${fixture}`);
  return git(path, 'rev-parse', 'HEAD');
}

/** Commits everything in `path` with `message`; returns the commit. */
export function commitAll(path: string, message: string): string {
  git(path, 'add', '-A');
  git(path, 'commit', '--quiet', '-m', message);
  return git(path, 'rev-parse', 'HEAD');
}
