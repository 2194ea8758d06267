import type Parser from 'tree-sitter';
import type { ImportFact } from '../../profile/file-facts';
import type { StaticValue } from '../../profile/static-value';
import { BindingTable, MODULE_SCOPE_ONLY } from '../binding-table';
import { type HeadSyntax, headAt } from '../chain-heads';
import { nodesAtKeywords } from '../keyword-nodes';
import { MODULE_SCOPE, ScopeIndex } from '../scope-index';
import {
  type ChainSegment,
  type SourceModel,
  type SyntaxNode,
  callSitesOf,
  lineOf,
  sameNode,
} from '../source-model';
import { type ChainSyntax, chainsAt, followAssignments, sortChains } from '../watched-chains';
import { type ImportBinding, watchImports } from '../watched-imports';
import { PYTHON_WATCHED, PYTHON_WATCHED_BUILTINS } from '../watched-modules';
import { pythonValue } from './python-values';

const DEFINITION_KEYWORD = /^[ \t]*(?:async[ \t]+)?(def|class)\b/gm;
const DEFINITION_TYPES = new Set(['function_definition', 'class_definition']);
const LAMBDA_KEYWORD = /\b(lambda)\b/g;
const LAMBDA_TYPES = new Set(['lambda']);
const IMPORT_KEYWORD = /^[ \t]*(import|from)\b/gm;
const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement']);
// A module-level name assigned a literal: a string, number, list/tuple, True/False/None.
const CONSTANT_ASSIGNMENT =
  /^[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*(?=["'\d[(-]|True\b|False\b|None\b|[rRbBuU]{1,2}["'])/gm;
const SKIPPED_PARENTS = new Set([
  'dotted_name',
  'aliased_import',
  'keyword_argument',
  'parameters',
  'global_statement',
  'nonlocal_statement',
]);
const HEADS: HeadSyntax = {
  types: new Set(['identifier', 'attribute']),
  skippedParents: SKIPPED_PARENTS,
  declaringFields: new Map([
    ['assignment', 'left'],
    ['function_definition', 'name'],
    ['class_definition', 'name'],
  ]),
};

function readImports(
  root: SyntaxNode,
  source: string,
  scopeOf: (node: SyntaxNode) => number,
): { imports: ImportFact[]; bindings: ImportBinding[] } {
  const imports: ImportFact[] = [];
  const bindings: ImportBinding[] = [];
  const text = (node: SyntaxNode): string => source.slice(node.startIndex, node.endIndex);
  for (const statement of nodesAtKeywords(root, source, IMPORT_KEYWORD, IMPORT_TYPES)) {
    const scope = scopeOf(statement);
    const line = lineOf(statement);
    if (statement.type === 'import_statement') {
      for (const child of statement.namedChildren) {
        if (child.type === 'dotted_name') {
          const module = text(child);
          imports.push({ module, names: [], line, kind: 'import' });
          const top = module.split('.')[0]!;
          bindings.push({ scope, local: top, qualified: top });
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (!name || !alias) continue;
          const module = text(name);
          imports.push({ module, names: [], alias: text(alias), line, kind: 'import' });
          bindings.push({ scope, local: text(alias), qualified: module });
        }
      }
      continue;
    }
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode) continue;
    const module = text(moduleNode).replace(/\s+/g, '');
    const names: { name: string; alias?: string }[] = [];
    for (const child of statement.namedChildren) {
      if (child.startIndex === moduleNode.startIndex) continue;
      if (child.type === 'dotted_name') {
        const name = text(child);
        names.push({ name });
        bindings.push({ scope, local: name, qualified: joinModule(module, name) });
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (!name || !alias) continue;
        names.push({ name: text(name), alias: text(alias) });
        bindings.push({ scope, local: text(alias), qualified: joinModule(module, text(name)) });
      } else if (child.type === 'wildcard_import') {
        names.push({ name: '*' });
      }
    }
    imports.push({ module, names, line, kind: 'from' });
  }
  return { imports, bindings };
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

function callSegment(call: SyntaxNode, source: string): ChainSegment {
  const args: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const list = call.childForFieldName('arguments');
  if (list) {
    if (list.type === 'generator_expression') args.push(list);
    else {
      for (const argument of list.namedChildren) {
        if (argument.type === 'comment') continue;
        if (argument.type === 'keyword_argument') {
          const name = argument.childForFieldName('name');
          const value = argument.childForFieldName('value');
          if (name && value) keywords.set(source.slice(name.startIndex, name.endIndex), value);
        } else {
          args.push(argument);
        }
      }
    }
  }
  return { kind: 'call', node: call, args, keywords };
}

/** Walks up from a head node through `.attr`, `(...)` and `[...]`, returning the segments and the outermost node. */
function climb(head: SyntaxNode, source: string): { segments: ChainSegment[]; outer: SyntaxNode } {
  const segments: ChainSegment[] = [];
  let current = head;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), current)) {
      const attribute = parent.childForFieldName('attribute');
      segments.push({
        kind: 'member',
        name: attribute ? source.slice(attribute.startIndex, attribute.endIndex) : '?',
      });
    } else if (parent.type === 'call' && sameNode(parent.childForFieldName('function'), current)) {
      segments.push(callSegment(parent, source));
    } else if (
      parent.type === 'subscript' &&
      sameNode(parent.childForFieldName('value'), current)
    ) {
      segments.push({ kind: 'index', node: parent });
    } else {
      break;
    }
    current = parent;
  }
  return { segments, outer: current };
}

