import type { CliCommandFact, CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import {
  type JsonValue,
  type StaticValue,
  literalOf,
  renderStaticValue,
  stringOf,
} from '../../profile/static-value';
import { parsePythonDocstring } from '../../languages/doc-comments';
import {
  type CallSite,
  type SourceModel,
  type SyntaxNode,
  lineOf,
} from '../../languages/source-model';
import { pythonDocstringOf } from '../structure/python-structure';
import { valueTypeOfReference } from './python-value-types';

interface DecoratedCommand {
  functionName: string;
  definition: SyntaxNode;
  /** The command/group decorator. */
  decorator: CallSite;
  isGroup: boolean;
  /** The group function it is attached to (`@cli.command()`), when any. */
  parent?: string;
  params: CallSite[];
}

const PARAM_DECORATORS = new Set(['option', 'argument', 'password_option', 'confirmation_option']);

/** The decorated function definition of a decorator call. */
function decoratedFunction(site: CallSite): SyntaxNode | undefined {
  const decorator = site.node.parent;
  if (decorator?.type !== 'decorator') return undefined;
  const definition = decorator.parent?.childForFieldName('definition');
  return definition?.type === 'function_definition' ? definition : undefined;
}

/** `--dry-run` → `dry_run`, as click names parameters. */
function identifierOf(declarations: string[]): string {
  const bare = declarations.find((d) => /^[A-Za-z_]\w*$/.test(d));
  if (bare) return bare;
  // In a `--shout/--no-shout` pair only the first flag names the parameter.
  const flags = declarations.map((d) => d.split('/')[0]!.trim()).filter((d) => d.startsWith('-'));
  const longest =
    [...flags].sort((a, b) => prefixLength(b) - prefixLength(a) || b.length - a.length)[0] ??
    'value';
  return longest.replace(/^-+/, '').replace(/-/g, '_').toLowerCase();
}

function prefixLength(flag: string): number {
  return flag.match(/^-+/)?.[0].length ?? 0;
}

/** One `@click.option(...)` or `@click.argument(...)`. */
function clickParameter(model: SourceModel, site: CallSite, kind: string): CliOptionFact {
  const kw = (key: string): StaticValue | undefined => model.valueOf(site.keywords.get(key));
  const declarations = site.args
    .map((arg) => stringOf(model.valueOf(arg)))
    .filter((d): d is string => d !== undefined);
  const positional = kind === 'argument';
  const name = positional
    ? (declarations[0] ?? 'argument').replace(/-/g, '_').toLowerCase()
    : identifierOf(declarations);
  const flagDeclarations = positional ? [] : declarations.filter((d) => d.startsWith('-'));
  const flags: string[] = [];
  let negativeFlag: string | undefined;
  for (const declaration of flagDeclarations) {
    const [on, off] = declaration.split('/').map((part) => part.trim());
    if (on) flags.push(on);
    if (off) negativeFlag = off;
  }
  flags.sort((a, b) => prefixLength(b) - prefixLength(a));
  const typeValue = kw('type');
  const defaultValue = literalOf(kw('default'));
  const nargs = literalOf(kw('nargs'));
  const explicitFlag = literalOf(kw('is_flag')) === true || literalOf(kw('count')) === true;
  const isFlag =
    explicitFlag ||
    negativeFlag !== undefined ||
    (kw('is_flag') === undefined &&
      typeValue === undefined &&
      typeof defaultValue === 'boolean' &&
      !positional);
  const multiple =
    literalOf(kw('multiple')) === true || nargs === -1 || (typeof nargs === 'number' && nargs > 1);
  const requiredValue = literalOf(kw('required'));
  const prompts = kw('prompt') !== undefined && literalOf(kw('prompt')) !== false;
  let required: boolean;
  if (positional)
    required =
      requiredValue === undefined
        ? nargs !== -1 && defaultValue === undefined
        : requiredValue === true;
  else required = requiredValue === true || (prompts && defaultValue === undefined);
  const option: CliOptionFact = {
    name,
    flags,
    positional,
    required,
    multiple,
    isFlag,
    line: site.line,
  };
  let valueType = isFlag ? 'boolean' : valueTypeOfReference(typeValue);
  if (!valueType && defaultValue !== undefined) valueType = valueTypeOfLiteral(defaultValue);
  if (valueType) option.valueType = valueType;
  if (typeValue) option.typeText = renderStaticValue(typeValue);
  if (multiple)
    option.multipleStyle =
      positional || (typeof nargs === 'number' && nargs > 1) ? 'list' : 'repeat';
  if (typeof nargs === 'number' || typeof nargs === 'string') option.nargs = nargs;
  if (defaultValue !== undefined && defaultValue !== null) option.default = defaultValue;
  else if (isFlag) option.default = false;
  if (typeValue?.kind === 'call' && typeValue.callee.endsWith('Choice')) {
    const choices = literalOf(typeValue.args[0] ?? typeValue.kwargs.choices);
    if (Array.isArray(choices)) option.choices = choices;
  }
  const help = stringOf(kw('help'));
  if (help) option.help = help.replace(/\s+/g, ' ').trim();
  const envVar = stringOf(kw('envvar'));
  if (envVar) option.envVar = envVar;
  if (negativeFlag) option.negativeFlag = negativeFlag;
  return option;
}

function valueTypeOfLiteral(value: JsonValue): CliOptionFact['valueType'] {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return undefined;
}

/** Docstring text click shows as help: up to a `\f` line. */
function helpFromDocstring(definition: SyntaxNode, model: SourceModel): string | undefined {
  const docstring = pythonDocstringOf(definition, model.source);
  if (!docstring) return undefined;
  return parsePythonDocstring(docstring.split('\f')[0]!).summary || undefined;
}

/**
 * click programs: `@click.command()`/`@click.group()` functions with their `@click.option` and
 * `@click.argument` decorators; `@group.command()` and `group.add_command(fn)` make subcommands.
 */
export function extractClickPrograms(model: SourceModel): CliProgramFact[] {
  const commands = new Map<string, DecoratedCommand>();
  const params = new Map<number, CallSite[]>();
  for (const site of model.calls) {
    if (site.chain.root !== 'click' && !site.chain.root.startsWith('click.')) continue;
    const definition = decoratedFunction(site);
    if (!definition) continue;
    const member = site.callee.split('.').pop()!;
    const functionNameNode = definition.childForFieldName('name');
    if (!functionNameNode) continue;
    const functionName = model.textOf(functionNameNode);
    if (member === 'command' || member === 'group') {
      const own = site.chain.segments.slice(0, site.index).filter((s) => s.kind === 'call');
      const parent = own.length > 0 && site.chain.head !== 'click' ? site.chain.head : undefined;
      commands.set(functionName, {
        functionName,
        definition,
        decorator: site,
        isGroup: member === 'group',
        ...(parent ? { parent } : {}),
        params: [],
      });
    } else if (PARAM_DECORATORS.has(member)) {
      const list = params.get(definition.startIndex) ?? [];
      list.push(site);
      params.set(definition.startIndex, list);
    }
  }
  // group.add_command(fn, name="x")
  const renamed = new Map<string, string>();
  for (const site of model.calls) {
    if (!site.callee.startsWith('click.') || !site.callee.endsWith('.add_command')) continue;
    const target = model.valueOf(site.args[0]);
    if (target?.kind !== 'reference') continue;
    const command = commands.get(target.name);
    if (command && command.parent === undefined && site.chain.head !== target.name) {
      command.parent = site.chain.head;
      const name = stringOf(model.valueOf(site.args[1] ?? site.keywords.get('name')));
      if (name) renamed.set(target.name, name);
    }
  }
  const nameOf = (command: DecoratedCommand): string =>
    renamed.get(command.functionName) ??
    stringOf(model.valueOf(command.decorator.args[0] ?? command.decorator.keywords.get('name'))) ??
    command.functionName.replace(/_/g, '-').toLowerCase();
  const pathOf = (
    command: DecoratedCommand,
    depth = 0,
  ): { root: DecoratedCommand; path: string[] } => {
    const parent = command.parent ? commands.get(command.parent) : undefined;
    if (!parent || depth > 10) return { root: command, path: [] };
    const above = pathOf(parent, depth + 1);
    return { root: above.root, path: [...above.path, nameOf(command)] };
  };

  const programs = new Map<string, CliProgramFact>();
  for (const command of commands.values()) {
    const { root, path } = pathOf(command);
    let program = programs.get(root.functionName);
    if (!program) {
      const description =
        stringOf(model.valueOf(root.decorator.keywords.get('help'))) ??
        helpFromDocstring(root.definition, model);
      program = {
        framework: 'click',
        line: root.decorator.line,
        variable: root.functionName,
        entryFunction: root.functionName,
        ...(description ? { description } : {}),
        commands: [],
      };
      programs.set(root.functionName, program);
    }
    const ownParams = (params.get(command.definition.startIndex) ?? []).sort(
      (a, b) => a.node.startIndex - b.node.startIndex,
    );
    const options = ownParams.map((site) =>
      clickParameter(model, site, site.callee.split('.').pop()!),
    );
    const description =
      stringOf(model.valueOf(command.decorator.keywords.get('help'))) ??
      helpFromDocstring(command.definition, model);
    const fact: CliCommandFact = {
      path,
      line: lineOf(command.definition.parent ?? command.definition),
      functionName: command.functionName,
      ...(description ? { description } : {}),
      options,
    };
    // A group's own options are kept (they go before the subcommand); a group without them is only a container.
    if (!command.isGroup || options.length > 0 || path.length === 0) program.commands.push(fact);
  }
  for (const program of programs.values()) {
    const hasSubcommands = program.commands.some((c) => c.path.length > 0);
    if (hasSubcommands)
      program.commands = program.commands.filter((c) => c.path.length > 0 || c.options.length > 0);
    program.commands.sort((a, b) => a.line - b.line);
  }
  return [...programs.values()];
}
