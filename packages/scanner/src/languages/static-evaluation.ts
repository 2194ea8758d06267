import type { StaticValue } from '../profile/static-value';
import type { SyntaxNode } from './source-model';

/** How deep static evaluation descends into nested expressions before it keeps only the text. */
export const MAX_VALUE_DEPTH = 8;

/** How much of an expression's source text an `expression` value keeps. */
const MAX_EXPRESSION_TEXT = 200;

/** An `expression` value: what is known is only the node's source text, cut to a readable length. */
export function expressionValue(node: SyntaxNode, source: string): StaticValue {
  return {
    kind: 'expression',
    text: source.slice(node.startIndex, node.endIndex).slice(0, MAX_EXPRESSION_TEXT),
  };
}

/**
 * The value of a numeric literal written as `literal`, with its `_` separators and then any `suffix`
 * (e.g. Python 2's `L`) removed; `undefined` when that is not a finite number.
 */
export function numberValue(literal: string, suffix?: RegExp): StaticValue | undefined {
  let digits = literal.replace(/_/g, '');
  if (suffix) digits = digits.replace(suffix, '');
  const value = Number(digits);
  return Number.isFinite(value) ? { kind: 'number', value } : undefined;
}

/** The value of a unary `node` written `-operand` when the operand is a number, else `undefined`. */
export function negatedNumber(
  operand: StaticValue | undefined,
  node: SyntaxNode,
  source: string,
): StaticValue | undefined {
  if (
    operand?.kind === 'number' &&
    source.slice(node.startIndex, node.endIndex).trimStart().startsWith('-')
  )
    return { kind: 'number', value: -operand.value };
  return undefined;
}

/**
 * A `list` value of the named children of `node` (comments skipped), each evaluated by `evaluate`
 * or, when that gives nothing, replaced by `orElse()`.
 */
export function listValue(
  node: SyntaxNode,
  evaluate: (child: SyntaxNode) => StaticValue | undefined,
  orElse: () => StaticValue,
): StaticValue {
  const items: StaticValue[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'comment') continue;
    items.push(evaluate(child) ?? orElse());
  }
  return { kind: 'list', items };
}
