import type { CliCommandFact, CliOptionFact, CliProgramFact } from '../../profile/file-facts';
import { type StaticValue, literalOf, stringOf } from '../../profile/static-value';
import { parsePythonDocstring } from '../../languages/doc-comments';
import {
  type CallSite,
  type SourceModel,
  type SyntaxNode,
  lineOf,
} from '../../languages/source-model';
import { pythonDocstringOf } from '../structure/python-structure';
import {
  isListAnnotation,
  pathDefault,
  splitTopLevel,
  unwrapAnnotation,
  valueTypeOfAnnotation,
} from './python-value-types';

interface TyperApp {
  key: number;
  variable: string;
  line: number;
  help?: string;
  commands: { name?: string; definition: SyntaxNode; line: number; help?: string }[];
  callback?: SyntaxNode;
  children: { variable: string; name?: string }[];
}

function decoratedFunction(site: CallSite): SyntaxNode | undefined {
  const decorator = site.node.parent;
  if (decorator?.type !== 'decorator') return undefined;
  const definition = decorator.parent?.childForFieldName('definition');
  return definition?.type === 'function_definition' ? definition : undefined;
}

function appKeyOf(site: CallSite): number | undefined {
  for (let i = 0; i < site.index; i++) {
    const segment = site.chain.segments[i]!;
    if (segment.kind === 'call') return segment.node.startIndex;
  }
  return undefined;
}

/** Member values of an `Enum` class defined in the file, by member name, for choices. */
function enumValues(
  model: SourceModel,
  className: string,
): Map<string, string | number> | undefined {
  for (const definition of model.root.descendantsOfType('class_definition')) {
    const name = definition.childForFieldName('name');
    if (!name || model.textOf(name) !== className) continue;
    const bases = model.textOf(definition.childForFieldName('superclasses') ?? definition);
    if (!/Enum/.test(bases)) return undefined;
    const values = new Map<string, string | number>();
    for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
      const assignment =
        statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const value = literalOf(model.valueOf(assignment.childForFieldName('right') ?? undefined));
      if (left && (typeof value === 'string' || typeof value === 'number'))
        values.set(model.textOf(left), value);
    }
    return values.size > 0 ? values : undefined;
  }
  return undefined;
}

