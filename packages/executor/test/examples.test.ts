// The example plugins (examples/plugins) run as a workflow through the whole executor: each in
// its sandbox, data flowing between steps with conversions, files coming back as artifacts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistentRun } from './support/consistency';
import { createHarness, type Harness } from './support/harness';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples/plugins');
const TEXT = 'Great product but expensive';
let harness: Harness;

beforeAll(async () => {
  harness = await createHarness({ pluginsDir: EXAMPLES, sandbox: 'required' });
});

afterAll(async () => {
  await harness.close();
});

describe('the demo request: analyze sentiment, calculate readability, and create a CSV report', () => {
  it('runs as a parallel workflow and gives the report the plugins compute', async () => {
    const result = await harness.executor.run(
      {
        name: 'feedback-report',
        inputs: { text: { type: 'string' } },
        steps: [
          {
            id: 'sentiment',
            plugin: 'text-sentiment',
            capability: 'analyze-sentiment',
            inputs: { text: '${workflow.inputs.text}' },
          },
          {
            id: 'readability',
            plugin: 'readability',
            capability: 'calculate-readability',
            inputs: { text: '${workflow.inputs.text}' },
          },
          {
            id: 'report',
            plugin: 'report-builder',
            capability: 'build-report',
            depends_on: ['sentiment', 'readability'],
            inputs: {
              title: 'Customer feedback',
              sections: {
                Sentiment: '${steps.sentiment.outputs.sentiment}',
                Readability: '${steps.readability.outputs.readability}',
              },
              format: 'csv',
            },
          },
        ],
        outputs: {
          label: '${steps.sentiment.outputs.label}',
          report: '${steps.report.outputs.report}',
          content: '${steps.report.outputs.content}',
        },
      },
      { inputs: { text: TEXT } },
    );
    expect(result.state).toBe('succeeded');
    expect(result.outputs.label).toBe('mixed');
    const content = result.outputs.content as string;
    expect(content.split('\n').slice(0, 3)).toEqual([
      'section,key,value',
      ',title,Customer feedback',
      'Sentiment,label,mixed',
    ]);
    expect(content).toContain('Readability,flesch_reading_ease,54.73');
    expect(readFileSync(result.outputs.report as string, 'utf8')).toBe(content);
    await expectConsistentRun(harness.storage, result.runId);
  });

  it('turns the scored terms into CSV, statistics and a chart, with the CSV converted back to JSON', async () => {
    const result = await harness.executor.run(
      {
        name: 'terms',
        inputs: { text: { type: 'string' } },
        steps: [
          {
            id: 'sentiment',
            plugin: 'text-sentiment',
            capability: 'analyze-sentiment',
            inputs: { text: '${workflow.inputs.text}' },
          },
          {
            id: 'table',
            plugin: 'json-to-csv',
            capability: 'json-to-csv',
            depends_on: ['sentiment'],
            inputs: { data: '${steps.sentiment.outputs.sentiment.terms}' },
          },
          {
            id: 'stats',
            plugin: 'csv-stats',
            capability: 'csv-stats',
            depends_on: ['table'],
            inputs: { csv: '${steps.table.outputs.csv}', columns: ['contribution'] },
          },
          {
            id: 'chart',
            plugin: 'chart',
            capability: 'create-chart',
            depends_on: ['table'],
            inputs: { csv: '${steps.table.outputs.csv}', x: 'term', y: 'contribution' },
          },
          {
            id: 'back',
            plugin: 'csv-to-json',
            capability: 'csv-to-json',
            depends_on: ['table'],
            inputs: { csv: '${steps.table.outputs.csv}' },
          },
        ],
        outputs: {
          csv: '${steps.table.outputs.csv}',
          mean: '${steps.stats.outputs.stats.contribution.mean}',
          chart: '${steps.chart.outputs.chart}',
          back: '${steps.back.outputs.data}',
        },
      },
      { inputs: { text: TEXT } },
    );
    expect(result.state).toBe('succeeded');
    expect(result.outputs.csv).toBe(
      'term,weight,contribution\ngreat,3,1.5\nexpensive,-1.5,-2.25\n',
    );
    expect(result.outputs.mean).toBe(-0.375);
    expect(readFileSync(result.outputs.chart as string, 'utf8')).toContain(
      '<title>expensive: -2.25</title>',
    );
    expect(result.outputs.back).toEqual([
      { term: 'great', weight: 3, contribution: 1.5 },
      { term: 'expensive', weight: -1.5, contribution: -2.25 },
    ]);
  });
});
