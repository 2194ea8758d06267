import { ExpressionSyntaxError } from './expression-error';

/** Kinds of tokens in an expression. */
export type TokenKind = 'identifier' | 'number' | 'string' | 'operator' | 'punctuation' | 'end';

/** One token, with its offsets in the expression's source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The decoded value of a string or number literal. */
  readonly value?: string | number;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!'] as const;
const PUNCTUATION = new Set(['(', ')', '[', ']', '.', ',']);
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

function isIdentifierStart(char: string): boolean {
  return /[A-Za-z_]/.test(char);
}

function isIdentifierPart(char: string): boolean {
  return /[A-Za-z0-9_]/.test(char);
}

/**
 * Splits an expression into tokens. Identifiers may contain `-` between letters or digits (step ids
 * such as `data-extraction`); there is no arithmetic, so `-` is never an operator. A `-` directly
 * before a digit starts a negative number.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (isIdentifierStart(char)) {
      index += 1;
      while (index < source.length) {
        const next = source[index]!;
        if (isIdentifierPart(next)) {
          index += 1;
        } else if (
          next === '-' &&
          index + 1 < source.length &&
          isIdentifierPart(source[index + 1]!)
        ) {
          index += 1;
        } else {
          break;
        }
      }
      tokens.push({ kind: 'identifier', text: source.slice(start, index), start, end: index });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(source[index + 1] ?? ''))) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(source.slice(index))!;
      index += match[0].length;
      if (index < source.length && isIdentifierStart(source[index]!)) {
        throw new ExpressionSyntaxError(
          `"${source.slice(start, index + 1)}" is neither a number nor a name`,
          source,
          start,
        );
      }
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), start, end: index });
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      index += 1;
      let closed = false;
      while (index < source.length) {
        const next = source[index]!;
        if (next === '\\') {
          const escaped = source[index + 1];
          if (escaped === undefined || !(escaped in ESCAPES)) {
            throw new ExpressionSyntaxError(
              `unknown escape "\\${escaped ?? ''}" in a string; use \\\\, \\', \\", \\n, \\t or \\r`,
              source,
              index,
            );
          }
          value += ESCAPES[escaped];
          index += 2;
          continue;
        }
        if (next === char) {
          index += 1;
          closed = true;
          break;
        }
        value += next;
        index += 1;
      }
      if (!closed) {
        throw new ExpressionSyntaxError(
          `a string is not closed: add a closing ${char}`,
          source,
          start,
        );
      }
      tokens.push({ kind: 'string', text: source.slice(start, index), value, start, end: index });
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, index));
    if (operator) {
      index += operator.length;
      tokens.push({ kind: 'operator', text: operator, start, end: index });
      continue;
    }
    if (char === '=') {
      throw new ExpressionSyntaxError('"=" is not an operator; compare with "=="', source, start);
    }
    if (PUNCTUATION.has(char)) {
      index += 1;
      tokens.push({ kind: 'punctuation', text: char, start, end: index });
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character "${char}"`, source, start);
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}
