import type {
  ClassFact,
  ExportFact,
  FunctionFact,
  MainGuardFact,
  ParameterFact,
} from '../../profile/file-facts';
import { compareText } from '../../profile/ordering';
import { literalOf } from '../../profile/static-value';
import { type ParsedDoc, parseJsDoc } from '../../languages/doc-comments';
import { jsStringValue } from '../../languages/javascript/js-values';
import { type SourceModel, type SyntaxNode, lineOf } from '../../languages/source-model';

/** The code structure of a JavaScript or TypeScript file. */
export interface JsStructure {
  functions: FunctionFact[];
  classes: ClassFact[];
  exports: ExportFact[];
  mainGuard?: MainGuardFact;
}

const FUNCTION_VALUES = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
]);
const MAIN_GUARD =
  /require\.main\s*===?\s*module|module\s*===?\s*require\.main|import\.meta\.main\b|import\.meta\.url\s*===?[^\n]*process\.argv\[1\]|process\.argv\[1\][^\n]*===?\s*[^\n]*import\.meta\.url/;

/** The JSDoc comment right before a declaration (or before the `export` that wraps it). */
function jsDocOf(declaration: SyntaxNode, source: string): ParsedDoc | undefined {
  let anchor = declaration;
  if (anchor.parent?.type === 'export_statement') anchor = anchor.parent;
  if (anchor.type === 'variable_declarator' && anchor.parent) {
    anchor = anchor.parent;
    if (anchor.parent?.type === 'export_statement') anchor = anchor.parent;
  }
  const previous = anchor.previousNamedSibling;
  if (previous?.type !== 'comment') return undefined;
  const text = source.slice(previous.startIndex, previous.endIndex);
  if (!text.startsWith('/**')) return undefined;
  if (anchor.startPosition.row - previous.endPosition.row > 1) return undefined;
  return parseJsDoc(text);
}

function jsParameters(
  model: SourceModel,
  parameters: SyntaxNode | null,
  doc: ParsedDoc | undefined,
): ParameterFact[] {
  const result: ParameterFact[] = [];
  for (const child of parameters?.namedChildren ?? []) {
    if (child.type === 'comment') continue;
    let pattern: SyntaxNode | null = child;
    let annotation: SyntaxNode | null = null;
    let value: SyntaxNode | null = null;
    let optional = false;
    if (child.type === 'required_parameter' || child.type === 'optional_parameter') {
      pattern = child.childForFieldName('pattern');
      annotation = child.childForFieldName('type');
      value = child.childForFieldName('value');
      optional = child.type === 'optional_parameter';
    }
    if (pattern?.type === 'assignment_pattern') {
      value = pattern.childForFieldName('right');
      pattern = pattern.childForFieldName('left');
    }
    if (!pattern) continue;
    let kind: ParameterFact['kind'] = 'positional';
    let name = model.textOf(pattern);
    if (pattern.type === 'rest_pattern') {
      kind = 'variadic';
      name = name.replace(/^\.\.\./, '');
    } else if (pattern.type === 'object_pattern' || pattern.type === 'array_pattern') {
      kind = 'destructured';
    } else if (pattern.type === 'this') {
      continue;
    }
    const parameter: ParameterFact = { name, kind, optional: optional || value !== null };
    const annotationText = annotation ? model.textOf(annotation).replace(/^:\s*/, '') : undefined;
    const described = doc?.params.get(name);
    if (annotationText) parameter.annotation = annotationText;
    else if (described?.type) parameter.annotation = described.type;
    if (value) {
      parameter.defaultText = model.textOf(value).slice(0, 200);
      const literal = literalOf(model.valueOf(value));
      if (literal !== undefined) parameter.default = literal;
    }
    if (described?.description) parameter.description = described.description;
    result.push(parameter);
  }
  return result;
}

function classOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (
      parent.type === 'class_declaration' ||
      parent.type === 'class' ||
      parent.type === 'abstract_class_declaration'
    )
      return parent;
    if (
      parent.type === 'function_declaration' ||
      parent.type === 'arrow_function' ||
      parent.type === 'method_definition'
    )
      return undefined;
  }
  return undefined;
}

