import { copyFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSandboxHome,
  LAUNCHER,
  linesOf,
  requireBuiltCli,
  runMark1,
  stackLines,
} from './support/cli';
import { runWithReadOnlyFolder } from '../../../tools/testing/read-only-folder';

beforeAll(requireBuiltCli);

let sandbox: ReturnType<typeof createSandboxHome>;
beforeEach(() => {
  sandbox = createSandboxHome();
});
afterEach(() => sandbox.remove());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectOneCleanLine(stderr: string, code: string): void {
  const lines = linesOf(stderr);
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toContain(`[${code}]`);
  expect(stackLines(stderr)).toEqual([]);
}

describe('bad input gives one clear line and exit 1', () => {
  it('an unknown database URL scheme', () => {
    const run = runMark1(['db', 'status'], sandbox.env, {
      MARK1_DATABASE_URL: 'mysql://root:pw@localhost/mark1',
    });
    expect(run.status).toBe(1);
    expectOneCleanLine(run.stderr, 'DATABASE_URL_UNSUPPORTED');
    expect(run.stderr).toContain('MARK1_DATABASE_URL');
    expect(run.stderr).toContain('postgres://');
    expect(run.stderr).not.toContain(':pw@');
  });

  it('an unreachable PostgreSQL (a closed loopback port)', async () => {
    const port = await closedPort();
    const run = runMark1(['init'], sandbox.env, {
      MARK1_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/mark1`,
    });
    expect(run.status).toBe(1);
    expectOneCleanLine(run.stderr, 'DATABASE_UNREACHABLE');
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).toContain('connection refused');
  });

  it('a database file in a read-only folder', () => {
    const readOnly = join(sandbox.root, 'read-only');
    mkdirSync(readOnly);
    const result = runWithReadOnlyFolder(readOnly, process.execPath, [LAUNCHER, 'db', 'init'], {
      ...sandbox.env,
      MARK1_DATABASE_URL: `sqlite://${join(readOnly, 'mark1.db')}`,
    });
    expect(result.status, `setup: ${result.setup}; stderr: ${result.stderr}`).toBe(1);
    expectOneCleanLine(result.stderr, 'DATABASE_READ_ONLY');
    expect(result.stderr).toContain(readOnly);
  });

  it('no database yet', () => {
    const run = runMark1(['db', 'query', 'plugins'], sandbox.env);
    expect(run.status).toBe(1);
    expectOneCleanLine(run.stderr, 'DATABASE_NOT_INITIALIZED');
    expect(run.stderr).toContain('mark1 init');
  });
});

describe('--verbose', () => {
  it('adds the stack trace, with its cause', async () => {
    const port = await closedPort();
    const run = runMark1(['db', 'status', '--verbose'], sandbox.env, {
      MARK1_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/mark1`,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: .*\[DATABASE_UNREACHABLE\]/);
    expect(stackLines(run.stderr).length).toBeGreaterThan(0);
    expect(run.stderr).toContain('Caused by:');
  });
});

describe('the launcher', () => {
  it('says to build first when dist is missing', () => {
    const bin = join(sandbox.root, 'unbuilt', 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync(LAUNCHER, join(bin, 'mark1.js'));
    const run = spawnSync(process.execPath, [join(bin, 'mark1.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('run `npm run build` first');
    expect(stackLines(run.stderr)).toEqual([]);
  });
});
