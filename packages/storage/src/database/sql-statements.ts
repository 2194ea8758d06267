/** Where a second statement starts in SQL text, for a clear error; never used to decide safety. */
export interface TrailingStatement {
  /** Offset of its first character. */
  offset: number;
  /** 1-based line and column of its first character. */
  line: number;
  column: number;
}

const CLOSERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/** Offset just past a quoted string or identifier that opens at `start` (doubled quotes escape). */
function skipQuoted(sql: string, start: number): number {
  const close = CLOSERS[sql[start]!]!;
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === close) {
      if (close !== ']' && sql[index + 1] === close) index += 2;
      else return index + 1;
    } else index += 1;
  }
  return sql.length;
}

/** Offset just past the comment opening at `start`, or `start` when none opens there. */
function skipComment(sql: string, start: number): number {
  if (sql.startsWith('--', start)) {
    const end = sql.indexOf('\n', start);
    return end < 0 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', start)) {
    const end = sql.indexOf('*/', start + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return start;
}

/**
 * The statement that follows the first one in `sql` (after a `;` outside strings, quoted
 * identifiers and comments), ignoring blanks and comments; undefined when there is none. SQLite
 * compiles only the first statement of a text, so this is how the rest is reported instead of
 * silently dropped.
 */
export function findTrailingStatement(sql: string): TrailingStatement | undefined {
  let index = 0;
  let ended = false;
  while (index < sql.length) {
    const char = sql[index]!;
    const afterComment = skipComment(sql, index);
    if (afterComment !== index) index = afterComment;
    else if (/\s/.test(char)) index += 1;
    else if (ended && char !== ';') {
      const before = sql.slice(0, index).split('\n');
      return { offset: index, line: before.length, column: before.at(-1)!.length + 1 };
    } else if (char === ';') {
      ended = true;
      index += 1;
    } else if (char in CLOSERS) index = skipQuoted(sql, index);
    else index += 1;
  }
  return undefined;
}
