import { createCatalog } from '../src/catalog';
import { PluginManifestSchema } from '../src/manifest/schema';

/** A small catalog of plugins used by the validator tests. */
export const fixtureCatalog = createCatalog([
  PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: { name: 'csv-tools', version: '1.2.0', runtime: 'python' },
    capabilities: [
      {
        name: 'extract-data',
        inputs: { file: { type: 'string', format: 'path', data_type: 'csv', required: true } },
        outputs: { rows: 'json', table: 'csv' },
        entry_point: { type: 'python_function', module: 'tools', function: 'extract' },
      },
      {
        name: 'csv-stats',
        inputs: {
          data: { type: 'string', data_type: 'csv', required: true },
          columns: { type: 'array', items: { type: 'string' } },
        },
        outputs: { stats: 'json' },
        entry_point: { type: 'python_function', module: 'tools', function: 'stats' },
      },
    ],
  }),
  PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: { name: 'text-sentiment', version: '1.0.0', runtime: 'python' },
    capabilities: [
      {
        name: 'analyze-sentiment',
        inputs: {
          type: 'object',
          properties: {
            text: { type: 'string', description: 'the text to analyze' },
            language: { type: 'string', enum: ['en', 'fr'], default: 'en' },
          },
          required: ['text'],
        },
        outputs: { sentiment: 'json', label: 'text' },
        entry_point: { type: 'cli', command: ['python3', 'main.py'], args: ['${inputs.text}'] },
      },
    ],
  }),
  PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: { name: 'images', version: '0.3.0', runtime: 'node' },
    capabilities: [
      {
        name: 'resize',
        inputs: {
          image: { type: 'string', data_type: 'image', required: true },
          width: { type: 'integer', required: true },
        },
        outputs: { image: 'image' },
        entry_point: { type: 'node_function', module: './index.js', function: 'resize' },
      },
    ],
  }),
  PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: { name: 'report-builder', version: '2.0.0', runtime: 'node' },
    capabilities: [
      {
        name: 'build-report',
        inputs: {
          title: { type: 'string', required: true },
          sections: { type: 'array', items: { type: 'string', data_type: 'json' } },
          body: { type: 'string', data_type: 'markdown' },
        },
        outputs: { report: 'markdown', path: 'file' },
        entry_point: { type: 'node_function', module: './index.js', function: 'build' },
      },
    ],
  }),
]);
