/** How a language writes escape sequences in its string literals. */
export interface EscapeSyntax {
  /** Escapes that stand for fixed text, keyed by what follows the backslash (`n` → newline). */
  simple: Readonly<Record<string, string>>;
  /** Matches the escapes (after the backslash) whose hex digits after one letter are a code point. */
  codePoint: RegExp;
  /** Decodes any other escape; `body` is what follows the backslash in `escape`. */
  other(body: string, escape: string): string;
}

/** The text an escape sequence such as `\n` or `\x41` stands for, under a language's `syntax`. */
export function decodeEscape(escape: string, syntax: EscapeSyntax): string {
  const body = escape.slice(1);
  const simple = syntax.simple[body];
  if (simple !== undefined) return simple;
  if (syntax.codePoint.test(body)) return String.fromCodePoint(Number.parseInt(body.slice(1), 16));
  return syntax.other(body, escape);
}
