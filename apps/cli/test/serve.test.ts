import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxHome, LAUNCHER, requireBuiltCli, runMark1 } from './support/cli';

beforeAll(() => {
  requireBuiltCli();
  const api = join(
    dirname(createRequire(import.meta.url).resolve('@mark1/api/package.json')),
    'dist/main.js',
  );
  if (!existsSync(api))
    throw new Error(
      `${api} is missing: \`mark1 serve\` runs the built API server. Run \`npx nx run @mark1/api:build\` first.`,
    );
});

let sandbox: ReturnType<typeof createSandboxHome>;
let child: ChildProcess | undefined;
beforeEach(() => {
  sandbox = createSandboxHome();
});
afterEach(async () => {
  // SIGTERM, which mark1 serve forwards: a SIGKILL would leave the server it started running.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  sandbox.remove();
});

/** Starts `mark1 serve args...` and resolves with its URL once it listens. */
function serve(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; output: () => string; exit: Promise<number | null> }> {
  child = spawn(process.execPath, [LAUNCHER, 'serve', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`mark1 serve did not start:\n${output}`)),
      30_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*mark1 api listening/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => output, exit });
      }
    };
    child!.stdout!.on('data', read);
    child!.stderr!.on('data', read);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mark1 serve exited with ${code}:\n${output}`));
    });
  });
}

describe('mark1 serve', () => {
  it('starts the API on loopback with the home given, answers, and stops gracefully on SIGTERM', async () => {
    const server = await serve(['--home', sandbox.home], { ...sandbox.env, MARK1_HOME: '' });
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const ready = (await (await fetch(`${server.url}/api/v1/ready`)).json()) as { status: string };
    expect(ready.status).toBe('ready');
    const status = (await (await fetch(`${server.url}/api/v1/status`)).json()) as {
      auth: string;
      database: { url: string };
    };
    expect(status.auth).toBe('open');
    expect(status.database.url).toContain(sandbox.home);
    expect(server.output()).toContain('open to every process on this machine');
    child!.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('requires keys once one exists, and the key created by the CLI works', async () => {
    expect(runMark1(['init'], sandbox.env).status).toBe(0);
    const created = JSON.parse(
      runMark1(['--json', 'api-key', 'create', '--role', 'viewer'], sandbox.env).stdout,
    ) as { token: string };
    const server = await serve([], sandbox.env);
    expect((await fetch(`${server.url}/api/v1/plugins`)).status).toBe(401);
    const allowed = await fetch(`${server.url}/api/v1/plugins`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual([]);
  });

  it('refuses to listen beyond loopback without keys, exiting 1 with the reason', async () => {
    const run = runMark1(['serve', '--host', '0.0.0.0', '--port', '0'], sandbox.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[INSECURE_BIND]');
  });

  it('refuses a bad port as a usage error', () => {
    const run = runMark1(['serve', '--port', 'eighty'], sandbox.env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('port number');
  });
});