function isTopLevel(node: SyntaxNode): boolean {
  let parent = node.parent;
  if (parent?.type === 'export_statement') parent = parent.parent;
  return parent?.type === 'program';
}

function readFunction(
  model: SourceModel,
  node: SyntaxNode,
  exported: Set<string>,
): FunctionFact | undefined {
  const text = (n: SyntaxNode): string => model.textOf(n);
  let nameNode: SyntaxNode | null;
  let fn = node;
  if (node.type === 'variable_declarator') {
    nameNode = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (!value || !FUNCTION_VALUES.has(value.type) || nameNode?.type !== 'identifier')
      return undefined;
    fn = value;
  } else {
    nameNode = node.childForFieldName('name');
  }
  if (!nameNode) return undefined;
  const name = text(nameNode);
  const doc = jsDocOf(node, model.source);
  const classNode = node.type === 'method_definition' ? classOf(node) : undefined;
  const className = classNode?.childForFieldName('name');
  const classNameText = className ? text(className) : undefined;
  const parameters = jsParameters(
    model,
    fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter'),
    doc,
  );
  const returns = fn.childForFieldName('return_type');
  const declarationHead = model.source.slice(
    fn.startIndex,
    Math.min(fn.endIndex, fn.startIndex + 40),
  );
  const isExported =
    node.parent?.type === 'export_statement' ||
    (node.type === 'variable_declarator' && node.parent?.parent?.type === 'export_statement') ||
    (!classNode && exported.has(name));
  const privateMember =
    node.type === 'method_definition' &&
    (/^#/.test(name) ||
      /^\s*(private|protected)\b/.test(model.source.slice(node.startIndex, node.startIndex + 20)));
  const topLevel =
    node.type === 'variable_declarator'
      ? isTopLevel(node.parent!)
      : classNode
        ? isTopLevel(classNode)
        : isTopLevel(node);
  const returnsText = returns ? text(returns).replace(/^:\s*/, '') : doc?.returnType;
  return {
    name,
    qualifiedName: classNameText ? `${classNameText}.${name}` : name,
    line: lineOf(node.type === 'variable_declarator' ? node.parent! : node),
    endLine: node.endPosition.row + 1,
    async:
      /^async\b/.test(declarationHead) ||
      /^(static\s+)?async\b/.test(model.source.slice(node.startIndex, node.startIndex + 20)),
    kind:
      node.type === 'method_definition'
        ? 'method'
        : node.type === 'variable_declarator'
          ? 'arrow'
          : 'function',
    ...(classNameText ? { className: classNameText } : {}),
    topLevel,
    public: classNode ? !privateMember : isExported,
    exported: isExported,
    parameters,
    ...(returnsText ? { returns: returnsText } : {}),
    ...(doc?.text ? { docstring: doc.text } : {}),
    decorators: [],
  };
}

function readClass(
  model: SourceModel,
  node: SyntaxNode,
  exported: Set<string>,
): ClassFact | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return undefined;
  const name = model.textOf(nameNode);
  const heritage = node.namedChildren.find((child) => child.type === 'class_heritage');
  const bases = heritage
    ? heritage.namedChildren
        .flatMap((clause) =>
          clause.type === 'extends_clause' || clause.type === 'implements_clause'
            ? clause.namedChildren
            : [clause],
        )
        .map((n) => model.textOf(n))
    : [];
  const methods: string[] = [];
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    if (member.type !== 'method_definition') continue;
    const methodName = member.childForFieldName('name');
    if (methodName) methods.push(model.textOf(methodName));
  }
  const doc = jsDocOf(node, model.source);
  return {
    name,
    line: lineOf(node),
    endLine: node.endPosition.row + 1,
    bases,
    decorators: [],
    ...(doc?.text ? { docstring: doc.text } : {}),
    methods,
    exported: node.parent?.type === 'export_statement' || exported.has(name),
  };
}

