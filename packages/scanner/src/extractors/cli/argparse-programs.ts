import type { CliCommandFact, CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import {
  type StaticValue,
  literalOf,
  renderStaticValue,
  stringOf,
} from '../../profile/static-value';
import { type CallSite, type SourceModel, lineOf } from '../../languages/source-model';
import { pathDefault, valueTypeOfReference } from './python-value-types';

const PARSER_CONSTRUCTORS = new Set(['argparse.ArgumentParser']);
const SKIPPED_ACTIONS = new Set(['help', 'version']);

interface ParserPath {
  /** Start offset of the `ArgumentParser(...)` call, identifying the program. */
  programKey: number;
  programCall: CallSite['node'];
  /** Names of the `add_parser(...)` calls on the way, i.e. the subcommand path. */
  path: string[];
  /** The `add_parser` call that made the last subcommand. */
  commandCall?: CallSite['node'];
}

/** Finds the parser an `add_argument` (or `add_parser`) call belongs to, by walking its chain. */
function parserPathOf(model: SourceModel, site: CallSite): ParserPath | undefined {
  const { chain } = site;
  let programCall: CallSite['node'] | undefined;
  let commandCall: CallSite['node'] | undefined;
  const path: string[] = [];
  let previousMember = chain.root.split('.').pop()!;
  let rootPath = chain.root;
  for (let i = 0; i < site.index; i++) {
    const segment = chain.segments[i]!;
    if (segment.kind === 'member') {
      previousMember = segment.name;
      rootPath += `.${segment.name}`;
      continue;
    }
    if (segment.kind !== 'call') continue;
    if (
      !programCall &&
      (PARSER_CONSTRUCTORS.has(rootPath) || previousMember === 'ArgumentParser')
    ) {
      programCall = segment.node;
    } else if (programCall && previousMember === 'add_parser') {
      const name = stringOf(model.valueOf(segment.args[0] ?? segment.keywords.get('name')));
      path.push(name ?? '?');
      commandCall = segment.node;
    }
    rootPath += '()';
  }
  if (!programCall) return undefined;
  return {
    programKey: programCall.startIndex,
    programCall,
    path,
    ...(commandCall ? { commandCall } : {}),
  };
}

function cleanHelp(help: string, defaultValue?: unknown): string {
  const shown = defaultValue === undefined || defaultValue === null ? 'none' : String(defaultValue);
  return help
    .replace(/%\(default\)[sdr]/g, shown)
    .replace(/%\((\w+)\)s/g, '$1')
    .replace(/%%/g, '%')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One `add_argument(...)` call as an option. */
export function argparseOption(model: SourceModel, site: CallSite): CliOptionFact | undefined {
  const names = site.args
    .map((arg) => stringOf(model.valueOf(arg)))
    .filter((n): n is string => n !== undefined);
  if (names.length === 0) return undefined;
  const kw = (key: string): StaticValue | undefined => model.valueOf(site.keywords.get(key));
  const action =
    stringOf(kw('action')) ??
    (kw('action')?.kind === 'reference' ? (kw('action') as { name: string }).name : undefined);
  if (action && SKIPPED_ACTIONS.has(action)) return undefined;
  const positional = !names[0]!.startsWith('-');
  const flags = positional
    ? []
    : [...names].sort((a, b) => Number(b.startsWith('--')) - Number(a.startsWith('--')));
  const longFlag = flags.find((f) => f.startsWith('--')) ?? flags[0];
  const dest =
    stringOf(kw('dest')) ??
    (positional ? names[0]! : longFlag!.replace(/^-+/, '').replace(/-/g, '_'));
  const nargsValue = literalOf(kw('nargs'));
  const nargs =
    typeof nargsValue === 'string' || typeof nargsValue === 'number' ? nargsValue : undefined;
  const typeValue = kw('type');
  const defaultValue = literalOf(kw('default'));
  const choices = literalOf(kw('choices'));
  const help = stringOf(kw('help'));
  const isBooleanOptional = action?.endsWith('BooleanOptionalAction') ?? false;
  const isFlag =
    ['store_true', 'store_false', 'store_const', 'count', 'append_const'].includes(action ?? '') ||
    isBooleanOptional;
  const multiple =
    action === 'append' ||
    action === 'extend' ||
    nargs === '+' ||
    nargs === '*' ||
    (typeof nargs === 'number' && nargs > 1);
  let required: boolean;
  if (positional) required = nargs !== '?' && nargs !== '*' && defaultValue === undefined;
  else required = literalOf(kw('required')) === true;
  const option: CliOptionFact = {
    name: dest,
    flags,
    positional,
    required,
    multiple,
    isFlag,
    line: site.line,
  };
  const valueType = isFlag ? 'boolean' : valueTypeOfReference(typeValue);
  if (valueType) option.valueType = valueType;
  if (typeValue) option.typeText = renderStaticValue(typeValue);
  if (action) option.action = action;
  if (nargs !== undefined) option.nargs = nargs;
  if (multiple)
    option.multipleStyle = action === 'append' || action === 'extend' ? 'repeat' : 'list';
  const fromPath = pathDefault(kw('default'));
  if (defaultValue !== undefined && defaultValue !== null) option.default = defaultValue;
  else if (fromPath !== undefined) option.default = fromPath;
  else if (action === 'store_true') option.default = false;
  else if (action === 'store_false') option.default = true;
  if (Array.isArray(choices)) option.choices = choices;
  if (help) option.help = cleanHelp(help, option.default);
  if (isBooleanOptional && longFlag) option.negativeFlag = `--no-${longFlag.replace(/^--/, '')}`;
  return option;
}

/** Module docstring, used when a parser says `description=__doc__`. */
function moduleDocstring(model: SourceModel): string | undefined {
  const first = model.root.namedChildren.find((child) => child.type !== 'comment');
  const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (literal?.type !== 'string') return undefined;
  const value = stringOf(model.valueOf(literal));
  return value
    ?.trim()
    .split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, ' ');
}

function describe(
  model: SourceModel,
  node: CallSite['node'] | undefined,
  site?: CallSite,
): string | undefined {
  if (!site || !node) return undefined;
  const value = model.valueOf(site.keywords.get('description') ?? site.keywords.get('help'));
  if (value?.kind === 'reference' && value.name === '__doc__') return moduleDocstring(model);
  const text = stringOf(value);
  return text ? cleanHelp(text) : undefined;
}

/**
 * argparse programs: each `ArgumentParser(...)` with the `add_argument` calls on it, its subcommands
 * (`add_subparsers().add_parser(name)`), argument groups folded into their parser.
 */
export function extractArgparsePrograms(model: SourceModel): CliProgramFact[] {
  const programs = new Map<
    number,
    { fact: CliProgramFact; commands: Map<string, CliCommandFact> }
  >();
  // Chained calls share their start offset; a call is identified by its span.
  const spanOf = (node: CallSite['node']): string => `${node.startIndex}:${node.endIndex}`;
  const siteByNode = new Map<string, CallSite>();
  for (const site of model.calls) siteByNode.set(spanOf(site.node), site);

  const programOf = (
    path: ParserPath,
  ): { fact: CliProgramFact; commands: Map<string, CliCommandFact> } => {
    let entry = programs.get(path.programKey);
    if (!entry) {
      const constructorSite = siteByNode.get(spanOf(path.programCall));
      const description = describe(model, path.programCall, constructorSite);
      const prog = constructorSite
        ? stringOf(model.valueOf(constructorSite.keywords.get('prog')))
        : undefined;
      const entryFunction = enclosingFunction(model, path.programCall);
      const fact: CliProgramFact = {
        framework: 'argparse',
        line: lineOf(path.programCall),
        parsesArguments: false,
        ...(entryFunction ? { entryFunction } : {}),
        ...(variableOf(model, path.programCall)
          ? { variable: variableOf(model, path.programCall)! }
          : {}),
        ...(prog ? { name: prog } : {}),
        ...(description ? { description } : {}),
        commands: [],
      };
      entry = { fact, commands: new Map([['', { path: [], line: fact.line, options: [] }]]) };
      programs.set(path.programKey, entry);
    }
    return entry;
  };
  const commandOf = (path: ParserPath): CliCommandFact => {
    const program = programOf(path);
    const key = path.path.join(' ');
    let command = program.commands.get(key);
    if (!command) {
      const site = path.commandCall ? siteByNode.get(spanOf(path.commandCall)) : undefined;
      const description = site
        ? stringOf(model.valueOf(site.keywords.get('help') ?? site.keywords.get('description')))
        : undefined;
      command = {
        path: path.path,
        line: path.commandCall ? lineOf(path.commandCall) : program.fact.line,
        ...(description ? { description: cleanHelp(description) } : {}),
        options: [],
      };
      program.commands.set(key, command);
    }
    return command;
  };

  for (const site of model.calls) {
    const isConstructor = site.callee === 'argparse.ArgumentParser';
    const isArgument = site.callee.startsWith('argparse.') && site.callee.endsWith('.add_argument');
    const isSubparser = site.callee.startsWith('argparse.') && site.callee.endsWith('.add_parser');
    const isDefaults = site.callee.startsWith('argparse.') && site.callee.endsWith('.set_defaults');
    if (
      site.callee.startsWith('argparse.') &&
      /\.parse_(known_)?(intermixed_)?args$/.test(site.callee)
    ) {
      const path = parserPathOf(model, site);
      if (path) programOf(path).fact.parsesArguments = true;
      continue;
    }
    if (!isConstructor && !isArgument && !isSubparser && !isDefaults) continue;
    if (isConstructor) {
      programOf({ programKey: site.node.startIndex, programCall: site.node, path: [] });
      continue;
    }
    const path = parserPathOf(model, isSubparser ? { ...site, index: site.index + 1 } : site);
    if (!path) continue;
    if (isSubparser) {
      commandOf(path);
      continue;
    }
    const command = commandOf(path);
    if (isDefaults) {
      const handler = model.valueOf(site.keywords.get('func'));
      if (handler?.kind === 'reference') command.functionName = handler.name;
      continue;
    }
    const option = argparseOption(model, site);
    if (option) command.options.push(option);
  }
  return [...programs.values()].map(({ fact, commands }) => {
    const list = [...commands.values()];
    // A program with subcommands keeps its root command only when it has options of its own.
    fact.commands = list.filter(
      (command) => command.path.length > 0 || command.options.length > 0 || list.length === 1,
    );
    return fact;
  });
}

/** The top-level function that builds a parser, so it can be called to run the program. */
function enclosingFunction(model: SourceModel, node: CallSite['node']): string | undefined {
  let name: string | undefined;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') {
      const nameNode = parent.childForFieldName('name');
      name = nameNode ? model.textOf(nameNode) : undefined;
    }
    if (parent.type === 'class_definition') return undefined;
  }
  return name;
}

function variableOf(model: SourceModel, call: CallSite['node']): string | undefined {
  const parent = call.parent;
  if (parent?.type === 'assignment') {
    const left = parent.childForFieldName('left');
    if (left?.type === 'identifier') return model.textOf(left);
  }
  return undefined;
}