/** The `typer.Option(...)`/`typer.Argument(...)` of a parameter, from its default or an `Annotated[...]` annotation. */
function parameterInfo(
  model: SourceModel,
  annotation: SyntaxNode | null,
  value: SyntaxNode | null,
): { info?: Extract<StaticValue, { kind: 'call' }>; fromAnnotation: boolean } {
  const defaultValue = model.valueOf(value ?? undefined);
  if (defaultValue?.kind === 'call' && /(^|\.)(Option|Argument)$/.test(defaultValue.callee))
    return { info: defaultValue, fromAnnotation: false };
  if (annotation && /^(typing\.|typing_extensions\.)?Annotated\[/.test(model.textOf(annotation))) {
    const subscript =
      annotation.descendantsOfType('generic_type')[0] ??
      annotation.descendantsOfType('subscript')[0];
    const parts = subscript?.descendantsOfType('call') ?? [];
    for (const call of parts) {
      const candidate = model.valueOf(call);
      if (candidate?.kind === 'call' && /(^|\.)(Option|Argument)$/.test(candidate.callee))
        return { info: candidate, fromAnnotation: true };
    }
  }
  return { fromAnnotation: false };
}

function typerParameter(model: SourceModel, parameter: SyntaxNode): CliOptionFact | undefined {
  let nameNode: SyntaxNode | null = parameter;
  let annotation: SyntaxNode | null = null;
  let value: SyntaxNode | null = null;
  if (parameter.type === 'typed_parameter') {
    nameNode = parameter.namedChildren.find((n) => n.type === 'identifier') ?? null;
    annotation = parameter.childForFieldName('type');
  } else if (
    parameter.type === 'default_parameter' ||
    parameter.type === 'typed_default_parameter'
  ) {
    nameNode = parameter.childForFieldName('name');
    annotation = parameter.childForFieldName('type');
    value = parameter.childForFieldName('value');
  } else if (parameter.type !== 'identifier') {
    return undefined;
  }
  if (!nameNode) return undefined;
  const name = model.textOf(nameNode);
  const annotationText = annotation ? model.textOf(annotation) : undefined;
  if (annotationText && /(^|\.)Context$/.test(annotationText)) return undefined;
  const { info, fromAnnotation } = parameterInfo(model, annotation, value);
  const positional = info ? /Argument$/.test(info.callee) : value === null;
  const rawDefault =
    info && !fromAnnotation
      ? (info.args[0] ?? info.kwargs.default)
      : model.valueOf(value ?? undefined);
  const requiredMarker = rawDefault?.kind === 'expression' && rawDefault.text === '...';
  const defaultValue = literalOf(rawDefault);
  const innerType = annotationText ? typeOfAnnotated(annotationText) : undefined;
  const valueType = valueTypeOfAnnotation(innerType);
  const multiple = isListAnnotation(innerType);
  const isFlag = valueType === 'boolean' && !positional;
  const declarations = (info?.args.slice(fromAnnotation ? 0 : 1) ?? [])
    .map(stringOf)
    .filter((d): d is string => d !== undefined);
  const flags: string[] = [];
  let negativeFlag: string | undefined;
  if (!positional) {
    if (declarations.length > 0) {
      for (const declaration of declarations) {
        const [on, off] = declaration.split('/').map((part) => part.trim());
        if (on) flags.push(on);
        if (off) negativeFlag = off;
      }
    } else {
      const flag = `--${name.replace(/_/g, '-')}`;
      flags.push(flag);
      if (isFlag) negativeFlag = `--no-${name.replace(/_/g, '-')}`;
    }
    flags.sort((a, b) => (b.startsWith('--') ? 1 : 0) - (a.startsWith('--') ? 1 : 0));
  }
  const option: CliOptionFact = {
    name,
    flags,
    positional,
    required: requiredMarker || rawDefault === undefined,
    multiple,
    isFlag,
    line: lineOf(parameter),
  };
  if (valueType) option.valueType = valueType;
  if (innerType) option.typeText = innerType;
  if (multiple) option.multipleStyle = positional ? 'list' : 'repeat';
  if (defaultValue !== undefined && defaultValue !== null && !requiredMarker)
    option.default = defaultValue;
  const fromPath = pathDefault(rawDefault);
  if (fromPath !== undefined) option.default = fromPath;
  const enumName = innerType ? unwrapAnnotation(innerType) : undefined;
  if (enumName && !valueType && /^[A-Z]\w*$/.test(enumName)) {
    const members = enumValues(model, enumName);
    if (members) {
      option.choices = [...members.values()];
      option.valueType = 'string';
      const member =
        rawDefault?.kind === 'reference'
          ? members.get(rawDefault.name.split('.').pop()!)
          : undefined;
      if (member !== undefined) option.default = member;
    }
  }
  const help = stringOf(info?.kwargs.help);
  if (help) option.help = help;
  const envVar = stringOf(info?.kwargs.envvar);
  if (envVar) option.envVar = envVar;
  if (negativeFlag) option.negativeFlag = negativeFlag;
  return option;
}

/** The type inside `Annotated[T, ...]`, else the annotation. */
function typeOfAnnotated(annotation: string): string {
  const annotated = /^(?:typing\.|typing_extensions\.)?Annotated\[(.*)\]$/s.exec(annotation.trim());
  return annotated ? splitTopLevel(annotated[1]!)[0]!.trim() : annotation;
}

function commandFact(
  model: SourceModel,
  definition: SyntaxNode,
  path: string[],
  help: string | undefined,
  line: number,
): CliCommandFact {
  const options: CliOptionFact[] = [];
  for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    const option = typerParameter(model, parameter);
    if (option) options.push(option);
  }
  const docstring = pythonDocstringOf(definition, model.source);
  const description = help ?? (docstring ? parsePythonDocstring(docstring).summary : undefined);
  const name = definition.childForFieldName('name');
  return {
    path,
    line,
    ...(name ? { functionName: model.textOf(name) } : {}),
    ...(description ? { description } : {}),
    options,
  };
}

/**
 * typer programs: `typer.Typer()` apps with their `@app.command()` functions (parameters and
 * `typer.Option`/`typer.Argument`, plain or inside `Annotated`), `@app.callback()` options,
 * `app.add_typer(sub, name=...)` groups, and `typer.run(main)`.
 */
