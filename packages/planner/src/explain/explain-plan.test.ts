import { validateWorkflow, WorkflowSchema } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { exampleCatalog } from '../../test/support/example-catalog';
import { missingInputsOf } from '../finalize-plan';
import { explainPlan } from './explain-plan';

const catalog = exampleCatalog();

const workflow = WorkflowSchema.parse({
  name: 'diamond',
  inputs: {
    data: { type: 'object', data_type: 'json', default: { a: 1 } },
    notes: { type: 'string', data_type: 'text' },
  },
  steps: [
    {
      id: 'csv',
      plugin: 'json-to-csv',
      capability: 'json-to-csv',
      inputs: { data: '${workflow.inputs.data}' },
    },
    {
      id: 'stats',
      plugin: 'csv-stats',
      capability: 'csv-stats',
      inputs: { csv: '${steps.csv.outputs.csv}' },
      depends_on: ['csv'],
    },
    {
      id: 'chart',
      plugin: 'chart',
      capability: 'create-chart',
      inputs: { csv: '${steps.csv.outputs.csv}', kind: 'line' },
      depends_on: ['csv'],
    },
    {
      id: 'themes',
      plugin: 'text-themes',
      capability: 'extract-themes',
      inputs: { text: '${workflow.inputs.notes}' },
    },
    {
      id: 'report',
      plugin: 'report-builder',
      capability: 'build-report',
      inputs: {
        title: 'All',
        sections: { stats: '${steps.stats.outputs.stats}', chart: '${steps.chart.outputs.chart}' },
      },
      depends_on: ['stats', 'chart'],
    },
  ],
});

describe('explainPlan', () => {
  const validation = validateWorkflow(workflow, catalog);
  const explanation = explainPlan({
    workflow,
    validation,
    catalog,
    rationale: new Map([
      [
        'csv',
        {
          request: 'convert it',
          reason: 'matched "convert"',
          score: 3.2,
          matchedWords: ['convert'],
        },
      ],
    ]),
    unresolved: [{ text: 'print it', reason: 'no installed capability matches its words' }],
    missingInputs: missingInputsOf(workflow),
  });

  it('summarizes the steps as waves that run in parallel', () => {
    expect(validation.valid).toBe(true);
    expect(explanation.summary).toBe(
      '5 steps: csv and themes in parallel, then stats and chart in parallel, then report.',
    );
  });

  it('describes where each input comes from', () => {
    const report = explanation.steps.find((step) => step.id === 'report')!;
    expect(report.bindings.map((binding) => [binding.input, binding.source])).toEqual([
      ['title', 'literal'],
      ['sections', 'collected'],
    ]);
    expect(report.bindings[1]!.note).toBe(
      'collects stats ← steps.stats.outputs.stats, chart ← steps.chart.outputs.chart',
    );
    const themes = explanation.steps.find((step) => step.id === 'themes')!;
    expect(themes.bindings[0]).toMatchObject({
      source: 'missing',
      note: 'workflow input "notes", which you provide',
    });
    expect(explanation.steps[0]).toMatchObject({
      request: 'convert it',
      score: 3.2,
      reason: 'matched "convert"',
    });
  });

  it('lists the data flow, including values collected inside an object input', () => {
    expect(explanation.dataFlow).toContainEqual({
      from: 'steps.chart.outputs.chart',
      to: 'steps.report.inputs.sections.chart',
      fromType: 'image',
      toType: 'json',
      compatibility: 'incompatible',
    });
    expect(explanation.dataFlow).toContainEqual(
      expect.objectContaining({
        from: 'steps.csv.outputs.csv',
        to: 'steps.stats.inputs.csv',
        compatibility: 'exact',
      }),
    );
  });

  it('renders text with what is still needed and what was not mapped', () => {
    expect(explanation.text).toContain('You still need to give:\n  notes (text): notes');
    expect(explanation.text).toContain(
      'Not mapped:\n  "print it": no installed capability matches its words',
    );
    expect(explanation.text).not.toContain('Problems:');
  });
});
