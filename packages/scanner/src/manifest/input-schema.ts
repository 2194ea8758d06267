import type { CapabilityInputs, InputSchema } from '@mark1/sdk';
import type { CapabilityParameter } from '../profile/repository-profile';

/** The JSON Schema of one capability parameter (with Mark-1's `data_type` and `writable`). */
export function inputSchemaOf(parameter: CapabilityParameter): InputSchema {
  const schema: InputSchema = {};
  if (parameter.type) schema.type = parameter.type;
  if (parameter.description) schema.description = parameter.description;
  if (parameter.type === 'array') {
    const items: InputSchema = { type: parameter.itemType ?? 'string' };
    if (parameter.format) items.format = parameter.format;
    if (parameter.dataType && parameter.dataType !== 'json') items.data_type = parameter.dataType;
    if (parameter.choices) items.enum = parameter.choices;
    schema.items = items;
  } else {
    if (parameter.format) schema.format = parameter.format;
    if (parameter.dataType) schema.data_type = parameter.dataType;
    if (parameter.choices) schema.enum = parameter.choices;
  }
  if (parameter.default !== undefined && parameter.default !== null)
    schema.default = parameter.default;
  if (parameter.writable) schema.writable = true;
  return schema;
}

/** The `inputs` object schema of a capability. */
export function capabilityInputsOf(parameters: readonly CapabilityParameter[]): CapabilityInputs {
  const properties: Record<string, InputSchema> = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    properties[parameter.name] = inputSchemaOf(parameter);
    if (parameter.required) required.push(parameter.name);
  }
  return { type: 'object', properties, required };
}
