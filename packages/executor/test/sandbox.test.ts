// The sandbox, tried for real on this machine: what a plugin can see, reach and keep.
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox, type SandboxSupport } from '../src/index';
import { FIXTURE_PLUGINS } from './support/folder-resolver';
import { createHarness, eventLog, type Harness } from './support/harness';

const SECRET = 's3cr3t-token-value';
let harness: Harness;
let support: SandboxSupport;
let files: string;

beforeAll(async () => {
  support = await probeSandbox();
  harness = await createHarness({ secrets: { 'secret-keeper': { SECRET_TOKEN: SECRET } } });
  files = mkdtempSync(join(tmpdir(), 'mark1-sandbox-files-'));
});

afterAll(async () => {
  await harness.close();
  rmSync(files, { recursive: true, force: true });
});

describe('this machine', () => {
  it('has bubblewrap, prlimit and (as root) a uid switch, and RLIMIT_NPROC really stops a fork', () => {
    // docs/security.md records this; the tests below need every protection.
    expect(support.bwrap.usable).toBe(true);
    expect(support.prlimit.usable).toBe(true);
    expect(support.processLimitEnforced).toBe(true);
    expect(Object.values(support.protections).every((protection) => protection.available)).toBe(
      true,
    );
  });
});

describe('every plugin process', () => {
  it('records which protections were active with its step run', async () => {
    const result = await harness.executor.runCapability('py-tools', 'echo', { value: 'x' });
    const status = await harness.executor.status(result.runId);
    const sandbox = status.steps[0]!.sandbox as {
      isolation: string;
      active: string[];
      missing: unknown[];
      network: string;
    };
    expect(sandbox.isolation).toBe('bubblewrap');
    expect(sandbox.network).toBe('isolated');
    expect(sandbox.missing).toEqual([]);
    expect(sandbox.active).toEqual([
      'filesystem',
      'network',
      'memory',
      'cpu',
      'processes',
      'file-size',
      'open-files',
      'timeout',
      'environment',
    ]);
  });

  it('gets a clean environment: nothing of the orchestrator, its own MARK1_* run variables', async () => {
    process.env.MARK1_LEAK_SENTINEL = 'from-the-orchestrator';
    try {
      const result = await harness.executor.runCapability('py-tools', 'environment', {});
      const env = result.outputs.env as Record<string, string>;
      expect(env.MARK1_LEAK_SENTINEL).toBeUndefined();
      expect(env.MARK1_HOME).toBeUndefined();
      expect(env.MARK1_DATABASE_URL).toBeUndefined();
      expect(
        Object.keys(env).filter(
          (name) =>
            process.env[name] !== undefined &&
            ![
              'PATH',
              'HOME',
              'LANG',
              'PWD',
              'TMPDIR',
              'LC_CTYPE',
              'PYTHONDONTWRITEBYTECODE',
              'PYTHONUNBUFFERED',
            ].includes(name) &&
            env[name] === process.env[name],
        ),
      ).toEqual([]);
      expect(env.MARK1_RUN_ID).toBe(result.runId);
      expect(env.MARK1_STEP_ID).toBe('call');
      expect(env.MARK1_OUTPUT_DIR).toMatch(/\/out$/);
      expect(env.HOME).toBe(env.MARK1_WORK_DIR);
      expect(JSON.parse(env.MARK1_INPUT!)).toEqual({});
    } finally {
      delete process.env.MARK1_LEAK_SENTINEL;
    }
  });

  it('runs as an unprivileged uid of its own and sees its own folder but not the home, the database or other plugins', async () => {
    const result = await harness.executor.runCapability('py-tools', 'environment', {});
    expect(result.outputs.uid).not.toBe(0);
    const visible = result.outputs.visible as Record<string, boolean>;
    expect(visible['/root/.bashrc']).toBe(false);
    expect(visible['/etc/shadow']).toBe(false);
    expect(visible[join(FIXTURE_PLUGINS, 'py-tools')]).toBe(true);
    const probe = await harness.executor.runCapability('hostile', 'read-home', {
      paths: [
        join(harness.home, 'mark1.db'),
        join(FIXTURE_PLUGINS, 'secret-keeper', 'secret_keeper', 'keeper.py'),
        '/root/.bashrc',
        '/etc/passwd',
      ],
    });
    expect(probe.outputs.readable).toEqual({
      [join(harness.home, 'mark1.db')]: false,
      [join(FIXTURE_PLUGINS, 'secret-keeper', 'secret_keeper', 'keeper.py')]: false,
      '/root/.bashrc': false,
      '/etc/passwd': true,
    });
  });

  it('cannot reach a server on the host without network permission', async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await harness.executor.runCapability('hostile', 'open-socket', { port });
      expect(result.state).toBe('failed');
      expect(result.error?.code).toBe('PLUGIN_ERROR');
      expect(result.error?.message).toMatch(
        /ConnectionRefusedError|Network is unreachable|OSError/,
      );
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sees a path input at its absolute path, read-only, and gets a clear error for a missing one', async () => {
    writeFileSync(join(files, 'notes.txt'), 'handed in by the user\n');
    chmodSync(join(files, 'notes.txt'), 0o644);
    const read = await harness.executor.runCapability(
      'py-tools',
      'read-file',
      { path: 'notes.txt' },
      { cwd: files },
    );
    expect(read.outputs).toEqual({ content: 'handed in by the user\n' });
    const missing = await harness.executor.runCapability(
      'py-tools',
      'read-file',
      { path: 'nope.txt' },
      { cwd: files },
    );
    expect(missing.error?.code).toBe('INPUT_PATH_NOT_FOUND');
    expect(missing.error?.message).toContain(join(files, 'nope.txt'));
  });

  it('refuses a path input the unprivileged plugin could not read, saying how to fix it', async () => {
    writeFileSync(join(files, 'private.txt'), 'secret notes\n');
    chmodSync(join(files, 'private.txt'), 0o600);
    const result = await harness.executor.runCapability('py-tools', 'read-file', {
      path: join(files, 'private.txt'),
    });
    expect(result.error?.code).toBe('INPUT_PATH_NOT_FOUND');
    expect(result.error?.message).toContain('chmod o+r');
  });

  it('writes a writable path input in place', async () => {
    const log = join(files, 'calls.log');
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    const first = await harness.executor.runCapability('py-tools', 'append-line', {
      log,
      line: 'one',
    });
    const second = await harness.executor.runCapability('py-tools', 'append-line', {
      log,
      line: 'two',
    });
    expect([first.outputs.lines, second.outputs.lines]).toEqual([1, 2]);
    expect(readFileSync(log, 'utf8')).toBe('one\ntwo\n');
  });
});

