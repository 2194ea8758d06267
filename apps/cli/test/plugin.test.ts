import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, LAUNCHER, requireBuiltCli, runMark1 } from './support/cli';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/plugins/text-sentiment');
const FIXTURES = join(ROOT, 'packages/registry/test/fixtures');

let sandbox: ReturnType<typeof createSandboxHome>;
beforeAll(() => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  const init = runMark1(['init'], sandbox.env);
  if (init.status !== 0) throw new Error(`mark1 init failed: ${init.stderr}`);
});
afterAll(() => sandbox?.remove());

const mark1 = (...args: string[]) => runMark1(args, sandbox.env);
const json = <T>(...args: string[]): T => {
  const run = mark1(...args, '--json');
  if (run.status !== 0) throw new Error(`mark1 ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
};

describe('mark1 plugin install', () => {
  it('installs an example plugin, showing what it read and the validation report on stderr', () => {
    const run = mark1('plugin', 'install', EXAMPLE);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ installed text-sentiment 0\.1\.0 \(enterprise\)/);
    expect(run.stderr).toMatch(/→ Validating/);
    expect(run.stderr).toMatch(/analyze-sentiment \(python_function\)/);
    expect(run.stderr).toMatch(/in: {2}text\*: text/);
    expect(run.stderr).toMatch(/quality 100\/100 · security 100\/100 · certification enterprise/);
    expect(run.stderr).toMatch(
      /smoke test passed\n\s+✓ analyze-sentiment \d+ ms \{"sentiment":\{"label":"mixed"/,
    );
    const plugins = json<{ name: string; status: string; capabilities: number }[]>(
      'plugin',
      'list',
    );
    expect(plugins).toEqual([
      expect.objectContaining({ name: 'text-sentiment', status: 'enabled', capabilities: 1 }),
    ]);
  });

  it('shows info, lists and searches capabilities', () => {
    const info = json<{
      versions: { version: string; active: boolean }[];
      manifest: { plugin: { name: string } };
    }>('plugin', 'info', 'text-sentiment');
    expect(info.versions).toEqual([expect.objectContaining({ version: '0.1.0', active: true })]);
    expect(mark1('plugin', 'info', 'text-sentiment').stdout).toMatch(
      /certification\s+enterprise · quality 100 · security 100/,
    );
    expect(
      json<{ capability: string }[]>('capabilities', 'list').map((item) => item.capability),
    ).toEqual(['analyze-sentiment']);
    const hits = json<{ capability: string; score: number }[]>(
      'capabilities',
      'search',
      'sentiment',
      'of',
      'a',
      'review',
    );
    expect(hits[0]).toMatchObject({ capability: 'analyze-sentiment' });
    const human = mark1('capabilities', 'search', 'nothing matches this');
    expect(human.stdout).toMatch(/nothing matches/);
  });

  it('without a terminal, fails listing every missing value, and installs nothing', () => {
    const run = mark1('plugin', 'install', join(FIXTURES, 'needs-config'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SERVICE_TOKEN \(secret\)/);
    expect(run.stderr).toMatch(/SERVICE_REGION/);
    expect(run.stderr).toMatch(/\[CONFIGURATION_MISSING\]/);
    expect(json<unknown[]>('plugin', 'list')).toHaveLength(1);
    const given = mark1(
      'plugin',
      'install',
      join(FIXTURES, 'needs-config'),
      '--env',
      'SERVICE_TOKEN=t0k',
      '--env',
      'SERVICE_REGION=eu',
    );
    expect(given.status, given.stderr).toBe(0);
    expect(given.stderr).toMatch(/set: SERVICE_TOKEN \(secret, encrypted\), SERVICE_REGION/);
    const info = mark1('plugin', 'info', 'needs-config');
    expect(info.stdout).toMatch(/\(set, encrypted\)/);
    expect(info.stdout).not.toContain('t0k');
  });

  it('on a terminal, asks for the values, secrets without echo', () => {
    const command = [
      process.execPath,
      LAUNCHER,
      'plugin',
      'install',
      join(FIXTURES, 'needs-config'),
      '--name',
      'tty-config',
    ]
      .map((part) => `'${part}'`)
      .join(' ');
    // script(1) gives the CLI a pseudo-terminal; the answers are typed into it.
    const run = spawnSync(
      'sh',
      [
        '-c',
        `(sleep 2; printf 'pty-s3cret-token\\r'; sleep 1; printf 'eu-north\\r'; sleep 1; printf '\\r'; sleep 4) | script -qec "${command.replaceAll('"', '\\"')}" /dev/null`,
      ],
      {
        encoding: 'utf8',
        env: sandbox.env,
        timeout: 60_000,
      },
    );
    expect(run.stdout).toMatch(/SERVICE_TOKEN \(the service's API token\): /);
    expect(run.stdout).toMatch(/SERVICE_REGION \(where the service runs\): .*eu-north/);
    expect(run.stdout).not.toContain('pty-s3cret-token');
    expect(run.stdout).toMatch(/installed .*tty-config/);
    const info = json<{ configuration: { name: string; set: boolean; value?: string }[] }>(
      'plugin',
      'info',
      'tty-config',
    );
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_TOKEN')).toMatchObject({
      set: true,
    });
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_REGION')).toMatchObject({
      value: 'eu-north',
    });
  });

  it('refuses option injection and unsupported transports as clear errors', () => {
    const injected = mark1('plugin', 'install', '--', '--upload-pack=touch /tmp/mark1-pwned');
    expect(injected.status).toBe(2);
    expect(injected.stderr).toMatch(/option injection.*\[SOURCE_INVALID\]/);
    expect(mark1('plugin', 'install', 'http://example.com/x.git').stderr).toMatch(
      /\[SOURCE_UNSUPPORTED\]/,
    );
    expect(existsSync('/tmp/mark1-pwned')).toBe(false);
  });
});

describe('mark1 plugin validate, generate, package', () => {
  it('prints findings with file:line and exits 1 on errors', () => {
    const risky = mark1('plugin', 'validate', join(FIXTURES, 'risky-plugin'));
    expect(risky.status).toBe(0);
    expect(risky.stdout).toMatch(/critical\s+fetch\.js:5 import\(\) loads code from a URL/);
    expect(risky.stdout).toMatch(/high\s+risky\/main\.py:10 eval\(\) runs code built at run time/);
    expect(risky.stdout).toMatch(/certification uncertified/);
    const broken = mark1('plugin', 'validate', join(FIXTURES, 'broken-entry'));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/error {3}pkg\/tools\.py missing-function: .*"nope"/);
  });

  it('generates a plugin that validates, packages it, and installs the package', () => {
    const generate = spawnSync(
      process.execPath,
      [LAUNCHER, 'plugin', 'generate', 'cli-made', '--lang', 'typescript'],
      { cwd: sandbox.root, env: sandbox.env, encoding: 'utf8' },
    );
    expect(generate.status, generate.stderr).toBe(0);
    const folder = join(sandbox.root, 'cli-made');
    expect(mark1('plugin', 'validate', folder).stdout).toMatch(/✓ valid/);
    const packaged = mark1('plugin', 'package', folder, '--output', join(sandbox.root, 'dist'));
    expect(packaged.status, packaged.stderr).toBe(0);
    const archive = join(sandbox.root, 'dist', 'cli-made-0.1.0.tar.gz');
    expect(existsSync(archive)).toBe(true);
    const installed = mark1('plugin', 'install', archive);
    expect(installed.status, installed.stderr).toBe(0);
    expect(mark1('plugin', 'test', 'cli-made').stdout).toMatch(
      /cli-made 0\.1\.0: smoke test passed\n\s+✓ word-count \d+ ms \{"count":5\}/,
    );
  });
});

describe('mark1 plugin install: smoke test through the executor', () => {
  it('a failing example needs consent; with --yes it installs and plugin test fails', () => {
    const folder = join(sandbox.root, 'wrong-example');
    cpSync(join(FIXTURES, 'py-greeter'), folder, { recursive: true });
    const manifest = join(folder, 'mark1.plugin.yml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(
        'greeting: "Hello, Ada."',
        'greeting: "Bonjour, Ada."',
      ),
    );
    const refused = mark1('plugin', 'install', folder);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /✗ greet \d+ ms greeting: expected "Bonjour, Ada\.", got "Hello, Ada\."/,
    );
    expect(refused.stderr).toMatch(
      /The example of greet failed .*Install anyway\?[\s\S]*--yes[\s\S]*\[CONFIRMATION_REQUIRED\]/,
    );
    expect(json<{ name: string }[]>('plugin', 'list').map((plugin) => plugin.name)).not.toContain(
      'py-greeter',
    );
    const accepted = mark1('plugin', 'install', folder, '--yes');
    expect(accepted.status, accepted.stderr).toBe(0);
    const test = mark1('plugin', 'test', 'py-greeter');
    expect(test.status).toBe(1);
    expect(test.stderr).toMatch(/\[SMOKE_TEST_FAILED\]/);
    expect(mark1('plugin', 'uninstall', 'py-greeter').status).toBe(0);
  });
});

describe('mark1 plugin lifecycle', () => {
  it('disables, enables, health-checks and uninstalls', () => {
    expect(mark1('plugin', 'disable', 'cli-made').stdout).toMatch(/cli-made is disabled/);
    expect(
      json<{ capability: string }[]>('capabilities', 'list').some(
        (item) => item.capability === 'word-count',
      ),
    ).toBe(false);
    expect(mark1('plugin', 'enable', 'cli-made').stdout).toMatch(/cli-made is enabled/);
    const health = mark1('plugin', 'health-check', 'text-sentiment');
    expect(health.status, health.stdout).toBe(0);
    expect(health.stdout).toMatch(/ok .*text-sentiment/);
    expect(mark1('plugin', 'update', 'text-sentiment').stdout).toMatch(
      /text-sentiment is up to date \(0\.1\.0\)/,
    );
    const rollback = mark1('plugin', 'rollback', 'text-sentiment');
    expect(rollback.status).toBe(1);
    expect(rollback.stderr).toMatch(/no version older than 0\.1\.0 .*\[VERSION_NOT_FOUND\]/);
    expect(mark1('plugin', 'uninstall', 'cli-made').stdout).toMatch(/uninstalled cli-made/);
    expect(readdirSync(join(sandbox.home, 'plugins')).sort()).toEqual([
      '.staging',
      'needs-config',
      'text-sentiment',
      'tty-config',
    ]);
    expect(mark1('plugin', 'info', 'cli-made').stderr).toMatch(/\[PLUGIN_NOT_FOUND\]/);
  });
});
