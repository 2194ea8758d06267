import type { CliCommandFact, CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import { type StaticValue, literalOf, stringOf } from '../../profile/static-value';
import {
  type AccessChain,
  type ChainSegment,
  type SourceModel,
  type SyntaxNode,
  callLine,
  lineOf,
} from '../../languages/source-model';

/** `--dry-run` → `dryRun`, as commander names option values. */
export function camelCase(flag: string): string {
  return flag.replace(/^-+/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Parses commander's flags string: `-p, --port <number>`, `--no-color`, `-t, --tags <items...>`, `[value]`. */
export function parseCommanderFlags(spec: string): {
  flags: string[];
  value?: 'required' | 'optional';
  variadic: boolean;
  negated: boolean;
} {
  const flags = (spec.match(/-{1,2}[\w-]+/g) ?? []).sort(
    (a, b) => Number(b.startsWith('--')) - Number(a.startsWith('--')),
  );
  const required = /<[^>]+>/.exec(spec);
  const optional = /\[[^\]]+\]/.exec(spec);
  const placeholder = required?.[0] ?? optional?.[0] ?? '';
  const negated = flags.some((f) => f.startsWith('--no-'));
  return {
    flags,
    ...(required ? { value: 'required' as const } : optional ? { value: 'optional' as const } : {}),
    variadic: placeholder.includes('...'),
    negated,
  };
}

/** Positional arguments of a command string: `split <string> [limit]`, `<files...>`. */
export function parseCommandArguments(spec: string, line: number): CliOptionFact[] {
  const args: CliOptionFact[] = [];
  for (const match of spec.matchAll(/([<[])([^>\]]+)[>\]]/g)) {
    const variadic = match[2]!.endsWith('...');
    const name = match[2]!.replace(/\.\.\.$/, '').trim();
    args.push({
      name: camelCase(name),
      flags: [],
      positional: true,
      required: match[1] === '<',
      multiple: variadic,
      ...(variadic ? { multipleStyle: 'list' as const } : {}),
      isFlag: false,
      line,
    });
  }
  return args;
}

const PARSERS: Record<string, CliOptionFact['valueType']> = {
  parseInt: 'integer',
  'Number.parseInt': 'integer',
  parseFloat: 'number',
  'Number.parseFloat': 'number',
  Number: 'number',
};

/** The value type a parser callback produces: `(v) => Number.parseInt(v, 10)`, `(v) => parseFloat(v)`. */
function parserOfFunction(
  model: SourceModel,
  node: SyntaxNode | undefined,
): CliOptionFact['valueType'] {
  if (
    !node ||
    (node.type !== 'arrow_function' &&
      node.type !== 'function_expression' &&
      node.type !== 'function')
  )
    return undefined;
  const body = model.textOf(node);
  if (/\b(parseInt|Math\.(round|floor|trunc))\b/.test(body)) return 'integer';
  if (/\b(parseFloat|Number)\s*\(/.test(body)) return 'number';
  return undefined;
}

function commanderOption(
  model: SourceModel,
  segment: Extract<ChainSegment, { kind: 'call' }>,
  requiredOption: boolean,
): CliOptionFact | undefined {
  const spec = stringOf(model.valueOf(segment.args[0]));
  if (!spec) return undefined;
  const parsed = parseCommanderFlags(spec);
  const long = parsed.flags.find((f) => f.startsWith('--')) ?? parsed.flags[0];
  if (!long) return undefined;
  const name = camelCase(parsed.negated ? long.replace(/^--no-/, '--') : long);
  const description = stringOf(model.valueOf(segment.args[1]));
  const third = model.valueOf(segment.args[2]);
  const fourth = model.valueOf(segment.args[3]);
  const parser =
    third?.kind === 'reference' ? PARSERS[third.name] : parserOfFunction(model, segment.args[2]);
  const defaultValue = literalOf(parser ? fourth : third);
  const isFlag = parsed.value === undefined;
  const option: CliOptionFact = {
    name,
    flags: parsed.flags,
    positional: false,
    required: requiredOption,
    multiple: parsed.variadic,
    isFlag,
    line: callLine(segment.node),
  };
  // `--no-color` alone: a switch that turns the default-true `color` off.
  if (parsed.negated) option.default = true;
  const valueType = isFlag ? 'boolean' : parser;
  if (valueType) option.valueType = valueType;
  if (parsed.variadic) option.multipleStyle = 'list';
  if (defaultValue !== undefined && defaultValue !== null) option.default = defaultValue;
  else if (isFlag && !parsed.negated) option.default = false;
  if (description) option.help = description;
  return option;
}

function memberBefore(segments: ChainSegment[], index: number): string | undefined {
  const previous = segments[index - 1];
  return previous?.kind === 'member' ? previous.name : undefined;
}

/**
 * The identity of the `Command` a chain starts from: the `new Command()` call that made it, else
 * commander's shared default program (`program`, or the module itself in commander before v7).
 */
function programKeyOf(chain: AccessChain): string {
  let previous = chain.root.split('.').pop();
  for (const segment of chain.segments) {
    if (segment.kind === 'call' && previous === 'Command')
      return `call:${segment.node.startIndex}:${segment.node.endIndex}`;
    previous = segment.kind === 'member' ? segment.name : undefined;
  }
  return 'commander.program';
}

/**
 * commander programs: `.name()`, `.description()`, `.option()`/`.requiredOption()`, `.argument()`,
 * and `.command('name <arg>')` subcommands, on `program` or a `new Command()`, chained or through
 * variables.
 */
export function extractCommanderPrograms(model: SourceModel): CliProgramFact[] {
  const programs = new Map<
    string,
    { fact: CliProgramFact; commands: Map<string, CliCommandFact> }
  >();
  const seen = new Set<string>();
  for (const chain of model.chains) {
    if (chain.root !== 'commander' && !chain.root.startsWith('commander.')) continue;
    const key = programKeyOf(chain);
    let program = programs.get(key);
    if (!program) {
      const fact: CliProgramFact = {
        framework: 'commander',
        line: lineOf(chain.node),
        variable: chain.head,
        commands: [],
      };
      program = { fact, commands: new Map([['', { path: [], line: fact.line, options: [] }]]) };
      programs.set(key, program);
    }
    const path: string[] = [];
    let command = program.commands.get('')!;
    chain.segments.forEach((segment, index) => {
      if (segment.kind !== 'call') return;
      const method = memberBefore(chain.segments, index);
      if (method === 'command') {
        const spec = stringOf(model.valueOf(segment.args[0])) ?? '';
        const name = spec.split(/\s+/)[0] ?? '';
        if (!name) return;
        path.push(name);
        const key = path.join(' ');
        let next = program.commands.get(key);
        if (!next) {
          const description = stringOf(model.valueOf(segment.args[1]));
          next = {
            path: [...path],
            line: callLine(segment.node),
            ...(description ? { description } : {}),
            options: parseCommandArguments(spec.slice(name.length), callLine(segment.node)),
          };
          program.commands.set(key, next);
        }
        command = next;
        return;
      }
      // Inherited calls were read where the variable was assigned.
      // Calls of one chain share their start offset, so a call is identified by its span.
      const key = `${segment.node.startIndex}:${segment.node.endIndex}`;
      if (index < chain.inherited || seen.has(key)) return;
      seen.add(key);
      const value = (i: number): StaticValue | undefined => model.valueOf(segment.args[i]);
      if (method === 'option' || method === 'requiredOption') {
        const option = commanderOption(model, segment, method === 'requiredOption');
        if (option) command.options.push(option);
      } else if (method === 'argument') {
        const spec = stringOf(value(0));
        if (!spec) return;
        const [argument] = parseCommandArguments(spec, callLine(segment.node));
        if (!argument) return;
        const description = stringOf(value(1));
        const defaultValue = literalOf(value(2));
        if (description) argument.help = description;
        if (defaultValue !== undefined && defaultValue !== null) argument.default = defaultValue;
        command.options.push(argument);
      } else if (method === 'arguments') {
        command.options.push(
          ...parseCommandArguments(stringOf(value(0)) ?? '', callLine(segment.node)),
        );
      } else if (method === 'description' || method === 'summary') {
        const description = stringOf(value(0));
        if (description) {
          if (command.path.length === 0) program.fact.description = description;
          else command.description = description;
        }
      } else if (method === 'name') {
        const name = stringOf(value(0));
        if (name && command.path.length === 0) program.fact.name = name;
      } else if (method === 'action') {
        const handler = segment.args[0];
        if (handler?.type === 'identifier') command.functionName = model.textOf(handler);
      }
    });
  }
  return [...programs.values()]
    .map(({ fact, commands }) => {
      const list = [...commands.values()];
      const hasSubcommands = list.some((c) => c.path.length > 0);
      fact.commands = list.filter(
        (c) => c.path.length > 0 || !hasSubcommands || c.options.length > 0,
      );
      return fact;
    })
    .filter(
      (fact) =>
        fact.commands.some((c) => c.options.length > 0 || c.path.length > 0) ||
        fact.name !== undefined,
    );
}
