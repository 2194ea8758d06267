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

function typedInputs(types: unknown[], notes: string[], where: string): Record<string, unknown> {
  if (types.length === 0) return { type: 'object', properties: {}, required: [] };
  const first = types[0];
  const spec = record(first);
  const typeName = typeof first === 'string' ? first : (text(spec.type) ?? 'file');
  return {
    type: 'object',
    properties: {
      input: {
        type: 'string',
        data_type: dataTypeFrom(typeName, notes, where),
        description: `The input (${types.map((type) => (typeof type === 'string' ? type : (text(record(type).type) ?? 'value'))).join(' or ')})`,
      },
    },
    required: ['input'],
  };
}

function typedOutputs(types: unknown[], notes: string[], where: string): Record<string, unknown> {
  if (types.length === 0) return {};
  const first = types[0];
  const typeName = typeof first === 'string' ? first : (text(record(first).type) ?? 'json');
  return { result: { type: dataTypeFrom(typeName, notes, where) } };
}

function entryPointFrom(
  entry: Record<string, unknown>,
  inputNames: string[],
  notes: string[],
  name: string,
) {
  const type = text(entry.type);
  if (type === 'python_function' || (!type && text(entry.function) && text(entry.module))) {
    return pythonEntryPoint(`${text(entry.module) ?? 'main'}:${text(entry.function) ?? 'main'}`);
  }
  if (type === 'node_function') {
    return {
      type: 'node_function',
      module: text(entry.module) ?? './index.js',
      function: text(entry.function) ?? 'default',
    };
  }
  const command =
    text(entry.command) ?? (text(entry.script) ? `python3 ${text(entry.script)}` : undefined);
  if (command) return cliEntryPoint(command, inputNames);
  notes.push(`capability "${name}" has no usable entry point; write one in mark1.plugin.yml`);
  return { type: 'cli', command: ['false'], args: [] };
}

/**
 * Older `mark1.plugin.yml` layouts from seed 002: §8.1 (capabilities with lists of input/output
 * types and a separate `entry_points` list, `configuration`) and §5.1 (flat `name`, entry points
 * that are scripts listing their capabilities, `execution`).
 */
export function fromMark1Legacy(data: Record<string, unknown>): Normalized {
  const notes: string[] = [];
  const plugin = record(data.plugin);
  const configuration = record(data.configuration);
  const execution = record(data.execution);
  const entries = list(data.entry_points).map(record);
  let capabilities: Record<string, unknown>[];

  if (list(data.capabilities).length > 0) {
    const byCapability = new Map(entries.map((entry) => [text(entry.capability) ?? '', entry]));
    capabilities = list(data.capabilities)
      .map(record)
      .map((capability, index) => {
        const original = text(capability.name) ?? `capability-${index + 1}`;
        const inputs = Array.isArray(capability.inputs)
          ? typedInputs(capability.inputs, notes, `${original}.inputs`)
          : (capability.inputs ?? {});
        const inputNames = Object.keys(record(record(inputs).properties));
        const entry =
          capability.entry_point !== undefined
            ? record(capability.entry_point)
            : (byCapability.get(original) ?? byCapability.get(toKebabCase(original)) ?? {});
        return defined({
          ...capability,
          name: toKebabCase(original),
          inputs,
          outputs: Array.isArray(capability.outputs)
            ? typedOutputs(capability.outputs, notes, `${original}.outputs`)
            : capability.outputs,
          entry_point:
            capability.entry_point !== undefined && text(record(capability.entry_point).type)
              ? capability.entry_point
              : entryPointFrom(entry, inputNames, notes, original),
        });
      });
  } else {
    capabilities = entries.map((entry, index) => {
      const original = text(entry.command) ?? `command-${index + 1}`;
      const inputs = typedInputs(list(data.inputs), notes, 'inputs');
      const script = text(entry.script);
      const described = list(entry.capabilities).map(String);
      return {
        name: toKebabCase(original),
        description: described.length ? `Provides ${described.join(', ')}` : '',
        tags: described,
        inputs,
        outputs: typedOutputs(list(data.outputs), notes, 'outputs'),
        entry_point: cliEntryPoint(
          script ? `python3 ${script}` : original,
          Object.keys(record(inputs.properties)),
        ),
      };
    });
  }

  const dependencies = record(data.dependencies);
  const packages = Array.isArray(data.dependencies)
    ? data.dependencies
    : list(dependencies.packages);
  const envNames = list(configuration.environment_variables);
  const timeout = configuration.timeout ?? execution.timeout;
  const sandbox = configuration.sandbox;
  return {
    manifest: defined({
      schema_version: '1.0',
      plugin: defined({
        name: toPluginName(text(plugin.name) ?? text(data.name) ?? 'plugin'),
        version: text(plugin.version) ?? text(data.version),
        description: text(plugin.description) ?? text(data.description),
        author: text(plugin.author),
        license: text(plugin.license),
        runtime: 'python',
      }),
      capabilities,
      dependencies: defined({ python: text(dependencies.python), packages: packages.map(String) }),
      permissions: defined({
        timeout: typeof timeout === 'number' || typeof timeout === 'string' ? timeout : undefined,
        max_memory: text(configuration.max_memory),
        sandbox: typeof sandbox === 'boolean' ? sandbox : undefined,
      }),
      environment: envNames.map((name) => ({ name: String(name), required: false })),
      metadata: text(data.type) ? { type: text(data.type) } : undefined,
    }),
    notes,
  };
}
