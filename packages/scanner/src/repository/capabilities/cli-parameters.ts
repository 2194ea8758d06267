import type { CliOptionFact } from '../../profile/file-facts';
import type { CapabilityParameter } from '../../profile/repository-profile';
import { toInputName } from './capability-names';
import { type ParameterShape, inferPathShape } from './parameter-types';

function shapeOfOption(option: CliOptionFact): ParameterShape {
  switch (option.valueType) {
    case 'integer':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'file':
      return { type: 'string', dataType: 'file', format: 'path' };
    case 'directory':
      return { type: 'string', dataType: 'directory', format: 'path' };
    case 'path':
      return { type: 'string', dataType: 'file', format: 'path' };
    case 'url':
      return { type: 'string', dataType: 'url', format: 'uri' };
    case 'string':
    case undefined:
      return { type: 'string' };
  }
}

/**
 * The capability input of one command-line option or positional: its JSON type (from the declared
 * type, else the default's type, else string), path/URL data type from the type or the name, list
 * types for multi-value options, and how it is passed (flag, switch, positional).
 */
export function parameterFromOption(
  option: CliOptionFact,
  positionIndex: number,
): CapabilityParameter {
  let shape = shapeOfOption(option);
  if (
    option.valueType === undefined &&
    option.default !== undefined &&
    option.default !== null &&
    !option.isFlag
  ) {
    if (typeof option.default === 'number')
      shape = { type: Number.isInteger(option.default) ? 'integer' : 'number' };
    else if (typeof option.default === 'boolean') shape = { type: 'boolean' };
  }
  const inferred = option.isFlag ? shape : inferPathShape(option.name, option.help, shape);
  const { writable, ...pathShape } = inferred as ParameterShape & { writable?: boolean };
  shape = pathShape;
  if (
    option.valueType === 'path' &&
    shape.dataType === 'file' &&
    /\b(dir|directory|folder)\b/i.test(option.help ?? '')
  )
    shape = { ...shape, dataType: 'directory' };
  if (option.multiple && !option.isFlag) {
    const itemType =
      shape.type === 'string' ||
      shape.type === 'integer' ||
      shape.type === 'number' ||
      shape.type === 'boolean'
        ? shape.type
        : undefined;
    shape = { ...shape, type: 'array', ...(itemType ? { itemType } : {}) };
  }
  const parameter: CapabilityParameter = {
    name: toInputName(option.name),
    ...shape,
    required: option.required,
    binding: option.positional
      ? { kind: 'positional', index: positionIndex, variadic: option.multiple }
      : {
          kind: 'flag',
          flag:
            option.flags.find((flag) => flag.startsWith('--')) ??
            option.flags[0] ??
            `--${option.name}`,
          ...(option.negativeFlag ? { negativeFlag: option.negativeFlag } : {}),
          isSwitch: option.isFlag,
          repeat: option.multipleStyle === 'repeat',
          separateValues: option.multipleStyle === 'list',
        },
  };
  if (option.help) parameter.description = option.help;
  if (option.default !== undefined && !option.required) parameter.default = option.default;
  if (option.choices) parameter.choices = option.choices;
  if (writable) parameter.writable = true;
  return parameter;
}

/** Parameters of a command's options in order, positionals numbered, duplicate names made unique. */
export function parametersFromOptions(options: readonly CliOptionFact[]): CapabilityParameter[] {
  const parameters: CapabilityParameter[] = [];
  const used = new Set<string>();
  let position = 0;
  for (const option of options) {
    const parameter = parameterFromOption(option, option.positional ? position++ : -1);
    let name = parameter.name;
    for (let suffix = 2; used.has(name); suffix++) name = `${parameter.name}_${suffix}`;
    used.add(name);
    parameters.push({ ...parameter, name });
  }
  return parameters;
}
