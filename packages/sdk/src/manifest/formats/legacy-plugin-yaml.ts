import { toKebabCase, toPluginName } from '../names';
import {
  cliEntryPoint,
  dataTypeFrom,
  defined,
  list,
  type Normalized,
  pythonEntryPoint,
  record,
  text,
} from './shared';

/**
 * Seed 000's `plugin.yaml`: flat `name`/`version`, `plugin_type`, `execution_mode`, capabilities
 * with `input_types`/`output_types`/`parameters`, and a separate `entry_points` list.
 */
export function fromLegacyPluginYaml(data: Record<string, unknown>): Normalized {
  const notes: string[] = [];
  const executionMode = text(data.execution_mode) ?? '';
  const pluginType = text(data.plugin_type) ?? '';
  const entryPoints = new Map<string, Record<string, unknown>>();
  for (const entry of list(data.entry_points).map(record)) {
    const capability = text(entry.capability);
    if (capability) entryPoints.set(capability, entry);
  }
  const capabilities = list(data.capabilities)
    .map(record)
    .map((capability, index) => {
      const original = text(capability.name) ?? `capability-${index + 1}`;
      const name = toKebabCase(original);
      if (name !== original) notes.push(`capability "${original}" renamed "${name}" (kebab-case)`);
      const inputTypes = list(capability.input_types);
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      if (inputTypes.length > 0) {
        properties.input_data = {
          type: 'string',
          data_type: dataTypeFrom(inputTypes[0], notes, `${original}.input_types`),
          description: `The data to process (${inputTypes.map(String).join(' or ')})`,
        };
        required.push('input_data');
      }
      for (const [parameter, spec] of Object.entries(record(capability.parameters))) {
        const { required: isRequired, ...schema } = record(spec);
        properties[parameter] = schema;
        if (isRequired === true) required.push(parameter);
      }
      const outputTypes = list(capability.output_types);
      const entry = entryPoints.get(original) ?? entryPoints.get(name) ?? {};
      const fn = text(entry.function);
      const command = text(entry.command);
      let entryPoint: Record<string, unknown>;
      if (fn) entryPoint = pythonEntryPoint(fn);
      else if (command) entryPoint = cliEntryPoint(command, Object.keys(properties));
      else {
        entryPoint = pythonEntryPoint(`main:${original}`);
        notes.push(
          `capability "${original}" has no entry point; assumed the function main:${original}`,
        );
      }
      if (
        executionMode &&
        executionMode !== 'python_function' &&
        entryPoint.type === 'python_function'
      ) {
        notes.push(`execution_mode "${executionMode}" read as python_function for "${original}"`);
      }
      return defined({
        name,
        description: text(capability.description) ?? '',
        inputs: { type: 'object', properties, required },
        outputs: outputTypes.length
          ? { result: { type: dataTypeFrom(outputTypes[0], notes, `${original}.output_types`) } }
          : {},
        entry_point: entryPoint,
      });
    });
  const runtime = /node|javascript|typescript/.test(pluginType) ? 'node' : 'python';
  return {
    manifest: {
      schema_version: '1.0',
      plugin: defined({
        name: toPluginName(text(data.name) ?? 'plugin'),
        version: text(data.version),
        description: text(data.description),
        author: text(data.author),
        runtime,
      }),
      capabilities,
      dependencies: { packages: list(data.dependencies).map(dependencyString) },
      metadata: defined({
        plugin_type: pluginType || undefined,
        execution_mode: executionMode || undefined,
      }),
    },
    notes,
  };
}

function dependencyString(dependency: unknown): string {
  if (typeof dependency === 'string') return dependency;
  const spec = record(dependency);
  return `${text(spec.name) ?? ''}${text(spec.version) ?? ''}`;
}
