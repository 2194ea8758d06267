import { z } from 'zod';
import type { DataType } from './data-types';
import { Mark1Error, SdkErrorCodes } from './errors';
import type { EntryPointInput } from './manifest/entry-points';
import type { CapabilityInputs } from './manifest/json-schema';
import {
  type CapabilityInput,
  type PluginManifest,
  type PluginManifestInput,
  PluginManifestSchema,
} from './manifest/schema';
import { writeManifest } from './manifest/write-manifest';

const PLUGIN_BRAND = Symbol.for('mark1.plugin');

/** A capability output as an author writes it: a data type, or a data type with a description. */
export type OutputDeclaration = DataType | { type: DataType; description?: string };

/** Options of {@link defineCapability}. */
export interface DefineCapabilityOptions<Inputs extends z.ZodObject, Result> {
  /** Kebab-case name, e.g. `analyze-sentiment`. */
  name: string;
  description?: string;
  tags?: string[];
  /** The inputs as a zod object; `.describe()` gives descriptions, `.meta({ data_type })` data types. */
  inputs: Inputs;
  /** The named outputs the handler returns. */
  outputs?: Record<string, OutputDeclaration>;
  /** How Mark-1 calls it; by default the plugin module's default export, dispatched by name. */
  entry_point?: EntryPointInput;
  /** Timeout of one call: seconds or a string such as `30s`. */
  timeout?: number | string;
  /** An example call, run by `mark1 plugin test`. */
  example?: { inputs: z.input<Inputs>; expect?: Record<string, unknown>; description?: string };
  /** The implementation. Receives validated inputs with defaults applied. */
  run: (inputs: z.output<Inputs>) => Result | Promise<Result>;
}

/** A capability defined in TypeScript: its manifest entry plus a typed, validating handler. */
export interface DefinedCapability<Inputs extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** The name, as in the manifest. */
  readonly name: string;
  /** The options it was defined with (its entry point is settled by {@link definePlugin}). */
  readonly options: DefineCapabilityOptions<Inputs, Result>;
  /** The inputs schema. */
  readonly inputs: Inputs;
  /** Validates `inputs` (throwing `INVALID_ARGUMENT` with every problem), then runs the handler. */
  run(inputs: unknown): Promise<Result>;
}

/**
 * Defines one capability of a TypeScript plugin: inputs are typed from a zod schema and validated
 * before the handler runs; the manifest entry is generated from the same schema.
 */
export function defineCapability<Inputs extends z.ZodObject, Result>(
  options: DefineCapabilityOptions<Inputs, Result>,
): DefinedCapability<Inputs, Result> {
  return {
    name: options.name,
    options,
    inputs: options.inputs,
    async run(inputs) {
      const parsed = options.inputs.safeParse(inputs);
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.map(String).join('.') || 'inputs'}: ${issue.message}`,
        );
        throw new Mark1Error(
          SdkErrorCodes.INVALID_ARGUMENT,
          `Inputs of "${options.name}" are not valid: ${problems.join('; ')}`,
          { details: { capability: options.name, problems } },
        );
      }
      return options.run(parsed.data);
    },
  };
}

/** The JSON Schema of a zod object, in the form a manifest's `inputs` takes. */
export function inputsFromZod(schema: z.ZodObject): CapabilityInputs {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // `z.number().int()` states the safe-integer range, which every integer input has anyway.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as Record<string, unknown>;
  const properties = (json.properties ?? {}) as CapabilityInputs['properties'];
  return {
    type: 'object',
    properties,
    required: (json.required as string[] | undefined) ?? [],
    ...(json.additionalProperties === false ? { additionalProperties: false } : {}),
  };
}

/** Options of {@link definePlugin}. */
export interface DefinePluginOptions {
  name: string;
  version: string;
  description?: string;
  author?: string;
  license?: string;
  tags?: string[];
  /** The module, relative to the plugin folder, whose default export is this plugin. @default './dist/index.js' */
  module?: string;
  capabilities: readonly DefinedCapability<z.ZodObject, unknown>[];
  permissions?: PluginManifestInput['permissions'];
  environment?: PluginManifestInput['environment'];
  dependencies?: PluginManifestInput['dependencies'];
}

/** A plugin defined in TypeScript: its manifest, and its capabilities by name. */
export interface DefinedPlugin {
  /** Brand recognised by the executor's Node shim across copies of the SDK. */
  readonly [PLUGIN_BRAND]: true;
  readonly manifest: PluginManifest;
  readonly capabilities: Readonly<Record<string, DefinedCapability<z.ZodObject, unknown>>>;
  /** Runs capability `name` with `inputs` (validated). */
  invoke(name: string, inputs: unknown): Promise<unknown>;
  /** The manifest as `mark1.plugin.yml` text. */
  toYaml(): string;
}

/** True for a value made by {@link definePlugin}, even by another copy of the SDK. */
export function isDefinedPlugin(value: unknown): value is DefinedPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true
  );
}

/**
 * Defines a TypeScript plugin: export the result as the module's default export and write
 * `plugin.toYaml()` to `mark1.plugin.yml` (the executor calls capabilities through that export).
 */
export function definePlugin(options: DefinePluginOptions): DefinedPlugin {
  const module = options.module ?? './dist/index.js';
  const capabilities: CapabilityInput[] = options.capabilities.map((defined) => {
    const { options: capability } = defined;
    return {
      name: capability.name,
      description: capability.description ?? '',
      tags: capability.tags ?? [],
      inputs: inputsFromZod(capability.inputs),
      outputs: capability.outputs ?? {},
      entry_point: capability.entry_point ?? { type: 'node_function', module, function: 'default' },
      ...(capability.timeout !== undefined ? { timeout: capability.timeout } : {}),
      ...(capability.example
        ? {
            example: {
              ...capability.example,
              inputs: capability.example.inputs as Record<string, unknown>,
            },
          }
        : {}),
    };
  });
  const manifest = PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: {
      name: options.name,
      version: options.version,
      description: options.description ?? '',
      author: options.author,
      license: options.license,
      tags: options.tags ?? [],
      runtime: 'node',
    },
    capabilities,
    permissions: options.permissions,
    environment: options.environment,
    dependencies: options.dependencies,
  });
  const byName = Object.fromEntries(
    options.capabilities.map((capability) => [capability.name, capability]),
  );
  return {
    [PLUGIN_BRAND]: true,
    manifest,
    capabilities: byName,
    async invoke(name, inputs) {
      const capability = byName[name];
      if (!capability) {
        throw new Mark1Error(
          SdkErrorCodes.INVALID_ARGUMENT,
          `Plugin "${options.name}" has no capability "${name}" (it has: ${Object.keys(byName).join(', ')})`,
        );
      }
      return capability.run(inputs);
    },
    toYaml: () => writeManifest(manifest),
  };
}
