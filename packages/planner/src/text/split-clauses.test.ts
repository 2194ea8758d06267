import { describe, expect, it } from 'vitest';
import { extractLiterals } from '../literals/extract-literals';
import { isOnlyLiterals, splitClauses } from './split-clauses';

const clauses = (request: string) => splitClauses(extractLiterals(request).masked);

describe('splitClauses', () => {
  it('splits on sentences, commas and "and", dropping fillers', () => {
    const result = clauses(
      "I have customer feedback: 'Great, but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.",
    );
    expect(
      result.map((clause) => [
        clause.text.replace(/[\uE000-\uF8FF]/g, '#'),
        clause.join,
        clause.sequential,
      ]),
    ).toEqual([
      ['I have customer feedback: #', 'start', false],
      ['analyze sentiment', 'sentence', false],
      ['calculate readability', 'list', false],
      ['create a CSV report', 'list', false],
    ]);
  });

  it('marks clauses ordered by "then", "and then", "after that" and "finally"', () => {
    const result = clauses(
      'Fetch the page, then extract the links and then count them. After that email me. Finally archive it',
    );
    expect(result.map((clause) => [clause.text, clause.sequential])).toEqual([
      ['Fetch the page', false],
      ['extract the links', true],
      ['count them', true],
      ['email me', true],
      ['archive it', true],
    ]);
  });

  it('never splits inside literals (commas in quotes or JSON, dots in file names)', () => {
    const result = clauses('Convert data.v2.json to CSV and chart {"a": 1, "b": 2}');
    expect(result).toHaveLength(2);
    expect(result[0]!.text).toMatch(/^Convert . to CSV$/);
  });

  it('keeps what was written, to merge a list tail back', () => {
    const [, second] = clauses('Compute statistics for the columns price and quantity');
    expect(second).toMatchObject({
      text: 'quantity',
      separator: ' and ',
      raw: 'quantity',
      join: 'and',
    });
  });
});

describe('isOnlyLiterals', () => {
  it('is true for the tail of a list of literals', () => {
    const { masked } = extractLiterals("'a', 'b' and 'c'");
    expect(isOnlyLiterals(masked.slice(masked.indexOf(',') + 1))).toBe(true);
    expect(isOnlyLiterals('quantity')).toBe(false);
  });
});
