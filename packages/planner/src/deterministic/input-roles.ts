import { type Capability, type DataType, FILE_DATA_TYPES, type InputSchema } from '@mark1/sdk';
import { inputDataType } from '../retrieval/capability-document';
import { ADDRESS_INPUTS, COLLECTOR_INPUTS, NAMING_INPUTS } from './vocabulary';

/**
 * What an input is for, which decides where its value comes from:
 * - `data`: the thing worked on (text, a table, an image): a literal of the request, an earlier step's output, or a workflow input;
 * - `collector`: a map of named values (a report's `sections`): the results of several earlier steps;
 * - `naming`: a title or subject: quoted after its name ("titled 'Q3'"), else made from the request;
 * - `address`: an email address from the request;
 * - `option`: a setting (enum, number, flag, column name): only when the request names it.
 */
export type InputRole = 'data' | 'collector' | 'naming' | 'address' | 'option';

/** One input of a capability and its role. */
export interface InputInfo {
  readonly name: string;
  readonly schema: InputSchema;
  readonly role: InputRole;
  /** Data type of the value, or of each item for a list. */
  readonly dataType: DataType;
  readonly required: boolean;
  /** True when the input takes a list. */
  readonly list: boolean;
}

/** Names of string inputs that carry the data even without a `data_type`. */
const DATA_NAMES = new Set([
  'text',
  'content',
  'body',
  'message',
  'input',
  'document',
  'source',
  'html',
  'markdown',
  'csv',
  'json',
  'xml',
  'yaml',
  'data',
  'file',
  'url',
  'image',
  'audio',
  'video',
  'pdf',
]);

function jsonTypes(schema: InputSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

function isCollector(name: string, schema: InputSchema): boolean {
  const types = jsonTypes(schema);
  if (types.length !== 1 || types[0] !== 'object') return false;
  if (schema.properties && Object.keys(schema.properties).length > 0) return false;
  const open =
    schema.additionalProperties === true || typeof schema.additionalProperties === 'object';
  return COLLECTOR_INPUTS.has(name) || open;
}

/** The inputs of a capability with their roles, in declaration order. */
export function classifyInputs(capability: Capability): InputInfo[] {
  const required = new Set(capability.inputs.required);
  const entries = Object.entries(capability.inputs.properties);
  const hasTypedData = entries.some(
    ([name, schema]) =>
      schema.data_type !== undefined || schema.format !== undefined || DATA_NAMES.has(name),
  );
  // Without any typed input, the first required string is what the capability works on (a query, a city).
  const firstRequiredString = hasTypedData
    ? undefined
    : entries.find(
        ([name, schema]) => required.has(name) && jsonTypes(schema).includes('string'),
      )?.[0];
  return entries.map(([name, schema]) => {
    const types = jsonTypes(schema);
    const list = types.length === 1 && types[0] === 'array';
    const dataType = inputDataType(schema);
    const isRequired = required.has(name) && schema.default === undefined;
    let role: InputRole;
    if (isCollector(name, schema)) role = 'collector';
    else if (schema.enum !== undefined) role = 'option';
    else if (
      types.length > 0 &&
      types.every((type) => type === 'number' || type === 'integer' || type === 'boolean')
    ) {
      role = 'option';
    } else if (list)
      role = FILE_DATA_TYPES.has(dataType) || schema.items?.data_type ? 'data' : 'option';
    else if (NAMING_INPUTS.has(name) && dataType === 'text') role = 'naming';
    else if (ADDRESS_INPUTS.has(name) && dataType === 'text' && !schema.data_type) role = 'address';
    else if (schema.data_type !== undefined || schema.format !== undefined || dataType !== 'text')
      role = 'data';
    else if (DATA_NAMES.has(name) || name === firstRequiredString) role = 'data';
    else role = 'option';
    return { name, schema, role, dataType, required: isRequired, list };
  });
}

/** What an input is for, in plain words, naming the capability ("the text to analyse (for analyze-sentiment)"). */
export function describeInput(input: InputInfo, capability: string): string {
  const what = (input.schema.description ?? input.name.replace(/_/g, ' '))
    .trim()
    .replace(/\.$/, '');
  return `${what.charAt(0).toLowerCase()}${what.slice(1)} (for ${capability})`;
}
