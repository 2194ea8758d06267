// The README's demo request, "analyze sentiment, calculate readability, and create a CSV report",
// run as a workflow would: each step called through its entry point, later steps fed the
// declared outputs of earlier ones. Expected values are worked out by hand in the plugins' tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callCapability, capabilityOf, loadPlugin } from './harness.ts';

const TEXT = 'Great product but expensive';

async function step(plugin: string, inputs: Record<string, unknown>) {
  const loaded = loadPlugin(plugin);
  return callCapability(loaded, capabilityOf(loaded), inputs);
}

describe('the demo request on "Great product but expensive"', () => {
  it('gives a CSV report of sentiment and readability', async () => {
    const sentiment = await step('text-sentiment', { text: TEXT });
    const readability = await step('readability', { text: TEXT });
    expect(sentiment.outputs.label).toBe('mixed');
    const report = await step('report-builder', {
      title: 'Customer feedback',
      sections: {
        Sentiment: sentiment.outputs.sentiment,
        Readability: readability.outputs.readability,
      },
      format: 'csv',
    });
    const expected = [
      'section,key,value',
      ',title,Customer feedback',
      'Sentiment,label,mixed',
      'Sentiment,score,-0.13',
      'Sentiment,positive.0,great',
      'Sentiment,negative.0,expensive',
      'Sentiment,words,4',
      'Sentiment,terms.0.term,great',
      'Sentiment,terms.0.weight,3',
      'Sentiment,terms.0.contribution,1.5',
      'Sentiment,terms.1.term,expensive',
      'Sentiment,terms.1.weight,-1.5',
      'Sentiment,terms.1.contribution,-2.25',
      'Readability,flesch_reading_ease,54.73',
      'Readability,flesch_kincaid_grade,6.62',
      'Readability,sentences,1',
      'Readability,words,4',
      'Readability,syllables,7',
      'Readability,level,"fairly difficult (10th to 12th grade, high school)"',
      '',
    ].join('\n');
    expect(report.outputs).toEqual({ report: 'report.csv', content: expected });
    expect(readFileSync(join(report.outputDir, 'report.csv'), 'utf8')).toBe(expected);
  });

  it('turns the scored terms into CSV, statistics, a chart and back to JSON', async () => {
    const sentiment = await step('text-sentiment', { text: TEXT });
    const terms = (sentiment.outputs.sentiment as { terms: unknown[] }).terms;
    const table = await step('json-to-csv', { data: terms });
    expect(table.outputs.csv).toBe('term,weight,contribution\ngreat,3,1.5\nexpensive,-1.5,-2.25\n');

    const stats = await step('csv-stats', { csv: table.outputs.csv, columns: ['contribution'] });
    // 1.5 and -2.25: mean -0.375, sample stdev |1.5 - -2.25| / sqrt(2) = 2.6516504294 (10 significant digits)
    expect(stats.outputs.stats).toEqual({
      contribution: {
        type: 'number',
        count: 2,
        missing: 0,
        distinct: 2,
        mean: -0.375,
        median: -0.375,
        min: -2.25,
        max: 1.5,
        sum: -0.75,
        stdev: 2.651650429,
      },
    });

    const chart = await step('chart', { csv: table.outputs.csv, x: 'term', y: 'contribution' });
    const svg = readFileSync(join(chart.outputDir, chart.outputs.chart as string), 'utf8');
    expect(svg).toContain('<title>great: 1.5</title>');
    expect(svg).toContain('<title>expensive: -2.25</title>');

    const back = await step('csv-to-json', { csv: table.outputs.csv });
    expect(back.outputs.data).toEqual(terms);
  });

  it('finds its themes', async () => {
    const themes = await step('text-themes', { text: TEXT });
    expect(themes.outputs.themes).toEqual([
      { theme: 'great product', score: 1, keywords: ['great', 'product'] },
      { theme: 'expensive', score: 0.5, keywords: ['expensive'] },
    ]);
  });
});
