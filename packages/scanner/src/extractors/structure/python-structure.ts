import type {
  ClassFact,
  FunctionFact,
  MainGuardFact,
  ParameterFact,
} from '../../profile/file-facts';
import { literalOf } from '../../profile/static-value';
import { parsePythonDocstring } from '../../languages/doc-comments';
import { pythonStringValue } from '../../languages/python/python-values';
import { type SourceModel, type SyntaxNode, lineOf } from '../../languages/source-model';

/** The code structure of a Python file. */
export interface PythonStructure {
  functions: FunctionFact[];
  classes: ClassFact[];
  declaredAll?: string[];
  mainGuard?: MainGuardFact;
}

const MAX_DECORATOR_TEXT = 200;
const MAIN_GUARD = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;

/** The docstring of a function or class body, when its first statement is a string. */
export function pythonDocstringOf(definition: SyntaxNode, source: string): string | undefined {
  const body = definition.childForFieldName('body');
  let first = body?.firstNamedChild ?? null;
  while (first?.type === 'comment') first = first.nextNamedSibling;
  if (first?.type !== 'expression_statement') return undefined;
  const literal = first.namedChildren[0];
  if (literal?.type !== 'string') return undefined;
  return pythonStringValue(literal, source);
}

function decoratorsOf(decorated: SyntaxNode | undefined, source: string): string[] {
  if (!decorated) return [];
  return decorated.namedChildren
    .filter((child) => child.type === 'decorator')
    .map((decorator) =>
      source
        .slice(decorator.startIndex, decorator.endIndex)
        .replace(/^@\s*/, '')
        .slice(0, MAX_DECORATOR_TEXT),
    );
}

/** Where a definition sits: its directly enclosing class, and whether it is at module level (or in a module-level class). */
interface Place {
  className?: string;
  topLevel: boolean;
}

/** Reads the parameters of a Python `parameters` node; `dropReceiver` drops a leading `self`/`cls`. */
export function pythonParameters(
  model: SourceModel,
  parameters: SyntaxNode | null,
  dropReceiver: boolean,
): ParameterFact[] {
  if (!parameters) return [];
  const text = (node: SyntaxNode): string => model.textOf(node);
  const result: ParameterFact[] = [];
  let keywordOnly = false;
  for (const child of parameters.namedChildren) {
    if (child.type === 'comment') continue;
    if (child.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    if (child.type === 'positional_separator') {
      for (const parameter of result)
        if (parameter.kind === 'positional') parameter.kind = 'positional-only';
      continue;
    }
    let nameNode: SyntaxNode | null = child;
    let annotation: SyntaxNode | null = null;
    let value: SyntaxNode | null = null;
    if (child.type === 'typed_parameter') {
      nameNode = child.namedChildren.find((n) => n.type !== 'type') ?? null;
      annotation = child.childForFieldName('type');
    } else if (child.type === 'default_parameter' || child.type === 'typed_default_parameter') {
      nameNode = child.childForFieldName('name');
      annotation = child.childForFieldName('type');
      value = child.childForFieldName('value');
    }
    if (!nameNode) continue;
    let kind: ParameterFact['kind'] = keywordOnly ? 'keyword-only' : 'positional';
    let name = text(nameNode);
    if (nameNode.type === 'list_splat_pattern') {
      kind = 'variadic';
      keywordOnly = true;
      name = name.replace(/^\*/, '');
    } else if (nameNode.type === 'dictionary_splat_pattern') {
      kind = 'variadic-keyword';
      name = name.replace(/^\*\*/, '');
    }
    const parameter: ParameterFact = { name, kind, optional: value !== null };
    if (annotation) parameter.annotation = text(annotation);
    if (value) {
      parameter.defaultText = text(value).slice(0, MAX_DECORATOR_TEXT);
      const literal = literalOf(model.valueOf(value));
      if (literal !== undefined) parameter.default = literal;
    }
    result.push(parameter);
  }
  if (dropReceiver && (result[0]?.name === 'self' || result[0]?.name === 'cls')) result.shift();
  return result;
}

function readFunction(
  model: SourceModel,
  definition: SyntaxNode,
  place: Place,
): FunctionFact | undefined {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode) return undefined;
  const name = model.textOf(nameNode);
  const { className, topLevel } = place;
  const parent = definition.parent;
  const decorated = parent?.type === 'decorated_definition' ? parent : undefined;
  const decorators = decoratorsOf(decorated, model.source);
  const isStatic = decorators.includes('staticmethod');
  const parameters = pythonParameters(
    model,
    definition.childForFieldName('parameters'),
    Boolean(className) && !isStatic,
  );
  const docstring = pythonDocstringOf(definition, model.source);
  const doc = docstring === undefined ? undefined : parsePythonDocstring(docstring);
  if (doc) {
    for (const parameter of parameters) {
      const described = doc.params.get(parameter.name);
      if (described?.description) parameter.description = described.description;
      if (described?.type && !parameter.annotation) parameter.annotation = described.type;
    }
  }
  const returns = definition.childForFieldName('return_type');
  const classNameText = className;
  return {
    name,
    qualifiedName: classNameText ? `${classNameText}.${name}` : name,
    line: lineOf(decorated ?? definition),
    endLine: definition.endPosition.row + 1,
    async: model.source.startsWith('async', definition.startIndex),
    kind: className ? 'method' : 'function',
    ...(classNameText ? { className: classNameText } : {}),
    topLevel,
    public: !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__')),
    parameters,
    ...(returns ? { returns: model.textOf(returns) } : {}),
    ...(doc && doc.text ? { docstring: doc.text } : {}),
    decorators,
  };
}

