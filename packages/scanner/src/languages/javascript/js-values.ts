import type { StaticValue } from '../../profile/static-value';
import type { SyntaxNode } from '../source-model';
import {
  MAX_VALUE_DEPTH,
  expressionValue,
  listValue,
  negatedNumber,
  numberValue,
} from '../static-evaluation';
import { type EscapeSyntax, decodeEscape } from '../string-escapes';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  f: '\f',
  v: '\v',
};

const ESCAPES: EscapeSyntax = {
  simple: SIMPLE_ESCAPES,
  codePoint: /^(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})$/,
  other: (body) => {
    const braced = /^u\{([0-9a-fA-F]+)\}$/.exec(body);
    if (braced) return String.fromCodePoint(Number.parseInt(braced[1]!, 16));
    if (body.startsWith('\n') || body.startsWith('\r')) return '';
    return body;
  },
};

/** The value of a JS `string` or substitution-free `template_string` node, else `undefined`. */
export function jsStringValue(node: SyntaxNode, source: string): string | undefined {
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  let value = '';
  for (const child of node.namedChildren) {
    const text = source.slice(child.startIndex, child.endIndex);
    if (child.type === 'string_fragment') value += text;
    else if (child.type === 'escape_sequence') value += decodeEscape(text, ESCAPES);
    else if (child.type === 'template_substitution') return undefined;
  }
  return value;
}

const WRAPPERS = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'await_expression',
]);

/** Evaluates a JS/TS expression statically; `resolve` maps a dotted name to its qualified form or constant. */
export function jsValue(
  node: SyntaxNode | undefined,
  source: string,
  resolve: (name: string) => StaticValue,
  depth = 0,
): StaticValue | undefined {
  if (!node) return undefined;
  const text = (): string => source.slice(node.startIndex, node.endIndex);
  const expression = (): StaticValue => expressionValue(node, source);
  if (depth > MAX_VALUE_DEPTH) return expression();
  if (WRAPPERS.has(node.type)) return jsValue(node.namedChildren[0], source, resolve, depth + 1);
  switch (node.type) {
    case 'string':
    case 'template_string': {
      const value = jsStringValue(node, source);
      return value === undefined ? expression() : { kind: 'string', value };
    }
    case 'number':
      return numberValue(text()) ?? expression();
    case 'true':
      return { kind: 'boolean', value: true };
    case 'false':
      return { kind: 'boolean', value: false };
    case 'null':
    case 'undefined':
      return { kind: 'null' };
    case 'unary_expression': {
      const operand = jsValue(
        node.childForFieldName('argument') ?? undefined,
        source,
        resolve,
        depth + 1,
      );
      return negatedNumber(operand, node, source) ?? expression();
    }
    case 'array':
      return listValue(node, (child) => jsValue(child, source, resolve, depth + 1), expression);
    case 'object': {
      const entries: { key: string; value: StaticValue }[] = [];
      for (const member of node.namedChildren) {
        if (member.type === 'pair') {
          const keyNode = member.childForFieldName('key');
          if (!keyNode) continue;
          const key =
            keyNode.type === 'string'
              ? jsStringValue(keyNode, source)
              : source.slice(keyNode.startIndex, keyNode.endIndex);
          if (key === undefined || keyNode.type === 'computed_property_name') continue;
          entries.push({
            key,
            value:
              jsValue(member.childForFieldName('value') ?? undefined, source, resolve, depth + 1) ??
              expression(),
          });
        } else if (member.type === 'shorthand_property_identifier') {
          const name = source.slice(member.startIndex, member.endIndex);
          entries.push({ key: name, value: resolve(name) });
        } else if (member.type === 'method_definition') {
          const name = member.childForFieldName('name');
          if (name)
            entries.push({
              key: source.slice(name.startIndex, name.endIndex),
              value: { kind: 'expression', text: 'function' },
            });
        }
      }
      return { kind: 'dict', entries };
    }
    case 'identifier':
    case 'member_expression': {
      const name = text();
      return /^[\w$.]+$/.test(name) ? resolve(name) : expression();
    }
    case 'call_expression':
    case 'new_expression': {
      const fn = node.childForFieldName(
        node.type === 'call_expression' ? 'function' : 'constructor',
      );
      const calleeValue = fn ? jsValue(fn, source, resolve, depth + 1) : undefined;
      if (calleeValue?.kind !== 'reference') return expression();
      const args: StaticValue[] = [];
      for (const argument of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (argument.type !== 'comment')
          args.push(jsValue(argument, source, resolve, depth + 1) ?? expression());
      }
      return { kind: 'call', callee: calleeValue.name, args, kwargs: {} };
    }
    default:
      return expression();
  }
}
