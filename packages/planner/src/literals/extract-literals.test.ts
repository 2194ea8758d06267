import { describe, expect, it } from 'vitest';
import { dataTypeOfPath, extractLiterals, placeholdersIn } from './extract-literals';
import { parseInlineData } from './parse-inline-data';

const kinds = (request: string) =>
  extractLiterals(request).literals.map((literal) => [
    literal.kind,
    literal.value,
    literal.dataType,
  ]);

describe('extractLiterals', () => {
  it('takes quoted text in straight and typographic quotes, not apostrophes inside words', () => {
    expect(kinds(`The customer's note: 'Don't ship it', "fine", “great” and ‘meh’`)).toEqual([
      ['text', "Don't ship it", 'text'],
      ['text', 'fine', 'text'],
      ['text', 'great', 'text'],
      ['text', 'meh', 'text'],
    ]);
  });

  it('reads inline JSON and Python-ish dicts, keeping their quotes inside', () => {
    expect(
      kinds(`Convert {'review': 'Amazing software!', 'rating': 5, 'ok': True} and [{"a": null}]`),
    ).toEqual([
      ['json', { review: 'Amazing software!', rating: 5, ok: true }, 'json'],
      ['json', [{ a: null }], 'json'],
    ]);
  });

  it('finds URLs, emails, paths and folders, leaving sentence punctuation outside', () => {
    expect(
      kinds(
        'Fetch https://example.com/a?b=1, mail boss@example.com, read ./data/sales.csv and notes.txt, then zip ./photos/.',
      ),
    ).toEqual([
      ['url', 'https://example.com/a?b=1', 'url'],
      ['email', 'boss@example.com', 'text'],
      ['path', './data/sales.csv', 'csv'],
      ['path', 'notes.txt', 'file'],
      ['path', './photos/', 'directory'],
    ]);
  });

  it('takes numbers, but not those inside words or versions', () => {
    expect(kinds('quality 80, top 3, width=640 and h264 at v1.2.3')).toEqual([
      ['number', 80, 'json'],
      ['number', 3, 'json'],
      ['number', 640, 'json'],
    ]);
  });

  it('does not read prose as paths ("and/or", "e.g.")', () => {
    expect(kinds('Use input and/or output, e.g. the first one')).toEqual([]);
  });

  it('reads a quoted path, URL or JSON as what it is', () => {
    expect(kinds(`'report.pdf' "https://x.org" '{"a": 1}'`)).toEqual([
      ['json', { a: 1 }, 'json'],
      ['path', 'report.pdf', 'pdf'],
      ['url', 'https://x.org', 'url'],
    ]);
  });

  it('replaces each literal by one placeholder character, in order of discovery', () => {
    const { masked, literals } = extractLiterals("Analyze 'great stuff' in notes.txt");
    expect(placeholdersIn(masked)).toEqual([0, 1]);
    expect(masked.replace(/[\uE000-\uF8FF]/g, '#')).toBe('Analyze # in #');
    expect(literals.map((literal) => literal.raw)).toEqual(["'great stuff'", 'notes.txt']);
  });
});

describe('dataTypeOfPath', () => {
  it('types paths by extension, folders without one', () => {
    expect(
      ['a.csv', 'b.JSON', 'c.png', 'd.mp3', 'e.txt', './src', 'out/'].map(dataTypeOfPath),
    ).toEqual(['csv', 'json', 'image', 'audio', 'file', 'directory', 'directory']);
  });
});

describe('parseInlineData', () => {
  it('accepts JSON, Python literals, bare keys and trailing commas', () => {
    expect(parseInlineData('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseInlineData("{'a': None, 'b': False,}")).toEqual({ a: null, b: false });
    expect(parseInlineData('{name: "Ada", tags: ["x"]}')).toEqual({ name: 'Ada', tags: ['x'] });
  });

  it('returns undefined for text that is not one complete value', () => {
    expect(parseInlineData('{a: }')).toBeUndefined();
    expect(parseInlineData('{"a": 1} trailing')).toBeUndefined();
    expect(parseInlineData('[unclosed')).toBeUndefined();
  });
});
