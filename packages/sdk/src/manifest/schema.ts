import { z } from 'zod';
import { DataTypeSchema, isDataType } from '../data-types';
import { parseDuration } from '../duration';
import { EntryPointSchema } from './entry-points';
import {
  type CapabilityInputs,
  type InputSchema,
  InputSchemaSchema,
  JSON_TYPES,
} from './json-schema';

/** The manifest schema version this SDK reads and writes. */
export const MANIFEST_SCHEMA_VERSION = '1.0';

/** Plugin names: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export const PLUGIN_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Capability names are kebab-case. */
export const CAPABILITY_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Environment variable names. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A duration: seconds as a number, or a string such as `30s`, `5m`, `500ms`; read as seconds. */
export const DurationSchema = z
  .union([z.number().nonnegative(), z.string()])
  .transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

function toPropertySchema(value: unknown): { schema: unknown; required: boolean } {
  if (typeof value === 'string') {
    if (isDataType(value)) {
      return { schema: { type: 'string', data_type: value }, required: false };
    }
    if ((JSON_TYPES as readonly string[]).includes(value)) {
      return { schema: { type: value }, required: false };
    }
    return { schema: { type: 'string', description: value }, required: false };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { required, ...rest } = value as Record<string, unknown>;
    if (typeof required === 'boolean') return { schema: rest, required };
    return { schema: value, required: false };
  }
  return { schema: value, required: false };
}

/**
 * Reads a capability's `inputs`: a JSON Schema object (`type: object`, `properties`, `required`),
 * or the shorthand map `{ name: { type, description, default, required: true } }` where a bare
 * string value names a data type or JSON type.
 */
export const CapabilityInputsSchema: z.ZodType<CapabilityInputs, unknown> = z.preprocess(
  (value) => {
    if (value === undefined || value === null) {
      return { type: 'object', properties: {}, required: [] };
    }
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    const isFullSchema =
      typeof record.properties === 'object' &&
      record.properties !== null &&
      !Array.isArray(record.properties) &&
      (record.type === undefined || record.type === 'object');
    if (isFullSchema) {
      return { type: 'object', required: [], ...record };
    }
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [name, property] of Object.entries(record)) {
      const converted = toPropertySchema(property);
      properties[name] = converted.schema;
      if (converted.required) required.push(name);
    }
    return { type: 'object', properties, required };
  },
  z
    .strictObject({
      type: z.literal('object'),
      properties: z.record(z.string(), InputSchemaSchema),
      required: z.array(z.string()),
      additionalProperties: z.boolean().optional(),
      description: z.string().optional(),
    })
    .superRefine((inputs, ctx) => {
      for (const name of inputs.required) {
        if (!(name in inputs.properties)) {
          ctx.addIssue({
            code: 'custom',
            path: ['required'],
            message: `"${name}" is listed as required but is not one of the properties (${Object.keys(inputs.properties).join(', ') || 'none'})`,
          });
        }
      }
    }),
) as z.ZodType<CapabilityInputs, unknown>;

/** One named output of a capability. */
export const OutputSpecSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.strictObject({
    type: DataTypeSchema,
    description: z.string().optional(),
    /** JSON Schema of the value, for `json` outputs. */
    schema: InputSchemaSchema.optional(),
  }),
);

/** One named output of a capability: its data type and what it holds. */
export type OutputSpec = z.output<typeof OutputSpecSchema>;

/** A capability's outputs, by name; a bare string value is the data type. */
export const CapabilityOutputsSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'output names are identifiers'),
  OutputSpecSchema,
);

/** An example call of a capability, used by `plugin install` and `plugin test` as a smoke test. */
export const CapabilityExampleSchema = z.strictObject({
  description: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** Output values the example is expected to produce (checked by `plugin test`). */
  expect: z.record(z.string(), z.unknown()).optional(),
});

/** What a plugin may do; the sandbox enforces it. */
export const PermissionsSchema = z.strictObject({
  /** Network access; none unless true. */
  network: z.boolean().default(false),
  /**
   * Filesystem beyond the plugin's own folder (read-only) and its work and output dirs:
   * `none`, `read` (the caller's working directory, read-only) or `read-write`.
   */
  filesystem: z.enum(['none', 'read', 'read-write']).default('none'),
  /** Memory limit: megabytes as a number, or a string such as `512MB` or `2GB`. */
  max_memory: z.union([z.number().positive(), z.string()]).optional(),
  /** Most processes the plugin may run at once (fork-bomb guard). */
  max_processes: z.number().int().positive().optional(),
  /** Default timeout of the plugin's capabilities. */
  timeout: DurationSchema.optional(),
  /** False asks to run without the sandbox; honoured only when the user's config allows it too. */
  sandbox: z.boolean().default(true),
  /** True asks to run inside the orchestrator's process; honoured only when the user allows it too. */
  in_process: z.boolean().default(false),
});

/** What a plugin may do. */
export type Permissions = z.output<typeof PermissionsSchema>;

