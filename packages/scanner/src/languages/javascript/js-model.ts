import type Parser from 'tree-sitter';
import type { ImportFact, ParsedLanguage } from '../../profile/file-facts';
import type { StaticValue } from '../../profile/static-value';
import { BindingTable, MODULE_SCOPE_ONLY } from '../binding-table';
import { type HeadSyntax, headAt } from '../chain-heads';
import { findNameOccurrences } from '../name-occurrences';
import { MODULE_SCOPE } from '../scope-index';
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
import { JS_WATCHED, JS_WATCHED_GLOBALS, watchOf } from '../watched-modules';
import { jsStringValue, jsValue } from './js-values';

const SCOPE_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
const JS_DEFINITION_TYPES = [
  'function_declaration',
  'generator_function_declaration',
  'method_definition',
  'class_declaration',
  'abstract_class_declaration',
];
const SKIPPED_PARENTS = new Set([
  'import_specifier',
  'import_clause',
  'namespace_import',
  'export_specifier',
  'formal_parameters',
  'required_parameter',
  'optional_parameter',
  'pair_pattern',
  'shorthand_property_identifier_pattern',
]);
const HEADS: HeadSyntax = {
  types: new Set(['identifier', 'member_expression']),
  skippedParents: SKIPPED_PARENTS,
  declaringFields: new Map([
    ['variable_declarator', 'name'],
    ['assignment_expression', 'left'],
  ]),
};

function scopeOf(node: SyntaxNode): number {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (SCOPE_TYPES.has(parent.type)) return parent.startIndex;
  }
  return MODULE_SCOPE;
}

function scopesOf(node: SyntaxNode): number[] {
  const scopes: number[] = [];
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (SCOPE_TYPES.has(parent.type)) scopes.push(parent.startIndex);
  }
  scopes.push(MODULE_SCOPE);
  return scopes;
}

function callSegment(call: SyntaxNode): ChainSegment {
  const args: SyntaxNode[] = [];
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument.type !== 'comment') args.push(argument);
  }
  return { kind: 'call', node: call, args, keywords: new Map() };
}

function climb(head: SyntaxNode, source: string): { segments: ChainSegment[]; outer: SyntaxNode } {
  const segments: ChainSegment[] = [];
  let current = head;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (
      parent.type === 'member_expression' &&
      sameNode(parent.childForFieldName('object'), current)
    ) {
      const property = parent.childForFieldName('property');
      segments.push({
        kind: 'member',
        name: property ? source.slice(property.startIndex, property.endIndex) : '?',
      });
    } else if (
      parent.type === 'call_expression' &&
      sameNode(parent.childForFieldName('function'), current)
    ) {
      segments.push(callSegment(parent));
    } else if (
      parent.type === 'new_expression' &&
      sameNode(parent.childForFieldName('constructor'), current)
    ) {
      segments.push(callSegment(parent));
    } else if (
      parent.type === 'subscript_expression' &&
      sameNode(parent.childForFieldName('object'), current)
    ) {
      const index = parent.childForFieldName('index');
      const key = index ? jsStringValue(index, source) : undefined;
      segments.push(
        key !== undefined ? { kind: 'member', name: key } : { kind: 'index', node: parent },
      );
    } else if (parent.type === 'non_null_expression') {
      // `x!.y` in TypeScript: the assertion does not change what is accessed.
    } else {
      break;
    }
    current = parent;
  }
  return { segments, outer: current };
}

/** Names bound by `const x = expr`, `x = expr`, `this.x = expr`, `const { a, b: c } = expr`. */
function assignmentTargets(
  outer: SyntaxNode,
  source: string,
): { name: string; scope: number; member?: string }[] {
  let node = outer;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === 'await_expression' ||
      parent.type === 'parenthesized_expression' ||
      parent.type === 'as_expression')
  ) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return [];
  const text = (n: SyntaxNode): string => source.slice(n.startIndex, n.endIndex);
  if (parent.type === 'variable_declarator' && sameNode(parent.childForFieldName('value'), node)) {
    const name = parent.childForFieldName('name');
    if (!name) return [];
    if (name.type === 'identifier') return [{ name: text(name), scope: scopeOf(parent) }];
    if (name.type === 'object_pattern') return destructured(name, scopeOf(parent), source);
    return [];
  }
  if (
    parent.type === 'assignment_expression' &&
    sameNode(parent.childForFieldName('right'), node)
  ) {
    const left = parent.childForFieldName('left');
    if (left?.type === 'identifier') return [{ name: text(left), scope: scopeOf(parent) }];
    if (left?.type === 'member_expression' && /^this\.[\w$]+$/.test(text(left)))
      return [{ name: text(left), scope: MODULE_SCOPE }];
  }
  return [];
}

