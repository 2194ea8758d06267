import { z } from 'zod';
import { type DataType, DataTypeSchema, FILE_DATA_TYPES } from '../data-types';

/** JSON Schema primitive type names. */
export const JSON_TYPES = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
] as const;

/** One JSON Schema type name. */
export type JsonType = (typeof JSON_TYPES)[number];

/**
 * The JSON Schema subset Mark-1 uses to describe a capability input (draft 2020-12 keywords), plus
 * two Mark-1 keywords: `data_type`, the {@link DataType} the input carries, and `writable`, set on a
 * path input the capability writes to (the user is shown it before a run).
 */
export interface InputSchemaKeywords {
  type?: JsonType | JsonType[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: InputSchema;
  properties?: Record<string, InputSchema>;
  additionalProperties?: boolean | InputSchema;
  title?: string;
  examples?: unknown[];
  data_type?: DataType;
  writable?: boolean;
}

/** {@link InputSchemaKeywords} with JSON Schema's `required` list and any further keywords. */
export interface InputSchema extends InputSchemaKeywords {
  required?: string[];
  [keyword: string]: unknown;
}

function jsonTypeError(issue: { input?: unknown }): string {
  const given = JSON.stringify(issue.input);
  const hint = DataTypeSchema.safeParse(issue.input).success
    ? `; "${String(issue.input)}" is a Mark-1 data type: write \`data_type: ${String(issue.input)}\` (with \`type: string\` or the JSON type it is carried as)`
    : '';
  return `type ${given} is not a JSON Schema type (one of ${JSON_TYPES.join(', ')}, or a list of them)${hint}`;
}

/** zod schema of {@link InputSchema}; unknown JSON Schema keywords are kept as they are. */
export const InputSchemaSchema: z.ZodType<InputSchema> = z.lazy(() =>
  z.looseObject({
    type: z
      .union([z.enum(JSON_TYPES), z.array(z.enum(JSON_TYPES)).min(1)], { error: jsonTypeError })
      .optional(),
    description: z.string().optional(),
    default: z.unknown().optional(),
    enum: z.array(z.unknown()).min(1).optional(),
    const: z.unknown().optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().nonnegative().optional(),
    minItems: z.number().int().nonnegative().optional(),
    maxItems: z.number().int().nonnegative().optional(),
    items: InputSchemaSchema.optional(),
    properties: z.record(z.string(), InputSchemaSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.union([z.boolean(), InputSchemaSchema]).optional(),
    title: z.string().optional(),
    examples: z.array(z.unknown()).optional(),
    data_type: DataTypeSchema.optional(),
    writable: z.boolean().optional(),
  }),
);

/** The inputs of a capability: a JSON Schema object whose properties are the named inputs. */
export interface CapabilityInputs {
  type: 'object';
  properties: Record<string, InputSchema>;
  required: string[];
  additionalProperties?: boolean;
  description?: string;
}

const PATH_FORMATS: Record<string, DataType> = {
  uri: 'url',
  url: 'url',
  'uri-reference': 'url',
  path: 'file',
  'file-path': 'file',
  file: 'file',
  'directory-path': 'directory',
  directory: 'directory',
  dir: 'directory',
};

/**
 * The data type an input schema carries: its `data_type` when given, else `url`, `file` or
 * `directory` from a path `format`, `text` for other strings, `json` for everything else.
 */
export function dataTypeOfSchema(schema: InputSchemaKeywords): DataType {
  if (schema.data_type) return schema.data_type;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string' || type === undefined) {
    const fromFormat = schema.format ? PATH_FORMATS[schema.format] : undefined;
    if (fromFormat) return fromFormat;
    return type === 'string' ? 'text' : 'json';
  }
  return 'json';
}

/** Formats that mark a string input as a path on disk. */
export const PATH_INPUT_FORMATS: ReadonlySet<string> = new Set([
  'path',
  'file-path',
  'file',
  'directory-path',
  'directory',
  'dir',
]);

/**
 * True when the input names something on disk: a path `format` (`path`, `file-path`,
 * `directory-path`), or a file-like data type (file, directory, pdf, image, audio, video, binary).
 * A `csv` or `json` input without a path format carries the content itself.
 */
export function isPathInput(schema: InputSchema): boolean {
  if (schema.format !== undefined && PATH_INPUT_FORMATS.has(schema.format)) return true;
  return FILE_DATA_TYPES.has(dataTypeOfSchema(schema));
}
