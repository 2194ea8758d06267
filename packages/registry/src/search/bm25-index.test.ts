import { describe, expect, it } from 'vitest';
import { createBm25Index } from './bm25-index';
import { stem, tokenize } from './tokenize';

describe('tokenize', () => {
  it('splits identifiers, drops stopwords and stems', () => {
    expect(tokenize('convertCsvToJson for the reports')).toEqual([
      'convert',
      'csv',
      'json',
      'report',
    ]);
    expect(tokenize('analyze-sentiment analysing')).toEqual(
      tokenize('analyze sentiment analyzing'),
    );
    expect(stem('counting')).toBe(stem('counts'));
  });
});

describe('createBm25Index', () => {
  const index = createBm25Index([
    {
      value: 'csv-to-json',
      fields: [{ terms: tokenize('csv to json converts csv tables'), weight: 1 }],
    },
    { value: 'json-to-csv', fields: [{ terms: tokenize('json to csv'), weight: 1 }] },
    { value: 'sentiment', fields: [{ terms: tokenize('sentiment of text'), weight: 1 }] },
    { value: 'weighted', fields: [{ terms: tokenize('csv'), weight: 3 }] },
  ]);

  it('ranks by term frequency, rarity and field weight, and leaves out non-matches', () => {
    const hits = index.search(tokenize('csv'), 10);
    expect(hits.map((hit) => hit.value)).toEqual(['weighted', 'csv-to-json', 'json-to-csv']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.search(tokenize('sentiment'), 10).map((hit) => hit.value)).toEqual(['sentiment']);
    expect(index.search(tokenize('nothing here'), 10)).toEqual([]);
  });

  it('reports matched terms and honours the limit; repeated searches are independent', () => {
    const first = index.search(tokenize('json sentiment'), 1);
    expect(first).toHaveLength(1);
    const again = index.search(tokenize('json sentiment'), 1);
    expect(again[0]!.score).toBeCloseTo(first[0]!.score, 10);
    const all = index.search(tokenize('json sentiment'), 10);
    expect(all.find((hit) => hit.value === 'sentiment')?.matched).toEqual(['sentiment']);
  });
});