/** A capability: one thing a plugin can do, with typed inputs and outputs. */
export const CapabilitySchema = z.strictObject({
  name: z
    .string()
    .regex(CAPABILITY_NAME_PATTERN, 'capability names are kebab-case, e.g. "analyze-sentiment"'),
  description: z.string().default(''),
  tags: z.array(z.string()).default([]),
  inputs: CapabilityInputsSchema.default({ type: 'object', properties: {}, required: [] }),
  outputs: CapabilityOutputsSchema.default({}),
  entry_point: EntryPointSchema,
  /** Timeout of one call; the plugin's `permissions.timeout`, then the configured default, apply otherwise. */
  timeout: DurationSchema.optional(),
  example: CapabilityExampleSchema.optional(),
});

/** A capability of a plugin. */
export type Capability = z.output<typeof CapabilitySchema>;
/** A capability as written in a manifest (defaults not yet applied). */
export type CapabilityInput = z.input<typeof CapabilitySchema>;

/** An environment variable the plugin reads. */
export const EnvironmentVariableSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z.strictObject({
    name: z
      .string()
      .regex(ENV_NAME_PATTERN, 'environment variable names are letters, digits and _'),
    description: z.string().optional(),
    /** Whether the plugin cannot run without it. */
    required: z.boolean().default(true),
    /** Stored encrypted, never shown, and given only to this plugin. */
    secret: z.boolean().default(false),
    default: z.string().optional(),
  }),
);

/** An environment variable the plugin reads. */
export type EnvironmentVariable = z.output<typeof EnvironmentVariableSchema>;

/** The language runtime a plugin needs; decides how its environment is installed. */
export const RuntimeSchema = z.enum(['python', 'node', 'shell', 'binary', 'http', 'container']);

/** The language runtime a plugin needs. */
export type Runtime = z.output<typeof RuntimeSchema>;

/** What the plugin needs installed. */
export const DependenciesSchema = z.strictObject({
  /** Python version range, e.g. `>=3.9`. */
  python: z.string().optional(),
  /** Node.js version range, e.g. `>=20`. */
  node: z.string().optional(),
  /** Packages in the runtime's ecosystem: pip requirement strings or npm specs. */
  packages: z.array(z.string()).default([]),
  /** Requirement files relative to the plugin folder, e.g. `requirements.txt`. */
  requirements: z.array(z.string()).default([]),
  /** System packages the plugin expects on the machine (reported, never installed). */
  system: z.array(z.string()).default([]),
});

/** What the plugin needs installed. */
export type Dependencies = z.output<typeof DependenciesSchema>;

/** Who the plugin is. */
export const PluginInfoSchema = z.strictObject({
  name: z
    .string()
    .regex(
      PLUGIN_NAME_PATTERN,
      'plugin names are lowercase letters, digits, "-" and "_" (at most 64), e.g. "text-sentiment"',
    ),
  version: z.string().min(1).default('0.1.0'),
  description: z.string().default(''),
  author: z.string().optional(),
  license: z.string().optional(),
  homepage: z.string().optional(),
  repository: z.string().optional(),
  tags: z.array(z.string()).default([]),
  runtime: RuntimeSchema.optional(),
});

/** Who the plugin is. */
export type PluginInfo = z.output<typeof PluginInfoSchema>;

/** `mark1.plugin.yml`: the normalized plugin manifest (schema_version "1.0"). */
export const PluginManifestSchema = z
  .strictObject({
    schema_version: z.literal(MANIFEST_SCHEMA_VERSION),
    plugin: PluginInfoSchema,
    capabilities: z.array(CapabilitySchema).min(1, 'a plugin needs at least one capability'),
    dependencies: DependenciesSchema.default({ packages: [], requirements: [], system: [] }),
    permissions: PermissionsSchema.default({
      network: false,
      filesystem: 'none',
      sandbox: true,
      in_process: false,
    }),
    environment: z.array(EnvironmentVariableSchema).default([]),
    /** Facts carried over from other manifest formats or tools; Mark-1 does not interpret them. */
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Map<string, number>();
    manifest.capabilities.forEach((capability, index) => {
      const first = seen.get(capability.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['capabilities', index, 'name'],
          message: `capability "${capability.name}" is defined twice (also capabilities[${first}]); rename one`,
        });
      } else {
        seen.set(capability.name, index);
      }
    });
    const envSeen = new Set<string>();
    manifest.environment.forEach((variable, index) => {
      if (envSeen.has(variable.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment', index, 'name'],
          message: `environment variable ${variable.name} is listed twice`,
        });
      }
      envSeen.add(variable.name);
    });
  });

/** The normalized plugin manifest. */
export type PluginManifest = z.output<typeof PluginManifestSchema>;
/** A plugin manifest as written (defaults not yet applied, shorthands allowed). */
export type PluginManifestInput = z.input<typeof PluginManifestSchema>;

/** Re-exported for schema consumers. */
export type { CapabilityInputs, InputSchema };
