import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prompter } from '../src/index';
import { loadConfig } from '@mark1/storage';
import { copyFixture } from './support/git';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
let source: string;
beforeAll(async () => {
  harness = await createHarness();
  source = copyFixture('needs-config', join(harness.work, 'needs-config'));
});
afterAll(() => harness?.close());

describe('configuration and secrets', () => {
  it('without a terminal, a missing required value fails the install and lists every missing name', async () => {
    const error = await harness.registry
      .install(source, { env: ['SERVICE_LABEL=x'] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'CONFIGURATION_MISSING',
      details: { missing: ['SERVICE_TOKEN', 'SERVICE_REGION'] },
    });
    expect((error as Error).message).toMatch(/SERVICE_TOKEN \(secret\).*\n.*SERVICE_REGION/);
    expect(await harness.rows()).toEqual({ plugins: 0, versions: 0, capabilities: 0, secrets: 0 });
    expect(harness.leftovers()).toEqual([]);
    expect(existsSync(join(harness.home, 'secret.key'))).toBe(false);
  });

  it('stores values encrypted with a 0600 keyfile, and gives the plugin its secrets and variables', async () => {
    const result = await harness.registry.install(source, {
      env: ['SERVICE_TOKEN=tok-123-very-secret', 'SERVICE_REGION=eu-west'],
    });
    expect(result.configuration).toMatchObject({
      names: ['SERVICE_TOKEN', 'SERVICE_REGION'],
      secrets: ['SERVICE_TOKEN'],
      unsetOptional: ['SERVICE_LABEL'],
    });
    expect(statSync(join(harness.home, 'secret.key')).mode & 0o777).toBe(0o600);
    const stored = await harness.storage.executeReadOnly(
      'SELECT name, ciphertext, iv, auth_tag FROM secrets ORDER BY name',
    );
    expect(stored.rows.map((row) => row.name)).toEqual(['SERVICE_REGION', 'SERVICE_TOKEN']);
    const raw = JSON.stringify(stored.rows);
    expect(raw).not.toContain('tok-123');
    expect(raw).not.toContain(Buffer.from('tok-123-very-secret').toString('base64'));
    expect(raw).not.toContain('eu-west');
    const resolved = await harness.registry.resolver().resolve('needs-config');
    expect(resolved.environment.secrets).toEqual({ SERVICE_TOKEN: 'tok-123-very-secret' });
    expect(resolved.environment.variables).toEqual({
      SERVICE_REGION: 'eu-west',
      SERVICE_MODE: 'fast',
    });
  });

  it('never shows a secret in plugin info', async () => {
    const info = await harness.registry.info('needs-config');
    expect(JSON.stringify(info)).not.toContain('tok-123');
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_TOKEN')).toMatchObject({
      secret: true,
      set: true,
    });
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_TOKEN')).not.toHaveProperty(
      'value',
    );
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_REGION')).toMatchObject({
      value: 'eu-west',
    });
    expect(info.configuration.find((entry) => entry.name === 'SERVICE_LABEL')).toMatchObject({
      set: false,
      required: false,
    });
  });

  it('gives each plugin only its own secrets; a row moved to another plugin does not decrypt', async () => {
    await harness.registry.install(source, {
      name: 'other-service',
      env: ['SERVICE_TOKEN=other-token', 'SERVICE_REGION=us'],
    });
    expect(
      (await harness.registry.resolver().resolve('other-service')).environment.secrets,
    ).toEqual({ SERVICE_TOKEN: 'other-token' });
    expect((await harness.registry.resolver().resolve('needs-config')).environment.secrets).toEqual(
      { SERVICE_TOKEN: 'tok-123-very-secret' },
    );
    const first = (await harness.storage.plugins.getByName('needs-config'))!;
    const other = (await harness.storage.plugins.getByName('other-service'))!;
    const row = (await harness.storage.secrets.get(first.pluginId, 'SERVICE_TOKEN'))!;
    await harness.storage.secrets.set(other.pluginId, 'SERVICE_TOKEN', {
      ciphertext: row.ciphertext,
      iv: row.iv,
      authTag: row.authTag,
    });
    await expect(harness.registry.resolver().resolve('other-service')).rejects.toMatchObject({
      code: 'SECRET_DECRYPT_FAILED',
    });
    await harness.registry.uninstall('other-service');
  });

  it('keeps stored values on update, and replaces the ones given with --env', async () => {
    const unchanged = await harness.registry.update('needs-config');
    expect(unchanged.status).toBe('up-to-date');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(
      join(source, 'mark1.plugin.yml'),
      readFileSync(join(source, 'mark1.plugin.yml'), 'utf8').replace(
        'version: 1.0.0',
        'version: 1.1.0',
      ),
    );
    const updated = await harness.registry.update('needs-config', {
      env: ['SERVICE_REGION=ap-south'],
    });
    expect(updated).toMatchObject({
      status: 'updated',
      version: '1.1.0',
      configuration: { names: ['SERVICE_REGION'] },
    });
    const resolved = await harness.registry.resolver().resolve('needs-config');
    expect(resolved.environment.secrets).toEqual({ SERVICE_TOKEN: 'tok-123-very-secret' });
    expect(resolved.environment.variables.SERVICE_REGION).toBe('ap-south');
  });

  it('with another key, says the values cannot be decrypted and how to fix it', async () => {
    const config = loadConfig({
      env: { MARK1_HOME: harness.home, MARK1_SECRET_KEY: 'a different passphrase' },
      cwd: harness.work,
    }).config;
    const registry = harness.reopen({ config });
    await expect(registry.resolver().resolve('needs-config')).rejects.toMatchObject({
      code: 'SECRET_DECRYPT_FAILED',
      message: expect.stringMatching(/another key .*Restore the original key/),
    });
    const [health] = await registry.healthCheck('needs-config');
    expect(health).toMatchObject({ status: 'error' });
    expect((await registry.info('needs-config')).problems.join()).toMatch(/cannot be decrypted/);
  });

  it('asks for missing values on a terminal, secrets without echo', async () => {
    const asked: string[] = [];
    const prompter: Prompter = {
      interactive: true,
      ask: async (question) => (
        asked.push(`ask:${question.name}`),
        question.required ? 'prompted-region' : ''
      ),
      askSecret: async (question) => (asked.push(`secret:${question.name}`), 'prompted-token'),
      confirm: async () => true,
    };
    await harness.registry.install(source, { name: 'prompted', prompter });
    expect(asked).toEqual(['secret:SERVICE_TOKEN', 'ask:SERVICE_REGION', 'ask:SERVICE_LABEL']);
    expect((await harness.registry.resolver().resolve('prompted')).environment.secrets).toEqual({
      SERVICE_TOKEN: 'prompted-token',
    });
  });
});
