import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, LAUNCHER, requireBuiltCli, runMark1 } from './support/cli';

const PLUGIN = resolve(import.meta.dirname, '../../../packages/registry/test/fixtures/py-with-dep');

let sandbox: ReturnType<typeof createSandboxHome>;
let server: Server;
let url: string;
const sockets = new Set<Socket>();
let waiting: (() => void)[] = [];

beforeAll(async () => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  const init = runMark1(['init'], sandbox.env);
  if (init.status !== 0) throw new Error(`mark1 init failed: ${init.stderr}`);
  // A package index that accepts pip's request and never answers: the install hangs in pip.
  server = createServer(() => {
    const current = waiting;
    waiting = [];
    current.forEach((notify) => notify());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});
afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  sandbox?.remove();
});

function startInstall() {
  const requested = new Promise<void>((done) => waiting.push(done));
  const child = spawn(
    process.execPath,
    [LAUNCHER, 'plugin', 'install', PLUGIN, '--yes', '--find-links', url, '--no-index'],
    {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const inPip = Promise.race([
    requested,
    exited.then(() =>
      Promise.reject(new Error(`the install ended before pip started:\n${output}`)),
    ),
  ]);
  return { child, exited, inPip, output: () => output };
}

const pluginsDir = () => join(sandbox.home, 'plugins');
const staging = () =>
  existsSync(join(pluginsDir(), '.staging')) ? readdirSync(join(pluginsDir(), '.staging')) : [];

describe('an interrupted mark1 plugin install leaves nothing behind', () => {
  it('Ctrl-C (SIGINT) while pip runs: cancelled, cleaned up at once', async () => {
    const install = startInstall();
    await install.inPip;
    install.child.kill('SIGINT');
    expect(await install.exited).toBe(1);
    expect(install.output()).toMatch(/\[OPERATION_CANCELLED\]/);
    expect(readdirSync(pluginsDir()).filter((name) => name !== '.staging')).toEqual([]);
    expect(staging()).toEqual([]);
  }, 120_000);

  it('SIGKILL while pip runs: the next mark1 command rolls it back (no rows, no folders)', async () => {
    const install = startInstall();
    await install.inPip;
    install.child.kill('SIGKILL');
    await install.exited;
    expect(readdirSync(pluginsDir())).toContain('py-with-dep');
    expect(staging().some((name) => name.endsWith('.json'))).toBe(true);

    const list = runMark1(['plugin', 'list', '--json'], sandbox.env);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect(list.stderr).toMatch(/rolled back an interrupted install of py-with-dep/);
    expect(readdirSync(pluginsDir()).filter((name) => name !== '.staging')).toEqual([]);
    expect(staging()).toEqual([]);
    for (const table of ['plugins', 'plugin_versions', 'plugin_capabilities', 'secrets']) {
      const rows = runMark1(['db', 'query', table, '--json'], sandbox.env);
      expect(JSON.parse(rows.stdout).rows, table).toEqual([]);
    }
  }, 120_000);
});