describe('secrets', () => {
  it('reach their own plugin through ${secrets.NAME} and its declared variable, and are never stored in clear', async () => {
    const { events, listener } = eventLog();
    const result = await harness.executor.run(
      {
        name: 'own-secret',
        steps: [
          {
            id: 'own',
            plugin: 'secret-keeper',
            capability: 'token-length',
            inputs: { token: '${secrets.SECRET_TOKEN}' },
          },
        ],
      },
      { onEvent: listener },
    );
    expect(result.steps.own?.outputs).toEqual({ length: SECRET.length, same: true });
    const status = await harness.executor.status(result.runId);
    expect(JSON.stringify(status.steps[0]!.inputs)).not.toContain(SECRET);
    expect(status.steps[0]!.inputs).toEqual({ token: '[secret]' });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it("never reach another plugin: a step cannot name another plugin's secret, and its environment lacks it", async () => {
    const stolen = await harness.executor.run({
      name: 'steal',
      steps: [
        {
          id: 'steal',
          plugin: 'hostile',
          capability: 'read-secret',
          inputs: { token: '${secrets.SECRET_TOKEN}' },
        },
      ],
    });
    expect(stolen.state).toBe('failed');
    expect(stolen.steps.steal?.error?.message).toContain('has no secret SECRET_TOKEN');
    const status = await harness.executor.status(stolen.runId);
    expect(status.steps.map((step) => [step.state, (step.error as { code: string }).code])).toEqual(
      [['failed', 'SECRET_NOT_AVAILABLE']],
    );
    const peek = await harness.executor.runCapability('hostile', 'read-secret', {});
    const seen = peek.outputs.seen as { env: unknown; names: string[] };
    expect(seen.env).toBeNull();
    expect(seen.names).not.toContain('SECRET_TOKEN');
  });
});

describe('sandbox mode', () => {
  it('is off only when the manifest and the user both say so', async () => {
    const off = await createHarness({ sandbox: 'off' });
    try {
      const optedOut = await off.executor.runCapability('unsandboxed', 'whoami', {});
      expect(optedOut.outputs).toEqual({ uid: 0, sees_root: true });
      const report = (await off.executor.status(optedOut.runId)).steps[0]!.sandbox as {
        mode: string;
        isolation: string;
      };
      expect(report).toMatchObject({ mode: 'off', isolation: 'none' });
      // A plugin that did not opt out stays sandboxed even under `sandbox: off`.
      const kept = await off.executor.runCapability('py-tools', 'environment', {});
      expect((kept.outputs.visible as Record<string, boolean>)['/root/.bashrc']).toBe(false);
    } finally {
      await off.close();
    }
    const preferred = await harness.executor.runCapability('unsandboxed', 'whoami', {});
    expect(preferred.outputs).toMatchObject({ sees_root: false });
    expect(preferred.outputs.uid).not.toBe(0);
  });

  it('required runs plugins when the machine has every protection', async () => {
    const strict = await createHarness({ sandbox: 'required' });
    try {
      const result = await strict.executor.runCapability('py-tools', 'add', { a: 1, b: 2 });
      expect(result.outputs).toEqual({ sum: 3 });
    } finally {
      await strict.close();
    }
  });
});

describe('output dir', () => {
  it('leaves no workspace behind and keeps files only as artifacts', async () => {
    const result = await harness.executor.runCapability('py-tools', 'write-report', {
      title: 'Q3',
    });
    expect(readFileSync(result.outputs.report as string, 'utf8')).toBe(
      '# Q3\n\nwritten by py-tools\n',
    );
    expect(existsSync(join(harness.home, 'runs', result.runId))).toBe(true);
    expect(
      readdirSync(join(harness.home, 'runs', result.runId)).filter((name) => name !== 'outputs'),
    ).toEqual([]);
  });
});
