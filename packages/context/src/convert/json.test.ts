import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { ContextErrorCodes } from '../errors';
import { locateJsonError, parseJson } from './json';

describe('locateJsonError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {}} ',
      '"s"',
      '0',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it.each([
    ['[1, 2,]', 6],
    ['{"a": 1,}', 8],
    ["{'a': 1}", 1],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a": tru}', 6],
    ['"unterminated', 13],
    ['[01]', 2],
    ['{"a": 1} extra', 9],
    ['', 0],
  ])('finds where %j stops being JSON (index %i)', (text, index) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toBe(index);
  });

  it('walks deep nesting without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(99_999)}`;
    expect(locateJsonError(deep)).toBe(deep.length);
  });
});

describe('parseJson', () => {
  it('reports the line and column of the problem', () => {
    try {
      parseJson('{\n  "a": 1,\n  "b": [1, 2,]\n}');
      throw new Error('expected a failure');
    } catch (error) {
      expect(Mark1Error.isInstance(error)).toBe(true);
      const mark1 = error as Mark1Error;
      expect(mark1.code).toBe(ContextErrorCodes.JSON_PARSE_ERROR);
      expect(mark1.message).toContain('JSON line 3, column 14: unexpected "]"');
      expect(mark1.details).toEqual({ line: 3, column: 14 });
    }
  });
});
