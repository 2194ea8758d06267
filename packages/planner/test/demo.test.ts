import { validateWorkflow } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/index';
import { exampleCatalog } from './support/example-catalog';

const catalog = exampleCatalog();

describe('the README demo and the seed 000 examples, planned offline over the example plugins', () => {
  it('README demo: sentiment and readability in parallel on the quoted text, then a CSV report of both', async () => {
    const result = await plan(
      "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.",
      catalog,
    );
    expect(result.planner).toBe('deterministic');
    expect(result.status).toBe('complete');
    expect(validateWorkflow(result.workflow, catalog).valid).toBe(true);
    const workflow = result.workflow!;
    expect(workflow.inputs.customer_feedback).toMatchObject({
      data_type: 'text',
      default: 'Great product but expensive',
    });
    expect(
      workflow.steps.map((step) => [step.id, `${step.plugin}/${step.capability}`, step.depends_on]),
    ).toEqual([
      ['sentiment', 'text-sentiment/analyze-sentiment', []],
      ['readability', 'readability/calculate-readability', []],
      ['report', 'report-builder/build-report', ['sentiment', 'readability']],
    ]);
    expect(workflow.steps[0]!.inputs).toEqual({ text: '${workflow.inputs.customer_feedback}' });
    expect(workflow.steps[1]!.inputs).toEqual({ text: '${workflow.inputs.customer_feedback}' });
    expect(workflow.steps[2]!.inputs).toEqual({
      title: 'CSV report on customer feedback',
      format: 'csv',
      sections: {
        sentiment: '${steps.sentiment.outputs.sentiment}',
        readability: '${steps.readability.outputs.readability}',
      },
    });
    expect(result.explanation.summary).toBe(
      '3 steps: sentiment and readability in parallel, then report.',
    );
    expect(result.explanation.text).toContain(
      'steps.sentiment.outputs.sentiment (json) → steps.report.inputs.sections.sentiment',
    );
    expect(
      result.explanation.steps[2]!.bindings.find((binding) => binding.input === 'format')?.note,
    ).toBe('"CSV" in the request');
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  it('seed example 2: the dict becomes CSV and then statistics, and its review text is analyzed in parallel', async () => {
    const result = await plan(
      "Convert this JSON to CSV, analyze the text content, and generate insights: {'review': 'Amazing software!', 'rating': 5}",
      catalog,
    );
    expect(result.status).toBe('complete');
    const workflow = result.workflow!;
    expect(workflow.inputs.data?.default).toEqual({ review: 'Amazing software!', rating: 5 });
    expect(workflow.steps.map((step) => [step.capability, step.depends_on, step.inputs])).toEqual([
      ['json-to-csv', [], { data: '${workflow.inputs.data}' }],
      ['analyze-sentiment', [], { text: 'Amazing software!' }],
      ['csv-stats', ['json-to-csv'], { csv: '${steps.json-to-csv.outputs.csv}' }],
    ]);
  });

  it('seed example 3: themes of the reviews the user still has to give, then a report of them', async () => {
    const result = await plan(
      'Process multiple customer reviews, extract key themes, and create a comprehensive analysis report.',
      catalog,
    );
    expect(result.status).toBe('complete');
    expect(result.missingInputs).toEqual([
      {
        name: 'customer_reviews',
        dataType: 'text',
        description: 'customer reviews',
        usedBy: [{ step: 'themes', input: 'text' }],
      },
    ]);
    expect(result.workflow!.steps.map((step) => [step.capability, step.depends_on])).toEqual([
      ['extract-themes', []],
      ['build-report', ['themes']],
    ]);
    expect(result.workflow!.steps[1]!.inputs.sections).toEqual({
      themes: '${steps.themes.outputs.themes}',
    });
    expect(result.explanation.text).toContain(
      'You still need to give:\n  customer_reviews (text): customer reviews',
    );
  });
});
