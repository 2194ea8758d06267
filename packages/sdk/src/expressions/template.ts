import type { ExpressionNode, PathNode } from './ast';
import { collectPaths } from './ast';
import { ExpressionSyntaxError } from './expression-error';
import { parseExpression } from './parser';

/** Plain text between expressions. */
export interface TextPart {
  readonly kind: 'text';
  readonly value: string;
}

/** One `${...}` expression in a template, with its offsets in the template string. */
export interface ExpressionPart {
  readonly kind: 'expression';
  readonly node: ExpressionNode;
  /** The text between `${` and `}`. */
  readonly source: string;
  /** Offset of the `$` in the template. */
  readonly start: number;
  /** Offset just after the closing `}`. */
  readonly end: number;
}

/** A string with `${...}` expressions in it. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (TextPart | ExpressionPart)[];
}

/** A syntax error inside a template; `offset` counts from the start of the whole template string. */
export class TemplateSyntaxError extends ExpressionSyntaxError {
  constructor(reason: string, template: string, offset: number) {
    super(reason, template, offset);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Parses a string that may hold `${...}` expressions. `$${` writes a literal `${`. A `}` inside a
 * quoted string in an expression does not end it.
 */
export function parseTemplate(source: string): Template {
  const parts: (TextPart | ExpressionPart)[] = [];
  let text = '';
  let index = 0;
  while (index < source.length) {
    if (source.startsWith('$${', index)) {
      text += '${';
      index += 3;
      continue;
    }
    if (!source.startsWith('${', index)) {
      text += source[index];
      index += 1;
      continue;
    }
    const start = index;
    let cursor = index + 2;
    let quote: string | undefined;
    while (cursor < source.length) {
      const char = source[cursor]!;
      if (quote) {
        if (char === '\\') cursor += 1;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '}') {
        break;
      }
      cursor += 1;
    }
    if (cursor >= source.length) {
      throw new TemplateSyntaxError('"${" is not closed: add "}"', source, start);
    }
    const inner = source.slice(start + 2, cursor);
    let node: ExpressionNode;
    try {
      node = parseExpression(inner);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) {
        throw new TemplateSyntaxError(error.reason, source, start + 2 + error.offset);
      }
      throw error;
    }
    if (text) parts.push({ kind: 'text', value: text });
    text = '';
    parts.push({ kind: 'expression', node, source: inner, start, end: cursor + 1 });
    index = cursor + 1;
  }
  if (text) parts.push({ kind: 'text', value: text });
  return { source, parts };
}

/** True when the string holds at least one `${`. Cheap check before {@link parseTemplate}. */
export function hasTemplate(value: string): boolean {
  return value.includes('${');
}

/** The single expression when the template is exactly one `${...}` and nothing else. */
export function wholeExpression(template: Template): ExpressionPart | undefined {
  const [only, ...rest] = template.parts;
  return only?.kind === 'expression' && rest.length === 0 ? only : undefined;
}

/** A path referenced in a template, with the offset of its expression in the template string. */
export interface TemplateReference {
  readonly path: PathNode;
  /** Offset of the path in the template string. */
  readonly offset: number;
  /** The expression part the path belongs to. */
  readonly part: ExpressionPart;
}

/** Every path referenced by a template. */
export function templateReferences(template: Template): TemplateReference[] {
  return template.parts.flatMap((part) =>
    part.kind === 'expression'
      ? collectPaths(part.node).map((path) => ({ path, offset: part.start + 2 + path.start, part }))
      : [],
  );
}
