import { z } from 'zod';
import { DATA_TYPES } from './data-types';
import { JSON_TYPES } from './manifest/json-schema';
import {
  CapabilityInputsSchema,
  EnvironmentVariableSchema,
  ENV_NAME_PATTERN,
  OutputSpecSchema,
  PluginManifestSchema,
} from './manifest/schema';
import {
  BackoffSchema,
  DependsOnSchema,
  RetrySchema,
  StepSchema,
  WorkflowInputSchema,
  WorkflowSchema,
} from './workflow/schema';

type JsonObject = Record<string, unknown>;

function orShorthand(schema: JsonObject, shorthand: JsonObject): void {
  const full = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [shorthand, full];
}

/** How each schema's written shorthand looks in JSON Schema (zod only sees the normalized form). */
const SHORTHANDS = new Map<unknown, (schema: JsonObject) => void>([
  [
    CapabilityInputsSchema,
    (schema) =>
      orShorthand(schema, {
        type: 'object',
        description:
          'Shorthand: input name → a data type or JSON type name, or a property schema with `required: true`.',
        additionalProperties: {
          anyOf: [
            { type: 'string', enum: [...new Set([...DATA_TYPES, ...JSON_TYPES])] },
            { type: 'object' },
          ],
        },
      }),
  ],
  [OutputSpecSchema, (schema) => orShorthand(schema, { type: 'string', enum: [...DATA_TYPES] })],
  [
    EnvironmentVariableSchema,
    (schema) => orShorthand(schema, { type: 'string', pattern: ENV_NAME_PATTERN.source }),
  ],
  [RetrySchema, (schema) => orShorthand(schema, { type: 'integer', minimum: 1, maximum: 100 })],
  [
    BackoffSchema,
    (schema) => orShorthand(schema, { type: 'string', enum: ['exponential', 'fixed'] }),
  ],
  [DependsOnSchema, (schema) => orShorthand(schema, { type: 'string' })],
  [WorkflowInputSchema, (schema) => orShorthand(schema, { type: 'string', enum: [...DATA_TYPES] })],
  [
    StepSchema,
    (schema) => {
      const properties = schema.properties as JsonObject;
      properties.name = { type: 'string', description: 'Older spelling of `id`.' };
      schema.required = (schema.required as string[]).filter((key) => key !== 'id');
      schema.anyOf = [{ required: ['id'] }, { required: ['name'] }];
    },
  ],
]);

function toJsonSchema(schema: z.ZodType, title: string): JsonObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (context) => SHORTHANDS.get(context.zodSchema)?.(context.jsonSchema as JsonObject),
  }) as JsonObject;
  return { title, ...json };
}

/** JSON Schema (draft 2020-12) of `mark1.plugin.yml`, as written (shorthands included), for editors. */
export function manifestJsonSchema(): JsonObject {
  return toJsonSchema(
    PluginManifestSchema,
    'Mark-1 plugin manifest (mark1.plugin.yml, schema 1.0)',
  );
}

/** JSON Schema (draft 2020-12) of a Mark-1 workflow file, as written, for editors. */
export function workflowJsonSchema(): JsonObject {
  return toJsonSchema(WorkflowSchema, 'Mark-1 workflow');
}
