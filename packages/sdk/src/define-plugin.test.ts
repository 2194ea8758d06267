import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCapability, definePlugin, isDefinedPlugin } from './define-plugin';
import { readManifest } from './manifest/read-manifest';

const wordCount = defineCapability({
  name: 'word-count',
  description: 'Counts words',
  inputs: z.object({
    text: z.string().min(1).describe('The text to count'),
    unique: z.boolean().default(false),
    file: z.string().meta({ data_type: 'csv', format: 'path' }).optional(),
  }),
  outputs: { count: 'json' },
  example: { inputs: { text: 'a b a' }, expect: { count: 3 } },
  run: ({ text, unique }) => {
    const words = text.split(/\s+/).filter(Boolean);
    return { count: unique ? new Set(words).size : words.length };
  },
});

const plugin = definePlugin({
  name: 'text-tools',
  version: '1.0.0',
  description: 'Text helpers',
  capabilities: [wordCount],
  environment: [{ name: 'TOKEN', secret: true }],
});

describe('definePlugin', () => {
  it('generates the manifest from the zod schema', () => {
    const capability = plugin.manifest.capabilities[0]!;
    expect(capability.inputs).toEqual({
      type: 'object',
      properties: {
        text: { type: 'string', minLength: 1, description: 'The text to count' },
        unique: { type: 'boolean', default: false },
        file: { type: 'string', data_type: 'csv', format: 'path' },
      },
      required: ['text'],
    });
    expect(capability.entry_point).toEqual({
      type: 'node_function',
      module: './dist/index.js',
      function: 'default',
    });
    expect(plugin.manifest.plugin.runtime).toBe('node');
    expect(plugin.manifest.environment[0]).toEqual({ name: 'TOKEN', required: true, secret: true });
  });

  it('states integer bounds only when the author set them', () => {
    const { inputs } = definePlugin({
      name: 'numbers',
      version: '1.0.0',
      capabilities: [
        defineCapability({
          name: 'pick',
          inputs: z.object({ any: z.number().int(), top: z.number().int().min(1).max(50) }),
          run: () => ({}),
        }),
      ],
    }).manifest.capabilities[0]!;
    expect(inputs.properties).toEqual({
      any: { type: 'integer' },
      top: { type: 'integer', minimum: 1, maximum: 50 },
    });
  });

  it('runs capabilities with validated, defaulted inputs', async () => {
    await expect(plugin.invoke('word-count', { text: 'a b a' })).resolves.toEqual({ count: 3 });
    await expect(plugin.invoke('word-count', { text: 'a b a', unique: true })).resolves.toEqual({
      count: 2,
    });
    await expect(plugin.invoke('word-count', { text: '' })).rejects.toThrow(
      /Inputs of "word-count" are not valid: text:/,
    );
    await expect(plugin.invoke('nope', {})).rejects.toThrow('has no capability "nope"');
  });

  it('writes YAML that reads back as the same manifest', () => {
    const again = readManifest(plugin.toYaml(), { filename: 'mark1.plugin.yml' });
    expect(again.manifest).toEqual(plugin.manifest);
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(isDefinedPlugin({ manifest: {} })).toBe(false);
  });
});
