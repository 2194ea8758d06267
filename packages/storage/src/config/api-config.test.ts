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
  home = mkdtempSync(join(tmpdir(), 'mark1-api-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (Mark1Error.isInstance(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an error');
}

describe('the api section of the configuration', () => {
  it('defaults to loopback, port 8080, no allowed folders and no JWT key', () => {
    const { config } = loadConfig({ env: { MARK1_HOME: home } });
    expect(config.api).toEqual({
      host: '127.0.0.1',
      port: 8080,
      allowedRoots: [],
      jwtSecret: undefined,
      jwtPublicKey: undefined,
      jwtIssuer: undefined,
      jwtAudience: undefined,
      rateLimit: 600,
      bodyLimit: 1024 * 1024,
      uploadLimit: 100 * 1024 * 1024,
      shutdownGrace: 30,
    });
  });

  it('reads folders from the environment split on ":" and from a YAML list, expanding ~', () => {
    const fromEnv = loadConfig({
      env: { MARK1_HOME: home, MARK1_API_ALLOWED_ROOTS: '/srv/repos: /data/in ' },
    });
    expect(fromEnv.config.api.allowedRoots).toEqual(['/srv/repos', '/data/in']);
    writeFileSync(
      join(home, 'config.yaml'),
      'api:\n  allowed_roots: [~/work, /tmp/x/../y]\n  body_limit: 256KB\n  shutdown_grace: 2m\n',
    );
    const fromFile = loadConfig({ env: { MARK1_HOME: home } }).config.api;
    expect(fromFile.allowedRoots).toEqual([join(homedir(), 'work'), '/tmp/y']);
    expect(fromFile.bodyLimit).toBe(256 * 1024);
    expect(fromFile.shutdownGrace).toBe(120);
  });

  it('refuses relative folders, short JWT secrets and bad ports, naming the variable', () => {
    expect(
      codeOf(() => loadConfig({ env: { MARK1_HOME: home, MARK1_API_ALLOWED_ROOTS: 'repos' } })),
    ).toMatch(new RegExp(`^${StorageErrorCodes.CONFIG_INVALID}: .*MARK1_API_ALLOWED_ROOTS`));
    expect(
      codeOf(() => loadConfig({ env: { MARK1_HOME: home, MARK1_API_JWT_SECRET: 'short' } })),
    ).toMatch(/MARK1_API_JWT_SECRET/);
    expect(
      codeOf(() => loadConfig({ env: { MARK1_HOME: home, MARK1_API_PORT: '70000' } })),
    ).toMatch(/MARK1_API_PORT/);
  });

  it('keeps the JWT secret out of what config show displays', () => {
    const secret = 'x'.repeat(40);
    const loaded = loadConfig({ env: { MARK1_HOME: home, MARK1_API_JWT_SECRET: secret } });
    expect(loaded.config.api.jwtSecret).toBe(secret);
    expect(JSON.stringify(loaded.entries)).not.toContain(secret);
  });

  it('lists the api keys in a fresh config.yaml that loads back to the defaults', () => {
    const template = renderConfigTemplate(home);
    expect(template).toContain('api:\n');
    expect(template).toContain('# rate_limit: 600');
    writeFileSync(join(home, 'config.yaml'), template);
    expect(loadConfig({ env: { MARK1_HOME: home } }).config.api.port).toBe(8080);
  });
});
