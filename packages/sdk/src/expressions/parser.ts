import type { BinaryOperator, ExpressionNode, PathNode } from './ast';
import { ExpressionSyntaxError } from './expression-error';
import { type Token, tokenize } from './tokenizer';

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private index = 0;
  private readonly tokens: Token[];

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parse(): ExpressionNode {
    if (this.peek().kind === 'end') {
      throw new ExpressionSyntaxError('the expression is empty', this.source, 0);
    }
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.error(`unexpected "${next.text}" after a complete expression`, next);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private advance(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private error(reason: string, token: Token): ExpressionSyntaxError {
    return new ExpressionSyntaxError(reason, this.source, token.start);
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'identifier' && token.text === word;
  }

  private isSymbol(token: Token, symbol: string): boolean {
    return (token.kind === 'punctuation' || token.kind === 'operator') && token.text === symbol;
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or') || this.isSymbol(this.peek(), '||')) {
      this.advance();
      const right = this.parseAnd();
      left = this.binary('or', left, right);
    }
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and') || this.isSymbol(this.peek(), '&&')) {
      this.advance();
      const right = this.parseNot();
      left = this.binary('and', left, right);
    }
    return left;
  }

  private parseNot(): ExpressionNode {
    const token = this.peek();
    if (this.isWord(token, 'not') || this.isSymbol(token, '!')) {
      this.advance();
      const operand = this.parseNot();
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    return this.parseComparison();
  }

  private parseComparison(): ExpressionNode {
    const left = this.parsePrimary();
    const token = this.peek();
    let operator: BinaryOperator | undefined;
    if (token.kind === 'operator' && COMPARISONS.has(token.text)) {
      operator = token.text as BinaryOperator;
    } else if (this.isWord(token, 'in')) {
      operator = 'in';
    } else if (this.isWord(token, 'not') && this.isWord(this.tokens[this.index + 1]!, 'in')) {
      this.advance();
      this.advance();
      const right = this.parsePrimary();
      const inNode = this.binary('in', left, right);
      return { kind: 'not', operand: inNode, start: left.start, end: right.end };
    }
    if (!operator) return left;
    this.advance();
    const right = this.parsePrimary();
    const next = this.peek();
    if (next.kind === 'operator' && COMPARISONS.has(next.text)) {
      throw this.error(
        `comparisons do not chain; combine them with "and", e.g. "a < b and b < c"`,
        next,
      );
    }
    return this.binary(operator, left, right);
  }

  private binary(
    operator: BinaryOperator,
    left: ExpressionNode,
    right: ExpressionNode,
  ): ExpressionNode {
    return { kind: 'binary', operator, left, right, start: left.start, end: right.end };
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case 'string':
        this.advance();
        return { kind: 'literal', value: token.value!, start: token.start, end: token.end };
      case 'identifier':
        if (token.text === 'true' || token.text === 'false') {
          this.advance();
          return {
            kind: 'literal',
            value: token.text === 'true',
            start: token.start,
            end: token.end,
          };
        }
        if (token.text === 'null') {
          this.advance();
          return { kind: 'literal', value: null, start: token.start, end: token.end };
        }
        if (KEYWORDS.has(token.text)) {
          throw this.error(`"${token.text}" needs a value before it`, token);
        }
        return this.parsePath();
      case 'punctuation':
        if (token.text === '(') {
          this.advance();
          const inner = this.parseOr();
          const close = this.advance();
          if (!this.isSymbol(close, ')')) throw this.error('a "(" is not closed: add ")"', close);
          return inner;
        }
        if (token.text === '[') return this.parseList();
        throw this.error(`unexpected "${token.text}"`, token);
      case 'operator':
        throw this.error(`"${token.text}" needs a value before it`, token);
      case 'end':
        throw this.error('the expression ends too early: a value is missing', token);
    }
  }

  private parseList(): ExpressionNode {
    const open = this.advance();
    const items: ExpressionNode[] = [];
    if (this.isSymbol(this.peek(), ']')) {
      const close = this.advance();
      return { kind: 'list', items, start: open.start, end: close.end };
    }
    for (;;) {
      items.push(this.parseOr());
      const next = this.advance();
      if (this.isSymbol(next, ']'))
        return { kind: 'list', items, start: open.start, end: next.end };
      if (!this.isSymbol(next, ',')) throw this.error('expected "," or "]" in a list', next);
    }
  }

  private parsePath(): PathNode {
    const root = this.advance();
    const segments: (string | number)[] = [];
    let end = root.end;
    for (;;) {
      const token = this.peek();
      if (this.isSymbol(token, '.')) {
        this.advance();
        const name = this.advance();
        if (name.kind !== 'identifier') {
          throw this.error(
            `expected a name after "." in "${this.source.slice(root.start, name.end)}"`,
            name,
          );
        }
        segments.push(name.text);
        end = name.end;
      } else if (this.isSymbol(token, '[')) {
        this.advance();
        const key = this.advance();
        if (key.kind === 'number' && Number.isInteger(key.value)) {
          segments.push(key.value as number);
        } else if (key.kind === 'string') {
          segments.push(key.value as string);
        } else {
          throw this.error(
            'an index is a whole number or a quoted name, e.g. [0] or ["name"]',
            key,
          );
        }
        const close = this.advance();
        if (!this.isSymbol(close, ']')) throw this.error('an index is not closed: add "]"', close);
        end = close.end;
      } else {
        return { kind: 'path', root: root.text, segments, start: root.start, end };
      }
    }
  }
}

/**
 * Parses an expression (the text inside `${...}`, or a bare `when` condition). Throws an
 * {@link ExpressionSyntaxError} with the offset of the problem.
 */
export function parseExpression(source: string): ExpressionNode {
  return new Parser(source).parse();
}

/**
 * Parses a `when` condition. Accepted forms: a bare expression (`steps.a.outputs.score > 0.5`), one
 * wrapped in `${...}`, or a mix (`${steps.a.outputs.score} > 0.5`), where each `${...}` counts as a
 * parenthesized sub-expression. Offsets in errors point into the condition as written.
 */
export function parseCondition(condition: string): ExpressionNode {
  if (!condition.includes('${')) return parseExpression(condition);
  let rewritten = '';
  let depth = 0;
  let quote: string | undefined;
  for (let index = 0; index < condition.length; index += 1) {
    const char = condition[index]!;
    if (quote) {
      rewritten += char;
      if (char === '\\' && index + 1 < condition.length) {
        rewritten += condition[index + 1];
        index += 1;
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      rewritten += char;
    } else if (char === '$' && condition[index + 1] === '{') {
      // Two characters for two keeps every offset where it was written.
      rewritten += ' (';
      depth += 1;
      index += 1;
    } else if (char === '}' && depth > 0) {
      rewritten += ')';
      depth -= 1;
    } else {
      rewritten += char;
    }
  }
  if (depth > 0) {
    throw new ExpressionSyntaxError(
      '"${" is not closed: add "}"',
      condition,
      condition.lastIndexOf('${'),
    );
  }
  try {
    return parseExpression(rewritten);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      throw new ExpressionSyntaxError(error.reason, condition, error.offset);
    }
    throw error;
  }
}
