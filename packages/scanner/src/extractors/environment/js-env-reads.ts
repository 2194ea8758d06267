import type { DotenvLoadFact, EnvReadFact } from '../../profile/file-facts';
import { stringOf } from '../../profile/static-value';
import { type SourceModel, type SyntaxNode, lineOf } from '../../languages/source-model';
import type { EnvReads } from './python-env-reads';

const FALLBACK_OPERATORS = /^\s*(\|\||\?\?)/;

function literalText(model: SourceModel, node: SyntaxNode | null | undefined): string | undefined {
  const value = model.valueOf(node ?? undefined);
  if (value?.kind === 'string') return value.value;
  if (value?.kind === 'number' || value?.kind === 'boolean') return String(value.value);
  return undefined;
}

/** How a `process.env.X` expression is used: with a fallback, only tested, written, or plainly read. */
function usage(
  model: SourceModel,
  node: SyntaxNode,
): { kind: 'fallback'; value?: string } | { kind: 'tested' | 'write' | 'read' } {
  let current = node;
  let parent = current.parent;
  while (
    parent?.type === 'parenthesized_expression' ||
    parent?.type === 'non_null_expression' ||
    parent?.type === 'as_expression'
  ) {
    current = parent;
    parent = current.parent;
  }
  if (!parent) return { kind: 'read' };
  if (
    parent.type === 'assignment_expression' &&
    parent.childForFieldName('left')?.startIndex === current.startIndex
  ) {
    return { kind: 'write' };
  }
  if (
    parent.type === 'binary_expression' &&
    parent.childForFieldName('left')?.startIndex === current.startIndex
  ) {
    const rest = model.source.slice(current.endIndex, parent.endIndex);
    if (FALLBACK_OPERATORS.test(rest)) {
      const value = literalText(model, parent.childForFieldName('right'));
      return { kind: 'fallback', ...(value !== undefined ? { value } : {}) };
    }
    return { kind: 'tested' };
  }
  if (
    parent.type === 'augmented_assignment_expression' &&
    /\?\?=|\|\|=/.test(model.textOf(parent))
  ) {
    const value = literalText(model, parent.childForFieldName('right'));
    return { kind: 'fallback', ...(value !== undefined ? { value } : {}) };
  }
  if (parent.type === 'unary_expression') return { kind: 'tested' };
  if (
    parent.type === 'if_statement' ||
    parent.type === 'while_statement' ||
    parent.type === 'parenthesized_expression'
  )
    return { kind: 'tested' };
  if (
    parent.type === 'ternary_expression' &&
    parent.childForFieldName('condition')?.startIndex === current.startIndex
  )
    return { kind: 'tested' };
  return { kind: 'read' };
}

/** Reads `process.env.X`, `process.env["X"]`, `const { X, Y = "d" } = process.env`, and dotenv loading. */
export function extractJsEnvReads(model: SourceModel): EnvReads {
  const reads: EnvReadFact[] = [];
  const dotenvLoads: DotenvLoadFact[] = [];
  let dynamic = 0;
  for (const chain of model.chains) {
    if (chain.root !== 'process') continue;
    const env = chain.segments[0];
    if (env?.kind !== 'member' || env.name !== 'env') continue;
    const variable = chain.segments[1];
    if (chain.segments.length > 1 && chain.inherited > 1) continue;
    if (variable === undefined) {
      const parent = chain.node.parent;
      const pattern =
        parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : null;
      if (pattern?.type === 'object_pattern') reads.push(...destructuredReads(model, pattern));
      continue;
    }
    if (variable.kind === 'index') {
      dynamic += 1;
      continue;
    }
    if (variable.kind !== 'member') continue;
    const node = innerNode(chain.node, chain.segments.length - 2);
    const use = usage(model, node);
    if (use.kind === 'write') continue;
    const line = lineOf(node);
    if (use.kind === 'fallback') {
      reads.push({
        name: variable.name,
        line,
        required: false,
        ...(use.value !== undefined ? { default: use.value } : {}),
        via: 'process.env',
      });
    } else {
      reads.push({ name: variable.name, line, required: use.kind === 'read', via: 'process.env' });
    }
  }
  for (const call of model.calls) {
    if (call.callee === 'dotenv.config' || call.callee === 'dotenv.configDotenv') {
      const options = model.valueOf(call.args[0]);
      const path =
        options?.kind === 'dict'
          ? stringOf(options.entries.find((e) => e.key === 'path')?.value)
          : undefined;
      dotenvLoads.push({ line: call.line, via: 'dotenv.config', ...(path ? { path } : {}) });
    }
  }
  for (const fact of model.imports) {
    if (fact.module === 'dotenv/config')
      dotenvLoads.push({ line: fact.line, via: 'dotenv/config' });
  }
  return { reads, dotenvLoads, dynamic };
}

/** The expression `levels` accesses inside `outer` (`process.env.X` inside `process.env.X.split(",")`). */
function innerNode(outer: SyntaxNode, levels: number): SyntaxNode {
  let node = outer;
  for (let i = 0; i < levels; i++) {
    const inner =
      node.childForFieldName('object') ??
      node.childForFieldName('function') ??
      node.childForFieldName('constructor');
    if (!inner) break;
    node = inner;
  }
  return node;
}

function destructuredReads(model: SourceModel, pattern: SyntaxNode): EnvReadFact[] {
  const reads: EnvReadFact[] = [];
  for (const property of pattern.namedChildren) {
    const line = lineOf(property);
    if (property.type === 'shorthand_property_identifier_pattern') {
      reads.push({ name: model.textOf(property), line, required: true, via: 'destructuring' });
    } else if (property.type === 'object_assignment_pattern') {
      const left = property.childForFieldName('left');
      const value = literalText(model, property.childForFieldName('right'));
      if (left)
        reads.push({
          name: model.textOf(left),
          line,
          required: false,
          ...(value !== undefined ? { default: value } : {}),
          via: 'destructuring',
        });
    } else if (property.type === 'pair_pattern') {
      const key = property.childForFieldName('key');
      const value = property.childForFieldName('value');
      if (!key) continue;
      const fallback =
        value?.type === 'assignment_pattern'
          ? literalText(model, value.childForFieldName('right'))
          : undefined;
      const hasFallback = value?.type === 'assignment_pattern';
      reads.push({
        name: model.textOf(key),
        line,
        required: !hasFallback,
        ...(fallback !== undefined ? { default: fallback } : {}),
        via: 'destructuring',
      });
    }
  }
  return reads;
}