function destructured(
  pattern: SyntaxNode,
  scope: number,
  source: string,
): { name: string; scope: number; member: string }[] {
  const targets: { name: string; scope: number; member: string }[] = [];
  const text = (n: SyntaxNode): string => source.slice(n.startIndex, n.endIndex);
  for (const property of pattern.namedChildren) {
    if (property.type === 'shorthand_property_identifier_pattern') {
      targets.push({ name: text(property), scope, member: text(property) });
    } else if (property.type === 'object_assignment_pattern') {
      const left = property.childForFieldName('left');
      if (left?.type === 'shorthand_property_identifier_pattern')
        targets.push({ name: text(left), scope, member: text(left) });
    } else if (property.type === 'pair_pattern') {
      const key = property.childForFieldName('key');
      const value = property.childForFieldName('value');
      const local = value?.type === 'assignment_pattern' ? value.childForFieldName('left') : value;
      if (key && local?.type === 'identifier')
        targets.push({ name: text(local), scope, member: text(key) });
    }
  }
  return targets;
}

interface ImportScan {
  imports: ImportFact[];
  bindings: ImportBinding[];
}

function readImports(root: SyntaxNode, source: string): ImportScan {
  const imports: ImportFact[] = [];
  const bindings: ImportBinding[] = [];
  const text = (n: SyntaxNode): string => source.slice(n.startIndex, n.endIndex);
  for (const statement of root.namedChildren) {
    const sourceNode = statement.childForFieldName('source');
    if (!sourceNode) continue;
    const module = jsStringValue(sourceNode, source);
    if (module === undefined) continue;
    const line = lineOf(statement);
    if (statement.type === 'export_statement') {
      imports.push({ module, names: [], line, kind: 'reexport' });
      continue;
    }
    if (statement.type !== 'import_statement') continue;
    const typeOnly = /^import\s+type\b/.test(text(statement));
    const clause = statement.namedChildren.find((child) => child.type === 'import_clause');
    if (!clause) {
      imports.push({ module, names: [], line, kind: 'side-effect' });
      continue;
    }
    const fact: ImportFact = {
      module,
      names: [],
      line,
      kind: 'import',
      ...(typeOnly ? { typeOnly } : {}),
    };
    for (const part of clause.namedChildren) {
      if (part.type === 'identifier') {
        fact.alias = text(part);
        bindings.push({ local: text(part), qualified: module, scope: MODULE_SCOPE });
      } else if (part.type === 'namespace_import') {
        const alias = part.namedChildren[0];
        if (alias) {
          fact.alias = text(alias);
          bindings.push({ local: text(alias), qualified: module, scope: MODULE_SCOPE });
        }
      } else if (part.type === 'named_imports') {
        for (const specifier of part.namedChildren) {
          if (specifier.type !== 'import_specifier') continue;
          const name = specifier.childForFieldName('name');
          const alias = specifier.childForFieldName('alias');
          if (!name) continue;
          const imported = jsStringValue(name, source) ?? text(name);
          fact.names.push(alias ? { name: imported, alias: text(alias) } : { name: imported });
          bindings.push({
            local: alias ? text(alias) : imported,
            qualified: `${module}.${imported}`,
            scope: MODULE_SCOPE,
          });
        }
      }
    }
    imports.push(fact);
  }
  // require('m') and import('m')
  for (const occurrence of findNameOccurrences(source, [{ name: 'require' }, { name: 'import' }])) {
    const node = root.descendantForIndex(
      occurrence.index,
      occurrence.index + occurrence.name.length,
    );
    const call = node.parent;
    if (call?.type !== 'call_expression' || !sameNode(call.childForFieldName('function'), node))
      continue;
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    const module = first ? jsStringValue(first, source) : undefined;
    if (module === undefined) continue;
    const line = lineOf(call);
    if (occurrence.name === 'import') {
      imports.push({ module, names: [], line, kind: 'dynamic' });
      continue;
    }
    const fact: ImportFact = { module, names: [], line, kind: 'require' };
    const { outer, segments } = climb(node, source);
    // `require('m').x` binds to `m.x`.
    const members = segments
      .slice(1)
      .filter((s): s is { kind: 'member'; name: string } => s.kind === 'member');
    const qualified = [module, ...members.map((m) => m.name)].join('.');
    for (const target of assignmentTargets(outer, source)) {
      if (target.member) {
        fact.names.push(
          target.member === target.name
            ? { name: target.member }
            : { name: target.member, alias: target.name },
        );
        bindings.push({
          local: target.name,
          qualified: `${qualified}.${target.member}`,
          scope: target.scope,
        });
      } else {
        fact.alias = target.name;
        bindings.push({ local: target.name, qualified, scope: target.scope });
      }
    }
    imports.push(fact);
  }
  imports.sort((a, b) => a.line - b.line);
  return { imports, bindings };
}

