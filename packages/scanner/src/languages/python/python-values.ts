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
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

const ESCAPES: EscapeSyntax = {
  simple: SIMPLE_ESCAPES,
  codePoint: /^(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/,
  other: (body, escape) =>
    /^[0-7]{1,3}$/.test(body) ? String.fromCodePoint(Number.parseInt(body, 8)) : escape,
};

/**
 * The value of a Python `string` node, or `undefined` for an f-string with interpolations or a bytes
 * literal. Raw strings keep their backslashes.
 */
export function pythonStringValue(node: SyntaxNode, source: string): string | undefined {
  let prefix = '';
  let value = '';
  for (const child of node.children) {
    switch (child.type) {
      case 'string_start':
        prefix = source.slice(child.startIndex, child.endIndex).replace(/['"]/g, '').toLowerCase();
        if (prefix.includes('b')) return undefined;
        break;
      case 'string_content':
        value += source.slice(child.startIndex, child.endIndex);
        break;
      case 'escape_sequence': {
        const text = source.slice(child.startIndex, child.endIndex);
        value += prefix.includes('r') ? text : decodeEscape(text, ESCAPES);
        break;
      }
      case 'interpolation':
        return undefined;
      default:
        break;
    }
  }
  return value;
}

/** Evaluates a Python expression statically; `resolve` maps a dotted name to its qualified form or constant. */
export function pythonValue(
  node: SyntaxNode | undefined,
  source: string,
  resolve: (name: string) => StaticValue,
  depth = 0,
): StaticValue | undefined {
  if (!node) return undefined;
  const text = (): string => source.slice(node.startIndex, node.endIndex);
  const expression = (): StaticValue => expressionValue(node, source);
  if (depth > MAX_VALUE_DEPTH) return expression();
  switch (node.type) {
    case 'string': {
      const value = pythonStringValue(node, source);
      return value === undefined ? expression() : { kind: 'string', value };
    }
    case 'concatenated_string': {
      let joined = '';
      for (const part of node.namedChildren) {
        const value = part.type === 'string' ? pythonStringValue(part, source) : undefined;
        if (value === undefined) return expression();
        joined += value;
      }
      return { kind: 'string', value: joined };
    }
    case 'integer':
      return numberValue(text(), /[lL]$/) ?? expression();
    case 'float':
      return numberValue(text()) ?? expression();
    case 'true':
      return { kind: 'boolean', value: true };
    case 'false':
      return { kind: 'boolean', value: false };
    case 'none':
      return { kind: 'null' };
    case 'unary_operator': {
      const operand = pythonValue(
        node.childForFieldName('argument') ?? undefined,
        source,
        resolve,
        depth + 1,
      );
      return negatedNumber(operand, node, source) ?? expression();
    }
    case 'parenthesized_expression':
      return pythonValue(node.namedChildren[0], source, resolve, depth + 1);
    case 'list':
    case 'tuple':
    case 'set':
      return listValue(node, (child) => pythonValue(child, source, resolve, depth + 1), expression);
    case 'dictionary': {
      const entries: { key: string; value: StaticValue }[] = [];
      for (const pair of node.namedChildren) {
        if (pair.type !== 'pair') continue;
        const key = pythonValue(
          pair.childForFieldName('key') ?? undefined,
          source,
          resolve,
          depth + 1,
        );
        if (key?.kind !== 'string') return expression();
        entries.push({
          key: key.value,
          value:
            pythonValue(pair.childForFieldName('value') ?? undefined, source, resolve, depth + 1) ??
            expression(),
        });
      }
      return { kind: 'dict', entries };
    }
    case 'identifier':
    case 'attribute': {
      const name = text();
      return /^[\w.]+$/.test(name) ? resolve(name) : expression();
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const calleeValue = fn ? pythonValue(fn, source, resolve, depth + 1) : undefined;
      if (calleeValue?.kind !== 'reference') return expression();
      const args: StaticValue[] = [];
      const kwargs: Record<string, StaticValue> = {};
      for (const argument of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (argument.type === 'keyword_argument') {
          const key = argument.childForFieldName('name');
          if (key) {
            kwargs[source.slice(key.startIndex, key.endIndex)] =
              pythonValue(
                argument.childForFieldName('value') ?? undefined,
                source,
                resolve,
                depth + 1,
              ) ?? expression();
          }
        } else if (argument.type !== 'comment') {
          args.push(pythonValue(argument, source, resolve, depth + 1) ?? expression());
        }
      }
      return { kind: 'call', callee: calleeValue.name, args, kwargs };
    }
    default:
      return expression();
  }
}
