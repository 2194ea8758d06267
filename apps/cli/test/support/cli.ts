import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed launcher, which imports the built dist/main.js. */
export const LAUNCHER = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/mark1.js');

/** What one run of the CLI did. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Fails clearly when the CLI is not built (the nx test target builds it first). */
export function requireBuiltCli(): void {
  const built = resolve(dirname(LAUNCHER), '../dist/main.js');
  if (!existsSync(built)) {
    throw new Error(
      `${built} is missing: these tests run the built CLI. Run \`npx nx run @mark1/cli:test\` (builds first) or \`npm run build\`.`,
    );
  }
}

/**
 * A temporary MARK1_HOME (never ~/.mark1) and an environment without any other MARK1_* variable,
 * so the machine's settings cannot leak into a test.
 */
export function createSandboxHome(): {
  root: string;
  home: string;
  env: NodeJS.ProcessEnv;
  remove: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), 'mark1-cli-'));
  const home = join(root, 'home');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, MARK1_HOME: home };
  return { root, home, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `mark1 args...` with `env` (plus `extraEnv`) and returns its exit status and output. */
export function runMark1(
  args: string[],
  env: NodeJS.ProcessEnv,
  extraEnv: NodeJS.ProcessEnv = {},
): CliRun {
  const result = spawnSync(process.execPath, [LAUNCHER, ...args], {
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Stack-trace lines (`    at ...`) in a text. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at /.test(line));
}

/** The non-empty lines of a text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