export function extractTyperPrograms(model: SourceModel): CliProgramFact[] {
  const apps = new Map<number, TyperApp>();
  const byVariable = new Map<string, TyperApp>();
  const functions = new Map<string, SyntaxNode>();
  const programs: CliProgramFact[] = [];
  for (const site of model.calls) {
    if (site.chain.root !== 'typer' && !site.chain.root.startsWith('typer.')) continue;
    if (site.callee === 'typer.Typer') {
      const variable =
        site.node.parent?.type === 'assignment' ? site.node.parent.childForFieldName('left') : null;
      const help = stringOf(model.valueOf(site.keywords.get('help')));
      const app: TyperApp = {
        key: site.node.startIndex,
        variable: variable ? model.textOf(variable) : 'app',
        line: site.line,
        ...(help ? { help } : {}),
        commands: [],
        children: [],
      };
      apps.set(app.key, app);
      byVariable.set(app.variable, app);
    }
  }
  for (const site of model.calls) {
    if (!site.callee.startsWith('typer.')) continue;
    if (site.callee === 'typer.run') {
      const target = model.valueOf(site.args[0]);
      if (target?.kind !== 'reference') continue;
      if (functions.size === 0) collectFunctions(model, functions);
      const definition = functions.get(target.name);
      if (!definition) continue;
      programs.push({
        framework: 'typer',
        line: site.line,
        variable: target.name,
        commands: [commandFact(model, definition, [], undefined, site.line)],
      });
      continue;
    }
    const key = appKeyOf(site);
    const app = key === undefined ? undefined : apps.get(key);
    if (!app) continue;
    const member = site.callee.split('.').pop();
    if (member === 'command') {
      const definition = decoratedFunction(site);
      if (!definition) continue;
      const name = stringOf(model.valueOf(site.args[0] ?? site.keywords.get('name')));
      const help = stringOf(model.valueOf(site.keywords.get('help')));
      app.commands.push({
        ...(name ? { name } : {}),
        definition,
        line: site.line,
        ...(help ? { help } : {}),
      });
    } else if (member === 'callback') {
      const definition = decoratedFunction(site);
      if (definition) app.callback = definition;
    } else if (member === 'add_typer') {
      const child = site.args[0] ? model.textOf(site.args[0]) : undefined;
      const name = stringOf(model.valueOf(site.keywords.get('name')));
      if (child) app.children.push({ variable: child, ...(name ? { name } : {}) });
    }
  }
  const nested = new Set<string>();
  for (const app of apps.values()) for (const child of app.children) nested.add(child.variable);
  const commandsOf = (app: TyperApp, prefix: string[], depth: number): CliCommandFact[] => {
    const single =
      app.commands.length === 1 &&
      !app.callback &&
      app.children.length === 0 &&
      prefix.length === 0;
    const result: CliCommandFact[] = [];
    if (app.callback && depth === 0) {
      const callback = commandFact(model, app.callback, prefix, app.help, lineOf(app.callback));
      if (callback.options.length > 0) result.push(callback);
    }
    for (const command of app.commands) {
      const fnName = command.definition.childForFieldName('name');
      const name = command.name ?? (fnName ? model.textOf(fnName).replace(/_/g, '-') : 'command');
      result.push(
        commandFact(
          model,
          command.definition,
          single ? [] : [...prefix, name],
          command.help,
          command.line,
        ),
      );
    }
    for (const child of app.children) {
      const childApp = byVariable.get(child.variable);
      if (childApp && depth < 5)
        result.push(
          ...commandsOf(
            childApp,
            [...prefix, child.name ?? childApp.variable.replace(/_app$/, '').replace(/_/g, '-')],
            depth + 1,
          ),
        );
    }
    return result;
  };
  for (const app of apps.values()) {
    if (nested.has(app.variable)) continue;
    const commands = commandsOf(app, [], 0);
    if (commands.length === 0) continue;
    programs.push({
      framework: 'typer',
      line: app.line,
      variable: app.variable,
      entryFunction: app.variable,
      ...(app.help ? { description: app.help } : {}),
      commands,
    });
  }
  return programs;
}

function collectFunctions(model: SourceModel, into: Map<string, SyntaxNode>): void {
  for (const definition of model.root.descendantsOfType('function_definition')) {
    const name = definition.childForFieldName('name');
    if (name && !into.has(model.textOf(name))) into.set(model.textOf(name), definition);
  }
}