/** The name an expression is assigned to (`x = expr`, `self.x = expr`, `with expr as x`, a decorated def). */
function assignmentTarget(
  outer: SyntaxNode,
  source: string,
  scopeOf: (node: SyntaxNode) => number,
): { name: string; scope: number } | undefined {
  let node = outer;
  let parent = node.parent;
  if (parent?.type === 'await') {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return undefined;
  const text = (n: SyntaxNode): string => source.slice(n.startIndex, n.endIndex);
  if (parent.type === 'assignment' && sameNode(parent.childForFieldName('right'), node)) {
    const left = parent.childForFieldName('left');
    if (!left) return undefined;
    if (left.type === 'identifier') return { name: text(left), scope: scopeOf(parent) };
    if (left.type === 'attribute' && /^(self|cls)\.\w+$/.test(text(left)))
      return { name: text(left), scope: MODULE_SCOPE };
    return undefined;
  }
  if (parent.type === 'as_pattern' && sameNode(parent.namedChildren[0] ?? null, node)) {
    const alias = parent.childForFieldName('alias');
    const target = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias;
    if (target?.type === 'identifier') return { name: text(target), scope: scopeOf(parent) };
    return undefined;
  }
  if (parent.type === 'decorator') {
    const definition = parent.parent?.childForFieldName('definition');
    const name = definition?.childForFieldName('name');
    if (name) return { name: text(name), scope: scopeOf(parent.parent!) };
  }
  return undefined;
}

function readConstants(
  root: SyntaxNode,
  source: string,
  resolve: (name: string) => StaticValue,
): Map<string, StaticValue> {
  const constants = new Map<string, StaticValue>();
  // Module-level assignments start at column 0; finding them by text avoids walking every statement.
  for (const match of source.matchAll(CONSTANT_ASSIGNMENT)) {
    const name = root.descendantForIndex(match.index, match.index + 1);
    const assignment = name.parent;
    if (
      assignment?.type !== 'assignment' ||
      assignment.parent?.type !== 'expression_statement' ||
      assignment.parent.parent?.type !== 'module'
    )
      continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    if (
      ![
        'string',
        'concatenated_string',
        'integer',
        'float',
        'true',
        'false',
        'list',
        'tuple',
      ].includes(right.type)
    )
      continue;
    const value = pythonValue(right, source, resolve);
    if (value && value.kind !== 'expression')
      constants.set(source.slice(left.startIndex, left.endIndex), value);
  }
  return constants;
}

/** Builds the {@link SourceModel} of a parsed Python file. */
export function buildPythonModel(source: string, tree: Parser.Tree): SourceModel {
  const root = tree.rootNode;
  const definitions = nodesAtKeywords(root, source, DEFINITION_KEYWORD, DEFINITION_TYPES);
  const scopeNodes = [
    ...definitions.filter((node) => node.type === 'function_definition'),
    ...nodesAtKeywords(root, source, LAMBDA_KEYWORD, LAMBDA_TYPES),
  ];
  const scopeIndex = new ScopeIndex(
    scopeNodes.map((node) => ({ start: node.startIndex, end: node.endIndex })),
  );
  const scopeOf = (node: SyntaxNode): number => scopeIndex.scopeAt(node.startIndex);
  const scopesOf = (node: SyntaxNode): number[] => scopeIndex.scopesAt(node.startIndex);
  const { imports, bindings: importBindingList } = readImports(root, source, scopeOf);
  const localNames = new Set<string>();
  const bindings = new BindingTable((scope, name) => {
    if (scope !== MODULE_SCOPE) localNames.add(name);
  });
  const { importBindings, patterns, patternNames } = watchImports(
    importBindingList,
    bindings,
    PYTHON_WATCHED,
    PYTHON_WATCHED_BUILTINS,
  );
  const constants = readConstants(root, source, (name) =>
    bindings.resolve(name, MODULE_SCOPE_ONLY),
  );

  const syntax: ChainSyntax = {
    headAt: (index, name) => headAt(root, index, name, HEADS),
    // Most names are bound at module level only; walking up to find the enclosing functions is then useless.
    lookup: (name, node) =>
      bindings.lookup(
        name,
        localNames.has(name) ? scopesOf(node) : MODULE_SCOPE_ONLY,
        PYTHON_WATCHED_BUILTINS,
      ),
    climb,
  };
  // Follow assignments from watched expressions until no new name appears.
  const allPatterns = followAssignments(
    source,
    patterns,
    patternNames,
    bindings,
    syntax,
    ({ binding, segments, outer }) => {
      if (segments.length === 0 && binding.segments.length === 0) return [];
      const target = assignmentTarget(outer, source, scopeOf);
      return target ? [{ name: target.name, scope: target.scope, segments }] : [];
    },
  );
  const chains = sortChains(chainsAt(source, allPatterns, syntax));
  return {
    language: 'python',
    source,
    root,
    imports,
    importBindings,
    chains,
    calls: callSitesOf(chains),
    constants,
    definitions: () => definitions,
    valueOf: (node) => {
      if (!node) return undefined;
      let scopeList: number[] | undefined;
      return pythonValue(
        node,
        source,
        (name) => constants.get(name) ?? bindings.resolve(name, (scopeList ??= scopesOf(node))),
      );
    },
    textOf: (node) => source.slice(node.startIndex, node.endIndex),
  };
}
