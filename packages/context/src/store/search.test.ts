import { describe, expect, it } from 'vitest';
import { compareHits, compileQuery, searchWords, type SearchDocument } from './search';

const doc = (key: string, type: string, tags: string[], data: unknown): SearchDocument => ({
  key,
  type,
  tags,
  data: JSON.stringify(data),
});

function rank(query: string, documents: SearchDocument[]): string[] {
  const compiled = compileQuery(query);
  return documents
    .map((document, index) => ({
      key: document.key,
      match: compiled.score(document),
      updatedAt: String(index).padStart(3, '0'),
    }))
    .filter((hit) => hit.match.matchedWords > 0)
    .sort(compareHits)
    .map((hit) => hit.key);
}

describe('search ranking', () => {
  it('splits words on anything but letters and digits, lowercased', () => {
    expect(searchWords('Step-Output: CSV_file, café 2024!')).toEqual([
      'step',
      'output',
      'csv',
      'file',
      'café',
      '2024',
    ]);
  });

  it('weighs a match in the key over tags, tags over type, type over data', () => {
    const documents = [
      doc('notes', 'task', [], { text: 'invoice draft' }),
      doc('draft', 'task', [], {}),
      doc('misc', 'invoice', [], {}),
      doc('other', 'task', ['invoice'], {}),
      doc('invoice-2024', 'task', [], {}),
    ];
    expect(rank('invoice', documents)).toEqual(['invoice-2024', 'other', 'misc', 'notes']);
  });

  it('ranks documents matching more of the words first, then by score', () => {
    const documents = [
      doc('csv-export', 'task', [], {}),
      doc('report', 'workflow', ['csv'], { format: 'csv' }),
      doc('plain', 'task', [], { note: 'workflow' }),
    ];
    expect(rank('csv workflow', documents)).toEqual(['report', 'csv-export', 'plain']);
  });

  it('matches word prefixes at half weight, never the middle of a word', () => {
    const compiled = compileQuery('work');
    expect(compiled.score(doc('workflow-1', 't', [], {})).score).toBe(4);
    expect(compiled.score(doc('work', 't', [], {})).score).toBe(8);
    expect(compiled.score(doc('homework', 't', [], {})).matchedWords).toBe(0);
  });

  it('gives repeats in the data a small, bounded bonus and reports the fields matched', () => {
    const compiled = compileQuery('alpha');
    const once = compiled.score(doc('k', 't', [], ['alpha']));
    const many = compiled.score(
      doc(
        'k',
        't',
        [],
        Array.from({ length: 100 }, () => 'alpha'),
      ),
    );
    expect(once.score).toBe(1);
    expect(many.score).toBeGreaterThan(once.score);
    expect(many.score).toBeLessThanOrEqual(3);
    expect(compiled.score(doc('alpha', 'alpha', ['alpha'], { alpha: 1 })).fields).toEqual([
      'key',
      'tags',
      'type',
      'data',
    ]);
  });

  it('treats regular-expression characters in the query as text', () => {
    expect(compileQuery('a.b (c)').words).toEqual(['a', 'b', 'c']);
    expect(compileQuery('***').words).toEqual([]);
  });
});
