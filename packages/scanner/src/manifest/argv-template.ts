import type { CliArg } from '@mark1/sdk';
import type { CapabilityParameter } from '../profile/repository-profile';

function argsOf(parameter: CapabilityParameter): CliArg[] {
  const value = `\${inputs.${parameter.name}}`;
  const binding = parameter.binding;
  if (binding.kind === 'positional') return [binding.variadic ? { value, repeat: true } : value];
  if (binding.kind !== 'flag') return [];
  if (binding.isSwitch) {
    // A switch whose default is on and that has no "on" flag turns the option off (`--no-color`).
    if (parameter.default === true && !binding.negativeFlag)
      return [{ flag: binding.flag, when: `\${inputs.${parameter.name} == false}` }];
    const args: CliArg[] = [{ flag: binding.flag, when: value }];
    if (binding.negativeFlag)
      args.push({ flag: binding.negativeFlag, when: `\${inputs.${parameter.name} == false}` });
    return args;
  }
  if (parameter.type === 'array' && binding.separateValues)
    return [
      { flag: binding.flag, when: value },
      { value, repeat: true },
    ];
  if (parameter.type === 'array' || binding.repeat)
    return [{ flag: binding.flag, value, repeat: true }];
  return [{ flag: binding.flag, value }];
}

/**
 * The `args` of a CLI entry point: program-wide options, the subcommand words, then the command's
 * positionals (in order) and its flags. Positionals come before flags so a list-valued flag
 * (`--tags a b`) cannot swallow them. A missing optional input drops its tokens; switches use `when`.
 */
export function argvTemplate(
  parameters: readonly CapabilityParameter[],
  subcommand: readonly string[],
): CliArg[] {
  const positionalsFirst = (list: readonly CapabilityParameter[]): CapabilityParameter[] => [
    ...list
      .filter((p) => p.binding.kind === 'positional')
      .sort((a, b) =>
        a.binding.kind === 'positional' && b.binding.kind === 'positional'
          ? a.binding.index - b.binding.index
          : 0,
      ),
    ...list.filter((p) => p.binding.kind !== 'positional'),
  ];
  const global = parameters.filter((p) => p.global);
  const own = parameters.filter((p) => !p.global);
  return [
    ...positionalsFirst(global).flatMap(argsOf),
    ...subcommand,
    ...positionalsFirst(own).flatMap(argsOf),
  ];
}
