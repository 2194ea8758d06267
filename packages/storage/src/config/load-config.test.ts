import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageErrorCodes } from '../errors';
import { renderConfigTemplate } from './config-template';
import { loadConfig } from './load-config';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mark1-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function errorOf(run: () => unknown): Mark1Error {
  try {
    run();
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('falls back to defaults under the home folder and says so', () => {
    const loaded = loadConfig({ env: { MARK1_HOME: home } });
    expect(loaded.config.home).toBe(home);
    expect(loaded.config.database.url).toBe(`sqlite://${join(home, 'mark1.db')}`);
    expect(loaded.config.plugins.directory).toBe(join(home, 'plugins'));
    expect(loaded.config.plugins.timeout).toBe(300);
    expect(loaded.config.ollama).toEqual({
      baseUrl: undefined,
      model: 'llama3.1:8b',
      timeout: 300,
    });
    expect(loaded.config.sandbox).toBe('preferred');
    expect(loaded.sourceOf('home')).toEqual({ kind: 'env', variable: 'MARK1_HOME' });
    expect(loaded.sourceOf('plugins.timeout')).toEqual({ kind: 'default' });
    expect(loaded.file).toEqual({ path: join(home, 'config.yaml'), exists: false });
  });

  it('uses ~/.mark1 when nothing names a home', () => {
    // Point the user's home at the temp folder so the real ~/.mark1 is never read.
    const realHome = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(homedir()).toBe(home);
      expect(loadConfig({ env: {} }).config.home).toBe(join(home, '.mark1'));
    } finally {
      process.env.HOME = realHome;
    }
  });

  it('lets the environment beat the file and the file beat the default', () => {
    writeFileSync(
      join(home, 'config.yaml'),
      'plugins:\n  timeout: 5m\n  directory: my-plugins\nollama:\n  model: from-file\ncontext:\n  compression: yes\n',
    );
    const loaded = loadConfig({ env: { MARK1_HOME: home, MARK1_OLLAMA_MODEL: 'from-env' } });
    expect(loaded.config.plugins.timeout).toBe(300);
    expect(loaded.sourceOf('plugins.timeout')).toEqual({
      kind: 'file',
      path: join(home, 'config.yaml'),
      key: 'plugins.timeout',
    });
    expect(loaded.config.plugins.directory).toBe(join(home, 'my-plugins'));
    expect(loaded.config.ollama.model).toBe('from-env');
    expect(loaded.sourceOf('ollama.model')).toEqual({
      kind: 'env',
      variable: 'MARK1_OLLAMA_MODEL',
    });
    expect(loaded.config.context.compression).toBe(true);
    const entry = loaded.entries.find((e) => e.key === 'ollama.model')!;
    expect(entry.sourceText).toBe('env MARK1_OLLAMA_MODEL');
  });

  it('gives --home precedence over MARK1_HOME and resolves relative paths against the working directory', () => {
    const loaded = loadConfig({ env: { MARK1_HOME: '/elsewhere' }, home: 'rel-home', cwd: home });
    expect(loaded.config.home).toBe(join(home, 'rel-home'));
    expect(loaded.sourceOf('home')).toEqual({ kind: 'option', option: '--home' });
  });

  it('makes relative SQLite URLs absolute against whatever set them', () => {
    writeFileSync(join(home, 'config.yaml'), 'database:\n  url: sqlite://./data/file.db\n');
    expect(loadConfig({ env: { MARK1_HOME: home } }).config.database.url).toBe(
      `sqlite://${join(home, 'data/file.db')}`,
    );
    const fromEnv = loadConfig({
      env: { MARK1_HOME: home, MARK1_DATABASE_URL: 'sqlite:///./x.db' },
      cwd: '/srv',
    });
    expect(fromEnv.config.database.url).toBe('sqlite:///srv/x.db');
  });

  it('hides secrets and database passwords from display', () => {
    const loaded = loadConfig({
      env: {
        MARK1_HOME: home,
        MARK1_SECRET_KEY: 'super-secret-value',
        MARK1_DATABASE_URL: 'postgres://mark1:hunter2@db.local:5432/mark1',
      },
    });
    const secret = loaded.entries.find((e) => e.key === 'secret_key')!;
    expect(secret.display).not.toContain('super-secret-value');
    expect(secret.value).toBeUndefined();
    expect(loaded.config.secretKey).toBe('super-secret-value');
    const url = loaded.entries.find((e) => e.key === 'database.url')!;
    expect(url.display).toBe('postgres://mark1:****@db.local:5432/mark1');
    expect(JSON.stringify(loaded.entries)).not.toContain('hunter2');
    expect(JSON.stringify(loaded.entries)).not.toContain('super-secret-value');
  });

  it('names the key, the source and the fix for a bad environment value', () => {
    const error = errorOf(() =>
      loadConfig({ env: { MARK1_HOME: home, MARK1_PLUGIN_TIMEOUT: 'soon' } }),
    );
    expect(error.code).toBe(StorageErrorCodes.CONFIG_INVALID);
    expect(error.message).toContain('plugins.timeout');
    expect(error.message).toContain('MARK1_PLUGIN_TIMEOUT');
    expect(error.message).toContain('"soon"');
    expect(error.message).toMatch(/Change or unset/);
  });

  it('names the file and key for a bad file value, without echoing secrets', () => {
    writeFileSync(join(home, 'config.yaml'), 'sandbox: sometimes\n');
    const error = errorOf(() => loadConfig({ env: { MARK1_HOME: home } }));
    expect(error.code).toBe(StorageErrorCodes.CONFIG_INVALID);
    expect(error.message).toContain(join(home, 'config.yaml'));
    expect(error.message).toContain('required, preferred, off');
    writeFileSync(join(home, 'config.yaml'), 'secret_key: 12\n');
    expect(errorOf(() => loadConfig({ env: { MARK1_HOME: home } })).message).not.toContain('12"');
  });

  it('reports broken YAML with its line', () => {
    writeFileSync(join(home, 'config.yaml'), 'database:\n  url: [unclosed\n');
    const error = errorOf(() => loadConfig({ env: { MARK1_HOME: home } }));
    expect(error.code).toBe(StorageErrorCodes.CONFIG_PARSE_ERROR);
    expect(error.message).toMatch(/line \d+/);
  });

  it('warns about unknown keys and accepts the seed spelling ollama.default_model', () => {
    writeFileSync(
      join(home, 'config.yaml'),
      'ollama:\n  default_model: mistral\nplugins:\n  auto_install: true\nhome: /x\n',
    );
    const loaded = loadConfig({ env: { MARK1_HOME: home } });
    expect(loaded.config.ollama.model).toBe('mistral');
    expect(loaded.warnings.join('\n')).toContain('plugins.auto_install');
    expect(loaded.warnings.join('\n')).toContain('"home"');
  });

  it('reads booleans, numbers and durations from environment text', () => {
    const loaded = loadConfig({
      env: {
        MARK1_HOME: home,
        MARK1_METRICS_ENABLED: 'on',
        MARK1_METRICS_PORT: '9100',
        MARK1_CONTEXT_TTL: '1h',
        MARK1_LOG_LEVEL: 'WARNING',
        MARK1_SANDBOX: 'Required',
      },
    });
    expect(loaded.config.monitoring).toEqual({
      metricsEnabled: true,
      metricsPort: 9100,
      logLevel: 'warn',
    });
    expect(loaded.config.context.ttl).toBe(3600);
    expect(loaded.config.sandbox).toBe('required');
    expect(
      errorOf(() => loadConfig({ env: { MARK1_HOME: home, MARK1_METRICS_PORT: '70000' } })).message,
    ).toContain('1 to 65535');
  });

  it('reads the config template back as exactly the defaults', () => {
    writeFileSync(join(home, 'config.yaml'), renderConfigTemplate(home));
    const loaded = loadConfig({ env: { MARK1_HOME: home } });
    expect(loaded.warnings).toEqual([]);
    expect(
      loaded.entries.filter((e) => e.key !== 'home').every((e) => e.source.kind === 'default'),
    ).toBe(true);
    const template = renderConfigTemplate(home);
    expect(template).toContain('# timeout: 300');
    expect(template).toContain('MARK1_DATABASE_URL');
  });
});
