import { contextError, ContextErrorCodes } from '../errors';
import { positionOf } from './text-position';

const WHITESPACE = /[ \t\n\r]*/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Index of the first character where `text` stops being JSON (RFC 8259), or undefined when it is
 * JSON. Only run after JSON.parse failed, because V8 does not always report a position.
 */
export function locateJsonError(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const string = () => {
    i += 1;
    for (;;) {
      const char = text[i];
      if (char === undefined) fail();
      if (char === '"') {
        i += 1;
        return;
      }
      if (char === '\\') {
        const escape = text[i + 1];
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else {
          i += 1;
          fail();
        }
        continue;
      }
      if (char! < ' ') fail();
      i += 1;
    }
  };
  // Containers are walked with an explicit stack: a deeply nested document must not overflow ours.
  const value = () => {
    const stack: string[] = [];
    for (;;) {
      space();
      const char = text[i];
      if (char === '{' || char === '[') {
        i += 1;
        space();
        if (text[i] === (char === '{' ? '}' : ']')) i += 1;
        else {
          stack.push(char);
          if (char === '{') {
            if (text[i] !== '"') fail();
            string();
            space();
            if (text[i] !== ':') fail();
            i += 1;
          }
          continue;
        }
      } else if (char === '"') {
        string();
      } else {
        LITERAL.lastIndex = i;
        if (!LITERAL.exec(text)) fail();
        i = LITERAL.lastIndex;
      }
      for (;;) {
        const open = stack[stack.length - 1];
        if (open === undefined) return;
        space();
        if (text[i] === ',') {
          i += 1;
          if (open === '{') {
            space();
            if (text[i] !== '"') fail();
            string();
            space();
            if (text[i] !== ':') fail();
            i += 1;
          }
          break;
        }
        if (text[i] === (open === '{' ? '}' : ']')) {
          i += 1;
          stack.pop();
          continue;
        }
        fail();
      }
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (typeof error === 'number') return error;
    throw error;
  }
}

/**
 * Parses JSON text, throwing `JSON_PARSE_ERROR` with the line and column of the first character
 * that is not JSON.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const index = locateJsonError(text);
    const where = index === undefined ? undefined : positionOf(text, index);
    const found =
      index === undefined || index >= text.length
        ? 'the text ends too early'
        : `unexpected ${JSON.stringify(text[index])}`;
    throw contextError(
      ContextErrorCodes.JSON_PARSE_ERROR,
      `${where ? `JSON line ${where.line}, column ${where.column}` : 'JSON'}: ${found}. Fix the JSON (double-quoted keys and strings, no trailing commas, no comments).`,
      { cause: error, details: where ? { line: where.line, column: where.column } : {} },
    );
  }
}

/** True when text looks like a JSON document rather than a plain string (an object, list or quoted string). */
export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[' || first === '"';
}

/** JSON text of a value, indented by two spaces. */
export function renderJson(data: unknown): string {
  return JSON.stringify(data, null, 2) ?? 'null';
}