function declaredNames(declaration: SyntaxNode, model: SourceModel): string[] {
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    return declaration.namedChildren
      .filter((d) => d.type === 'variable_declarator')
      .map((d) => d.childForFieldName('name'))
      .filter((n): n is SyntaxNode => n?.type === 'identifier')
      .map((n) => model.textOf(n));
  }
  const name = declaration.childForFieldName('name');
  return name ? [model.textOf(name)] : [];
}

function readExports(model: SourceModel): ExportFact[] {
  const exports: ExportFact[] = [];
  for (const statement of model.root.namedChildren) {
    const line = lineOf(statement);
    if (statement.type === 'export_statement') {
      const text = model.textOf(statement);
      const sourceNode = statement.childForFieldName('source');
      const from = sourceNode ? jsStringValue(sourceNode, model.source) : undefined;
      const declaration = statement.childForFieldName('declaration');
      if (/^export\s+default\b/.test(text)) {
        exports.push({ name: 'default', line, kind: 'default' });
        continue;
      }
      if (declaration) {
        const kind = declaration.type.includes('class')
          ? 'class'
          : declaration.type.includes('function')
            ? 'function'
            : 'variable';
        for (const name of declaredNames(declaration, model)) exports.push({ name, line, kind });
        continue;
      }
      const clause = statement.namedChildren.find((child) => child.type === 'export_clause');
      if (clause) {
        for (const specifier of clause.namedChildren) {
          const alias = specifier.childForFieldName('alias') ?? specifier.childForFieldName('name');
          if (alias)
            exports.push({
              name: model.textOf(alias),
              line,
              kind: from ? 'reexport' : 'variable',
              ...(from ? { from } : {}),
            });
        }
      } else if (from) {
        exports.push({ name: '*', line, kind: 'reexport', from });
      }
      continue;
    }
    if (statement.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== 'assignment_expression') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left) continue;
    const target = model.textOf(left);
    const member = /^(?:module\.)?exports\.([\w$]+)$/.exec(target);
    if (member) {
      exports.push({ name: member[1]!, line, kind: 'commonjs' });
    } else if (target === 'module.exports') {
      if (right?.type === 'object') {
        for (const property of right.namedChildren) {
          const key =
            property.type === 'shorthand_property_identifier'
              ? property
              : property.childForFieldName('key');
          if (key && property.type !== 'spread_element')
            exports.push({ name: model.textOf(key), line, kind: 'commonjs' });
        }
      } else {
        exports.push({ name: 'default', line, kind: 'commonjs' });
      }
    }
  }
  return exports;
}

function readMainGuard(model: SourceModel): MainGuardFact | undefined {
  // Every form of the check names `require.main` or `import.meta`; most files have neither.
  if (!model.source.includes('require.main') && !model.source.includes('import.meta'))
    return undefined;
  const match = MAIN_GUARD.exec(model.source);
  if (!match) return undefined;
  const line = model.source.slice(0, match.index).split('\n').length;
  return { line, calls: [] };
}

/** Functions, methods, classes, exports and the main-module check of a JavaScript or TypeScript file. */
export function extractJsStructure(model: SourceModel): JsStructure {
  const exports = readExports(model);
  const exportedNames = new Set(exports.map((e) => e.name));
  const functions: FunctionFact[] = [];
  const classes: ClassFact[] = [];
  for (const node of model.definitions()) {
    if (node.type === 'class_declaration' || node.type === 'abstract_class_declaration') {
      const fact = readClass(model, node, exportedNames);
      if (fact) classes.push(fact);
    } else {
      const fact = readFunction(model, node, exportedNames);
      if (fact) functions.push(fact);
    }
  }
  for (const top of model.root.namedChildren) {
    const statement = top.type === 'export_statement' ? top.childForFieldName('declaration') : top;
    if (statement?.type !== 'lexical_declaration' && statement?.type !== 'variable_declaration')
      continue;
    for (const declarator of statement.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const fact = readFunction(model, declarator, exportedNames);
      if (fact) functions.push(fact);
    }
  }
  functions.sort((a, b) => a.line - b.line || compareText(a.name, b.name));
  const mainGuard = readMainGuard(model);
  return { functions, classes, exports, ...(mainGuard ? { mainGuard } : {}) };
}