function readConstants(
  root: SyntaxNode,
  source: string,
  resolve: (name: string) => StaticValue,
): Map<string, StaticValue> {
  const constants = new Map<string, StaticValue>();
  for (const top of root.namedChildren) {
    const statement = top.type === 'export_statement' ? top.childForFieldName('declaration') : top;
    if (
      !statement ||
      (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration')
    )
      continue;
    for (const declarator of statement.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const name = declarator.childForFieldName('name');
      const value = declarator.childForFieldName('value');
      if (name?.type !== 'identifier' || !value) continue;
      if (!['string', 'template_string', 'number', 'true', 'false', 'array'].includes(value.type))
        continue;
      const evaluated = jsValue(value, source, resolve);
      if (evaluated && evaluated.kind !== 'expression')
        constants.set(source.slice(name.startIndex, name.endIndex), evaluated);
    }
  }
  return constants;
}

/** Builds the {@link SourceModel} of a parsed JavaScript or TypeScript file. */
export function buildJsModel(
  source: string,
  tree: Parser.Tree,
  language: ParsedLanguage,
): SourceModel {
  const root = tree.rootNode;
  const { imports, bindings: importBindingList } = readImports(root, source);
  const bindings = new BindingTable();
  const { importBindings, patterns, patternNames } = watchImports(
    importBindingList,
    bindings,
    JS_WATCHED,
    JS_WATCHED_GLOBALS,
  );
  const constants = readConstants(root, source, (name) =>
    bindings.resolve(name, MODULE_SCOPE_ONLY),
  );

  const syntax: ChainSyntax = {
    headAt: (index, name) => headAt(root, index, name, HEADS),
    lookup: (name, node) => bindings.lookup(name, scopesOf(node), JS_WATCHED_GLOBALS),
    climb,
  };
  const allPatterns = followAssignments(
    source,
    patterns,
    patternNames,
    bindings,
    syntax,
    ({ segments, outer }) =>
      assignmentTargets(outer, source).map((target) => ({
        name: target.name,
        scope: target.scope,
        segments: target.member
          ? [...segments, { kind: 'member' as const, name: target.member }]
          : segments,
      })),
  );
  const chains = chainsAt(source, allPatterns, syntax);

  // `require('m').member(...)` used in place: a chain rooted at the module itself.
  for (const occurrence of findNameOccurrences(source, [{ name: 'require' }])) {
    const node = root.descendantForIndex(
      occurrence.index,
      occurrence.index + occurrence.name.length,
    );
    const call = node.parent;
    if (call?.type !== 'call_expression' || !sameNode(call.childForFieldName('function'), node))
      continue;
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    const module = first ? jsStringValue(first, source) : undefined;
    if (module === undefined || watchOf(module, JS_WATCHED) === 'none') continue;
    const { segments, outer } = climb(call, source);
    if (segments.length > 0)
      chains.push({ root: module, head: 'require', segments, inherited: 0, node: outer });
  }

  sortChains(chains);
  let definitions: SyntaxNode[] | undefined;
  return {
    language,
    source,
    root,
    imports,
    importBindings,
    chains,
    calls: callSitesOf(chains),
    constants,
    definitions: () => (definitions ??= root.descendantsOfType(JS_DEFINITION_TYPES)),
    valueOf: (node) => {
      if (!node) return undefined;
      const scopeList = scopesOf(node);
      return jsValue(
        node,
        source,
        (name) => constants.get(name) ?? bindings.resolve(name, scopeList),
      );
    },
    textOf: (node) => source.slice(node.startIndex, node.endIndex),
  };
}
