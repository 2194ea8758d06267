import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxHome, requireBuiltCli, runMark1 } from './support/cli';

beforeAll(requireBuiltCli);

let sandbox: ReturnType<typeof createSandboxHome>;
beforeEach(() => {
  sandbox = createSandboxHome();
});
afterEach(() => sandbox.remove());

describe('mark1 init', () => {
  it('creates the home folder, a config.yaml of commented defaults and a migrated database', () => {
    const run = runMark1(['init'], sandbox.env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Mark-1 home ready at ${sandbox.home}`);
    expect(run.stdout).not.toContain('\u001b[');
    for (const path of ['config.yaml', 'mark1.db', 'plugins', 'artifacts', 'runs']) {
      expect(existsSync(join(sandbox.home, path)), path).toBe(true);
    }
    expect(readFileSync(join(sandbox.home, 'config.yaml'), 'utf8')).toContain('# timeout: 300');
  });

  it('takes --home, reports JSON, and keeps an existing config.yaml on a second run', () => {
    const other = join(sandbox.root, 'elsewhere');
    const first = JSON.parse(
      runMark1(['init', '--home', other, '--json'], sandbox.env).stdout,
    ) as Record<string, unknown>;
    expect(first).toMatchObject({
      home: other,
      configFileCreated: true,
      database: { engine: 'sqlite', applied: ['0001_initial_schema', '0002_api_server'] },
    });
    expect(existsSync(join(sandbox.home))).toBe(false);
    writeFileSync(join(other, 'config.yaml'), 'ollama:\n  model: mistral\n');
    const second = runMark1(['--json', '--home', other, 'init'], sandbox.env);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      configFileCreated: false,
      database: { applied: [] },
    });
    expect(readFileSync(join(other, 'config.yaml'), 'utf8')).toBe('ollama:\n  model: mistral\n');
  });
});

describe('mark1 config show', () => {
  it('shows each value with where it came from: environment, file, default', () => {
    runMark1(['init'], sandbox.env);
    writeFileSync(join(sandbox.home, 'config.yaml'), 'ollama:\n  model: from-the-file\n');
    const run = runMark1(['config', 'show', '--json'], sandbox.env, {
      MARK1_PLUGIN_TIMEOUT: '60',
      MARK1_SECRET_KEY: 'do-not-print-me',
      MARK1_DATABASE_URL: 'postgres://mark1:hunter2@db.example:5432/mark1',
    });
    expect(run.status, run.stderr).toBe(0);
    const shown = JSON.parse(run.stdout) as {
      entries: { key: string; value: unknown; source: string; display: string }[];
    };
    const entry = (key: string) => shown.entries.find((item) => item.key === key)!;
    expect(entry('plugins.timeout')).toMatchObject({
      value: 60,
      source: 'env MARK1_PLUGIN_TIMEOUT',
    });
    expect(entry('ollama.model')).toMatchObject({
      value: 'from-the-file',
      source: `${join(sandbox.home, 'config.yaml')}: ollama.model`,
    });
    expect(entry('orchestration.retry_attempts')).toMatchObject({ value: 3, source: 'default' });
    expect(entry('home')).toMatchObject({ value: sandbox.home, source: 'env MARK1_HOME' });
    expect(entry('secret_key').value).toBeNull();
    expect(entry('database.url').display).toBe('postgres://mark1:****@db.example:5432/mark1');
    expect(run.stdout).not.toContain('do-not-print-me');
    expect(run.stdout).not.toContain('hunter2');

    const human = runMark1(['config', 'show'], sandbox.env, {
      MARK1_PLUGIN_TIMEOUT: '60',
      MARK1_SECRET_KEY: 'do-not-print-me',
    });
    expect(human.stdout).toMatch(/plugins\.timeout\s+│ 60\s+│ env MARK1_PLUGIN_TIMEOUT/);
    expect(human.stdout).not.toContain('do-not-print-me');
  });

  it('fails with one line naming the key, its source and the fix for a bad value', () => {
    const run = runMark1(['config', 'show'], sandbox.env, { MARK1_SANDBOX: 'sometimes' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^error: Invalid sandbox "sometimes" from environment variable MARK1_SANDBOX: .*required, preferred, off.*\[CONFIG_INVALID\]/,
    );
  });
});
