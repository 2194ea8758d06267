import { type CatalogEntry, CapabilitySchema, createCatalog } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { stem } from '../text/porter-stemmer';
import { createCapabilityRanker } from './create-capability-ranker';

function entry(
  plugin: string,
  name: string,
  description: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, string>,
  tags: string[] = [],
): CatalogEntry {
  return {
    plugin,
    capability: CapabilitySchema.parse({
      name,
      description,
      tags,
      inputs,
      outputs,
      entry_point: { type: 'cli', command: ['tool'] },
    }),
  };
}

const catalog = createCatalog([
  entry(
    'json-to-csv',
    'json-to-csv',
    'Converts JSON records to a CSV table.',
    { data: { type: 'object', data_type: 'json', required: true } },
    { csv: 'csv' },
  ),
  entry(
    'csv-to-json',
    'csv-to-json',
    'Converts a CSV table to JSON records.',
    { csv: { type: 'string', data_type: 'csv', required: true } },
    { data: 'json' },
  ),
  entry(
    'text-sentiment',
    'analyze-sentiment',
    'Scores the sentiment of a text.',
    { text: { type: 'string', data_type: 'text', required: true } },
    { sentiment: 'json', label: 'text' },
  ),
  entry(
    'pdf-tools',
    'pdf-to-text',
    'Extracts the text of a PDF.',
    { pdf: { type: 'string', data_type: 'pdf', required: true } },
    { text: 'text' },
  ),
  entry(
    'text-themes',
    'extract-themes',
    'Extracts the key themes of a text.',
    { text: { type: 'string', data_type: 'text', required: true } },
    { themes: 'json' },
  ),
  entry(
    'report-builder',
    'build-report',
    'Builds a report from sections.',
    { format: { type: 'string', enum: ['markdown', 'csv'] } },
    { report: 'file' },
  ),
]);
const ranker = createCapabilityRanker(catalog);
const top = (query: string, options?: Parameters<typeof ranker.rank>[1]) =>
  ranker.rank(query, options)[0]?.capability;

describe('createCapabilityRanker', () => {
  it('ranks by words in names, descriptions and input/output names', () => {
    expect(top('analyze the sentiment')).toBe('analyze-sentiment');
    expect(top('extract key themes')).toBe('extract-themes');
    expect(ranker.size).toBe(6);
  });

  it('follows the direction of a conversion ("JSON to CSV" is not "CSV to JSON")', () => {
    expect(top('Convert this JSON to CSV')).toBe('json-to-csv');
    expect(top('turn the CSV into JSON')).toBe('csv-to-json');
    const [first, second] = ranker.rank('Convert this JSON to CSV');
    expect(first!.typeScore).toBeGreaterThan(second!.typeScore);
    expect(first!.lexicalScore).toBeCloseTo(second!.lexicalScore, 0);
  });

  it('finds capabilities through synonyms, at a lower weight, and says so', () => {
    const [first] = ranker.rank('what is the mood of this message');
    expect(first?.capability).toBe('analyze-sentiment');
    expect(first?.matchedWords).toContain('mood~sentiment');
  });

  it('counts enum values of inputs as evidence ("a CSV report")', () => {
    expect(top('create a CSV report')).toBe('build-report');
  });

  it('favours capabilities that take the data the request hands in', () => {
    expect(top('extract the text')).not.toBe('pdf-to-text');
    expect(top('extract the text', { consumes: ['pdf'] })).toBe('pdf-to-text');
    expect(top('extract the text', { follows: ['pdf'] })).toBe('pdf-to-text');
  });

  it('measures coverage, optionally ignoring weak words', () => {
    const [first] = ranker.rank('draft a report');
    expect(first?.capability).toBe('build-report');
    expect(first?.coverage).toBeGreaterThan(0);
    expect(first?.coverage).toBeLessThan(1);
    const ignored = new Set([stem('draft')]);
    expect(ranker.rank('draft a report', { ignoreInCoverage: ignored })[0]?.coverage).toBe(1);
    expect(ranker.rank('analyze sentiment')[0]?.coverage).toBe(1);
  });

  it('returns nothing for a request no capability shares a word with, and honours the limit', () => {
    expect(ranker.rank('book a flight to Tokyo')).toEqual([]);
    expect(ranker.rank('text', { limit: 2 })).toHaveLength(2);
    expect(ranker.rank('')).toEqual([]);
  });

  it('still finds the right capability among 10,000', () => {
    const entries: CatalogEntry[] = [...catalog.entries()];
    const nouns = [
      'invoice',
      'ticket',
      'order',
      'log',
      'metric',
      'image',
      'table',
      'page',
      'message',
      'record',
    ];
    const verbs = [
      'sync',
      'index',
      'tag',
      'score',
      'clean',
      'merge',
      'split',
      'render',
      'audit',
      'rotate',
    ];
    for (let i = 0; entries.length < 10_000; i += 1) {
      const noun = nouns[i % nouns.length]!;
      const verb = verbs[Math.floor(i / nouns.length) % verbs.length]!;
      entries.push(
        entry(
          `tools-${i}`,
          `${verb}-${noun}-${i}`,
          `Does ${verb} on a ${noun} (variant ${i}).`,
          { input: { type: 'string', data_type: 'text', required: true } },
          { result: 'json' },
        ),
      );
    }
    const big = createCapabilityRanker(createCatalog(entries));
    expect(big.size).toBe(10_000);
    expect(big.rank('analyze the sentiment of this text')[0]?.capability).toBe('analyze-sentiment');
    expect(big.rank('Convert this JSON to CSV')[0]?.capability).toBe('json-to-csv');
  });
});
