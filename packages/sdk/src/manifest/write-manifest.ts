import { stringify } from 'yaml';
import { type PluginManifest, PluginManifestSchema, type PluginManifestInput } from './schema';

function prune(
  value: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).filter(([key, item]) => {
      if (item === undefined) return false;
      if (
        Array.isArray(item) &&
        item.length === 0 &&
        !(key in defaults && defaults[key] !== undefined)
      )
        return false;
      return !(key in defaults) || JSON.stringify(defaults[key]) !== JSON.stringify(item);
    }),
  );
}

function compactCapability(
  capability: PluginManifest['capabilities'][number],
): Record<string, unknown> {
  const entry = prune(capability.entry_point as Record<string, unknown>, {
    args: [],
    stdout: 'auto',
    response: 'auto',
    function: capability.entry_point.type === 'node_function' ? 'default' : undefined,
  });
  return prune(
    {
      name: capability.name,
      description: capability.description,
      tags: capability.tags,
      inputs: capability.inputs,
      outputs: capability.outputs,
      entry_point: entry,
      timeout: capability.timeout,
      example: capability.example,
    },
    { description: '', tags: [], outputs: {} },
  );
}

/**
 * Writes a manifest as `mark1.plugin.yml` text: normalized, in a stable key order, with default
 * values left out so the file stays short. Reading it back gives the same manifest.
 */
export function writeManifest(
  manifest: PluginManifest | PluginManifestInput,
  header?: string,
): string {
  const normalized = PluginManifestSchema.parse(manifest);
  const document = prune(
    {
      schema_version: normalized.schema_version,
      plugin: prune(normalized.plugin, { version: undefined, description: '', tags: [] }),
      capabilities: normalized.capabilities.map(compactCapability),
      dependencies: prune(normalized.dependencies, {}),
      permissions: prune(normalized.permissions, {
        network: false,
        filesystem: 'none',
        sandbox: true,
        in_process: false,
      }),
      environment: normalized.environment.map((variable) =>
        prune(variable, { required: true, secret: false }),
      ),
      metadata: normalized.metadata,
    },
    { dependencies: {}, permissions: {}, environment: [] },
  );
  const comment = (
    header ??
    'Mark-1 plugin manifest (schema 1.0); JSON Schema: @mark1/sdk/schemas/mark1.plugin.schema.json'
  )
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n');
  return `${comment}\n${stringify(document, { lineWidth: 100, aliasDuplicateObjects: false })}`;
}
