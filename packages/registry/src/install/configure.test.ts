import { PluginManifestSchema } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../prompts/prompter';
import { nonInteractivePrompter } from '../prompts/prompter';
import { collectConfiguration, parseEnvAssignments } from './configure';

const manifest = PluginManifestSchema.parse({
  schema_version: '1.0',
  plugin: { name: 'configured' },
  capabilities: [{ name: 'run', entry_point: { type: 'cli', command: ['true'] } }],
  environment: [
    { name: 'TOKEN', secret: true, description: 'the API token' },
    { name: 'REGION' },
    { name: 'MODE', required: false, default: 'fast' },
    { name: 'LABEL', required: false },
  ],
});

describe('parseEnvAssignments', () => {
  it('reads KEY=VALUE and KEY from the environment', () => {
    expect(parseEnvAssignments(['A=1', 'B=x=y', 'C='], {})).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(parseEnvAssignments(['HOME_TOKEN'], { HOME_TOKEN: 'from-env' })).toEqual({
      HOME_TOKEN: 'from-env',
    });
  });

  it('names the bad entry', () => {
    expect(() => parseEnvAssignments(['1BAD=x'], {})).toThrow(/--env 1BAD=x/);
    expect(() => parseEnvAssignments(['UNSET'], {})).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_INVALID',
        message: expect.stringMatching(/UNSET is not set/),
      }),
    );
  });
});

describe('collectConfiguration', () => {
  it('without a terminal, fails listing every missing required value at once', async () => {
    const error = await collectConfiguration(manifest, {
      given: {},
      prompter: nonInteractivePrompter,
      plugin: 'configured',
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'CONFIGURATION_MISSING',
      details: { missing: ['TOKEN', 'REGION'] },
    });
    expect((error as Error).message).toMatch(/TOKEN \(secret\) – the API token/);
    expect((error as Error).message).toMatch(/--env NAME=value/);
  });

  it('uses given values, keeps stored ones, leaves defaults, and reports undeclared names', async () => {
    const result = await collectConfiguration(manifest, {
      given: { REGION: 'eu', EXTRA: '1' },
      stored: new Set(['TOKEN']),
      prompter: nonInteractivePrompter,
      plugin: 'configured',
    });
    expect(result.values).toEqual({ REGION: 'eu', EXTRA: '1' });
    expect(result.defaults).toEqual(['MODE']);
    expect(result.unsetOptional).toEqual(['LABEL']);
    expect(result.undeclared).toEqual(['EXTRA']);
  });

  it('asks on a terminal, secrets through askSecret', async () => {
    const asked: string[] = [];
    const prompter: Prompter = {
      interactive: true,
      ask: async (question) => (
        asked.push(`ask ${question.name}`),
        question.name === 'LABEL' ? '' : 'eu'
      ),
      askSecret: async (question) => (asked.push(`secret ${question.name}`), 'tok'),
      confirm: async () => true,
    };
    const result = await collectConfiguration(manifest, {
      given: {},
      prompter,
      plugin: 'configured',
    });
    expect(asked).toEqual(['secret TOKEN', 'ask REGION', 'ask LABEL']);
    expect(result.values).toEqual({ TOKEN: 'tok', REGION: 'eu' });
    expect(result.secrets).toEqual(['TOKEN']);
    expect(result.unsetOptional).toEqual(['LABEL']);
  });
});
