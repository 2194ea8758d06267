import { toKebabCase, toPluginName } from '../names';
import { defined, list, type Normalized, record, text } from './shared';

/**
 * Seed 003's `manifest.json`: one entry point file per plugin with an `execute(input_data)`
 * function, `config` parameters, string permissions (`network`, `file_system`, ...).
 */
export function fromManifestJson(data: Record<string, unknown>): Normalized {
  const notes: string[] = [];
  const name = toPluginName(text(data.name) ?? 'plugin');
  const language = (text(data.language) ?? 'python').toLowerCase();
  const entryFile = text(data.entry_point) ?? (language === 'r' ? `${name}.R` : `${name}.py`);
  const extensionPoints = list(data.extension_points).map(String);
  const capabilityName = toKebabCase(extensionPoints[0] ?? text(data.category) ?? 'execute');
  const properties: Record<string, unknown> = {
    input_data: { type: 'object', data_type: 'json', description: 'The data to process' },
  };
  for (const [parameter, spec] of Object.entries(record(data.config))) {
    properties[parameter] = record(spec);
  }
  let entryPoint: Record<string, unknown>;
  let runtime: string;
  if (language === 'r') {
    runtime = 'binary';
    entryPoint = { type: 'cli', command: ['Rscript', entryFile], args: [], stdout: 'json' };
    notes.push(
      'R plugins run as `Rscript <entry_point>` reading MARK1_INPUT; Mark-1 installs no R packages',
    );
  } else {
    runtime = 'python';
    entryPoint = {
      type: 'python_function',
      module: entryFile.replace(/\.py$/, '').replaceAll('/', '.'),
      function: 'execute',
    };
  }
  const permissions = list(data.permissions).map(String);
  return {
    manifest: {
      schema_version: '1.0',
      plugin: defined({
        name,
        version: text(data.version),
        description: text(data.description),
        author: text(data.author),
        tags: list(data.tags).map(String),
        runtime,
      }),
      capabilities: [
        {
          name: capabilityName,
          description: text(data.description) ?? '',
          tags: [...list(data.tags).map(String), ...extensionPoints],
          inputs: { type: 'object', properties, required: ['input_data'] },
          outputs: { data: { type: 'json', description: 'The `data` part of the plugin result' } },
          entry_point: entryPoint,
        },
      ],
      dependencies: { packages: list(data.dependencies).map(String) },
      permissions: {
        network: permissions.includes('network'),
        filesystem: permissions.includes('file_system') ? 'read-write' : 'none',
      },
      metadata: defined({
        author_email: text(data.author_email),
        category: text(data.category),
        extension_points: extensionPoints.length ? extensionPoints : undefined,
        min_platform_version: text(data.min_platform_version),
        permissions,
      }),
    },
    notes,
  };
}