/** A class; its `methods` are filled from the functions found inside it. */
function readClass(model: SourceModel, definition: SyntaxNode): ClassFact | undefined {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode) return undefined;
  const bases = definition.childForFieldName('superclasses');
  const docstring = pythonDocstringOf(definition, model.source);
  const methods: string[] = [];
  const parent = definition.parent;
  const decorated = parent?.type === 'decorated_definition' ? parent : undefined;
  return {
    name: model.textOf(nameNode),
    line: lineOf(decorated ?? definition),
    endLine: definition.endPosition.row + 1,
    bases: (bases?.namedChildren ?? [])
      .filter((b) => b.type !== 'keyword_argument' && b.type !== 'comment')
      .map((b) => model.textOf(b)),
    decorators: decoratorsOf(decorated, model.source),
    ...(docstring ? { docstring: parsePythonDocstring(docstring).text } : {}),
    methods,
  };
}

function readMainGuard(model: SourceModel): MainGuardFact | undefined {
  for (const statement of model.root.namedChildren) {
    if (statement.type !== 'if_statement') continue;
    const condition = statement.childForFieldName('condition');
    if (!condition || !MAIN_GUARD.test(model.textOf(condition).replace(/\s+/g, ' ').trim()))
      continue;
    const calls = new Set<string>();
    for (const call of statement.childForFieldName('consequence')?.descendantsOfType('call') ??
      []) {
      const fn = call.childForFieldName('function');
      if (fn && (fn.type === 'identifier' || fn.type === 'attribute')) calls.add(model.textOf(fn));
    }
    return { line: lineOf(statement), calls: [...calls] };
  }
  return undefined;
}

function readDeclaredAll(model: SourceModel): string[] | undefined {
  const value = model.constants.get('__all__');
  const literal = literalOf(value);
  return Array.isArray(literal) && literal.every((item) => typeof item === 'string')
    ? (literal as string[])
    : undefined;
}

/** Functions, methods, classes, `__all__` and the `__main__` guard of a Python file. */
export function extractPythonStructure(model: SourceModel): PythonStructure {
  const functions: FunctionFact[] = [];
  const classes: ClassFact[] = [];
  // Definitions come in document order, so the open ones form a stack: the top encloses the next.
  const open: { end: number; kind: 'function' | 'class'; fact?: ClassFact }[] = [];
  for (const definition of model.definitions()) {
    while (open.length > 0 && open[open.length - 1]!.end <= definition.startIndex) open.pop();
    const parent = open[open.length - 1];
    const insideFunction = open.some((entry) => entry.kind === 'function');
    const classDepth = open.filter((entry) => entry.kind === 'class').length;
    const place: Place = {
      ...(parent?.kind === 'class' && parent.fact ? { className: parent.fact.name } : {}),
      topLevel: !insideFunction && classDepth <= (parent?.kind === 'class' ? 1 : 0),
    };
    if (definition.type === 'function_definition') {
      const fact = readFunction(model, definition, place);
      if (fact && parent?.kind === 'class') parent.fact?.methods.push(fact.name);
      if (fact) functions.push(fact);
      open.push({ end: definition.endIndex, kind: 'function' });
    } else {
      const fact = readClass(model, definition);
      if (fact) classes.push(fact);
      open.push({ end: definition.endIndex, kind: 'class', ...(fact ? { fact } : {}) });
    }
  }
  const declaredAll = readDeclaredAll(model);
  const mainGuard = readMainGuard(model);
  return {
    functions,
    classes,
    ...(declaredAll ? { declaredAll } : {}),
    ...(mainGuard ? { mainGuard } : {}),
  };
}
