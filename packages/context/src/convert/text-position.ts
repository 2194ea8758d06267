/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** The line and column of `index` in `text` (counted only when an error needs them). */
export function positionOf(text: string, index: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i += 1) {
    const char = text.charCodeAt(i);
    if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
