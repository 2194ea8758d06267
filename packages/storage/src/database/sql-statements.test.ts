import { describe, expect, it } from 'vitest';
import { findTrailingStatement } from './sql-statements';

describe('findTrailingStatement', () => {
  it('finds the statement after the first one, with its line and column', () => {
    expect(findTrailingStatement('SELECT 1 AS one; DELETE FROM plugins')).toEqual({
      offset: 17,
      line: 1,
      column: 18,
    });
    expect(findTrailingStatement('SELECT 1;\n  -- then\n  DROP TABLE x')).toMatchObject({
      line: 3,
      column: 3,
    });
  });

  it('accepts one statement with a final semicolon, blanks and comments after it', () => {
    expect(findTrailingStatement('SELECT 1')).toBeUndefined();
    expect(findTrailingStatement('SELECT 1;;  -- done\n /* really */ \n')).toBeUndefined();
  });

  it('ignores semicolons in strings, quoted identifiers and comments', () => {
    expect(
      findTrailingStatement(
        `SELECT 'a;b', 'it''s; fine', "c;d", \`e;f\`, [g;h] -- x; DELETE\n/* ; DROP */ FROM t`,
      ),
    ).toBeUndefined();
    expect(findTrailingStatement("SELECT 'unterminated; DELETE")).toBeUndefined();
  });
});
