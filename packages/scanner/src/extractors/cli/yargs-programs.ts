import type { CliCommandFact, CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import { type StaticValue, literalOf, stringOf } from '../../profile/static-value';
import { jsStringValue } from '../../languages/javascript/js-values';
import {
  type ChainSegment,
  type SourceModel,
  type SyntaxNode,
  callLine,
  lineOf,
} from '../../languages/source-model';
import { parseCommandArguments } from './commander-programs';

const TYPES: Record<string, CliOptionFact['valueType']> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  count: 'integer',
};

function entry(value: StaticValue | undefined, key: string): StaticValue | undefined {
  return value?.kind === 'dict' ? value.entries.find((e) => e.key === key)?.value : undefined;
}

/** One yargs option from its key and options object (`alias`, `type`, `describe`, `demandOption`, `default`, `choices`, `array`). */
function yargsOption(
  key: string,
  options: StaticValue | undefined,
  positional: boolean,
  line: number,
): CliOptionFact {
  const type = stringOf(entry(options, 'type'));
  const aliases = literalOf(entry(options, 'alias'));
  const aliasList =
    typeof aliases === 'string'
      ? [aliases]
      : Array.isArray(aliases)
        ? aliases.filter((a): a is string => typeof a === 'string')
        : [];
  const multiple = type === 'array' || literalOf(entry(options, 'array')) === true;
  const isFlag = type === 'boolean' || type === 'count';
  const demand =
    literalOf(entry(options, 'demandOption')) ??
    literalOf(entry(options, 'required')) ??
    literalOf(entry(options, 'demand'));
  const defaultValue = literalOf(entry(options, 'default'));
  const choices = literalOf(entry(options, 'choices'));
  const help =
    stringOf(entry(options, 'describe')) ??
    stringOf(entry(options, 'description')) ??
    stringOf(entry(options, 'desc'));
  const flags = positional
    ? []
    : [key, ...aliasList].map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  const option: CliOptionFact = {
    name: key,
    flags,
    positional,
    required: demand === true || typeof demand === 'string',
    multiple,
    isFlag,
    line,
  };
  const valueType = type ? TYPES[type] : undefined;
  if (valueType) option.valueType = isFlag ? 'boolean' : valueType;
  if (multiple) option.multipleStyle = 'list';
  if (defaultValue !== undefined && defaultValue !== null) option.default = defaultValue;
  else if (isFlag) option.default = false;
  if (Array.isArray(choices)) option.choices = choices;
  if (help) option.help = help;
  return option;
}

function memberBefore(segments: ChainSegment[], index: number): string | undefined {
  const previous = segments[index - 1];
  return previous?.kind === 'member' ? previous.name : undefined;
}

/** Options and positionals declared inside a command builder function (`(y) => y.positional(...).option(...)`). */
function builderOptions(model: SourceModel, builder: SyntaxNode, command: CliCommandFact): void {
  if (builder.type === 'object') {
    const value = model.valueOf(builder);
    if (value?.kind === 'dict')
      for (const item of value.entries)
        command.options.push(yargsOption(item.key, item.value, false, lineOf(builder)));
    return;
  }
  for (const call of builder.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression') continue;
    const property = fn.childForFieldName('property');
    const method = property ? model.textOf(property) : '';
    if (method !== 'positional' && method !== 'option') continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const key = args[0] ? jsStringValue(args[0], model.source) : undefined;
    if (!key) continue;
    const options = model.valueOf(args[1]);
    if (method === 'positional') {
      const existing = command.options.find((o) => o.positional && o.name === key);
      const parsed = yargsOption(key, options, true, lineOf(call));
      if (existing)
        Object.assign(existing, { ...parsed, required: existing.required || parsed.required });
      else command.options.push(parsed);
    } else {
      command.options.push(yargsOption(key, options, false, lineOf(call)));
    }
  }
}

/** yargs programs: `.option()`/`.options()` on the main chain, and `.command(cmd, desc, builder, handler)` subcommands. */
export function extractYargsPrograms(model: SourceModel): CliProgramFact[] {
  const programs: CliProgramFact[] = [];
  for (const chain of model.chains) {
    if (
      chain.root !== 'yargs' &&
      chain.root !== 'yargs/yargs' &&
      !chain.root.startsWith('yargs.') &&
      !chain.root.startsWith('yargs/yargs.')
    )
      continue;
    if (chain.segments.length - chain.inherited < 2) continue;
    const root: CliCommandFact = { path: [], line: lineOf(chain.node), options: [] };
    const program: CliProgramFact = {
      framework: 'yargs',
      line: lineOf(chain.node),
      variable: chain.head,
      commands: [root],
    };
    chain.segments.forEach((segment, index) => {
      if (segment.kind !== 'call' || index < chain.inherited) return;
      const method = memberBefore(chain.segments, index);
      const value = (i: number): StaticValue | undefined => model.valueOf(segment.args[i]);
      const line = callLine(segment.node);
      if (method === 'option' || method === 'positional') {
        const key = stringOf(value(0));
        if (key) root.options.push(yargsOption(key, value(1), method === 'positional', line));
      } else if (method === 'options') {
        const options = value(0);
        if (options?.kind === 'dict')
          for (const item of options.entries)
            root.options.push(yargsOption(item.key, item.value, false, line));
      } else if (method === 'command') {
        const spec = stringOf(value(0)) ?? stringOf(entry(value(0), 'command'));
        if (!spec) return;
        const name = spec.split(/\s+/)[0]!;
        const description = stringOf(value(1)) ?? stringOf(entry(value(0), 'describe'));
        const command: CliCommandFact = {
          path: name === '$0' || name === '*' ? [] : [name],
          line,
          ...(description ? { description } : {}),
          options: parseCommandArguments(spec.slice(name.length), line),
        };
        const builder = segment.args[2] ?? segment.args[0];
        if (
          builder &&
          (builder.type === 'arrow_function' ||
            builder.type === 'function_expression' ||
            builder.type === 'object' ||
            builder.type === 'function')
        ) {
          builderOptions(
            model,
            builder.type === 'object' && segment.args.length === 1
              ? (objectMember(model, builder, 'builder') ?? builder)
              : builder,
            command,
          );
        }
        const handler = segment.args[3];
        if (handler?.type === 'identifier') command.functionName = model.textOf(handler);
        if (command.path.length === 0) root.options.push(...command.options);
        else program.commands.push(command);
      } else if (method === 'demandOption' || method === 'demand') {
        const keys = literalOf(value(0));
        const list = Array.isArray(keys) ? keys : [keys];
        for (const option of root.options) if (list.includes(option.name)) option.required = true;
      } else if (method === 'scriptName') {
        const name = stringOf(value(0));
        if (name) program.name = name;
      } else if (method === 'usage') {
        const usage = stringOf(value(0));
        if (usage && !usage.includes('$0') && !program.description) program.description = usage;
      }
    });
    const hasSubcommands = program.commands.length > 1;
    if (hasSubcommands && root.options.length === 0) program.commands.shift();
    if (program.commands.some((c) => c.options.length > 0 || c.path.length > 0))
      programs.push(program);
  }
  return programs;
}

function objectMember(model: SourceModel, object: SyntaxNode, key: string): SyntaxNode | undefined {
  for (const pair of object.namedChildren) {
    if (pair.type !== 'pair') continue;
    const name = pair.childForFieldName('key');
    if (name && model.textOf(name).replace(/['"]/g, '') === key)
      return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}
