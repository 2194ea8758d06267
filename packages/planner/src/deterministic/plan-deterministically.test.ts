import { describe, expect, it } from 'vitest';
import { evalCatalog } from '../../test/support/example-catalog';
import { plan } from '../plan';

const catalog = evalCatalog();
const planOf = async (request: string) => {
  const result = await plan(request, catalog, { mode: 'deterministic' });
  expect(result.validation.errors).toEqual([]);
  return result;
};
const stepsOf = (result: Awaited<ReturnType<typeof planOf>>) =>
  (result.workflow?.steps ?? []).map((step) => ({
    id: step.id,
    capability: step.capability,
    after: step.depends_on,
    inputs: step.inputs,
    foreach: step.foreach,
  }));

describe('deterministic planner', () => {
  it('runs independent tasks in parallel and orders "then" even without data flowing', async () => {
    const parallel = await planOf("Calculate readability and sentiment for 'Nice work'");
    expect(stepsOf(parallel).map((step) => step.after)).toEqual([[], []]);
    const ordered = await planOf(
      "Analyze the sentiment of 'Nice work', then calculate its readability",
    );
    expect(stepsOf(ordered).map((step) => [step.capability, step.after])).toEqual([
      ['analyze-sentiment', []],
      ['calculate-readability', ['sentiment']],
    ]);
    // "its" is the text, not the sentiment label: both steps read the quoted text.
    expect(stepsOf(ordered)[1]!.inputs.text).toBe('${workflow.inputs.text}');
  });

  it('chains outputs to inputs by data type', async () => {
    const result = await planOf('Convert orders.json to CSV, then compute statistics on it');
    expect(stepsOf(result)[1]).toMatchObject({
      capability: 'csv-stats',
      after: ['json-to-csv'],
      inputs: { csv: '${steps.json-to-csv.outputs.csv}' },
    });
    expect(result.validation.edges.find((edge) => edge.toStep === 'csv-stats')).toMatchObject({
      fromType: 'csv',
      toType: 'csv',
      compatibility: 'exact',
    });
  });

  it('turns "each" and "all images in <folder>" into foreach', async () => {
    const list = await planOf(
      "Analyze sentiment of each review: 'Great', 'Terrible service', 'Okay I guess'",
    );
    expect(stepsOf(list)[0]).toMatchObject({
      foreach: '${workflow.inputs.text_items}',
      inputs: { text: '${item}' },
    });
    expect(list.workflow!.inputs.text_items?.default).toEqual([
      'Great',
      'Terrible service',
      'Okay I guess',
    ]);
    const folder = await planOf('Compress all images in ./photos with quality 80');
    expect(stepsOf(folder)[0]).toMatchObject({
      foreach: '${workflow.inputs.photos}',
      inputs: { image: '${item}', quality: 80 },
    });
    expect(folder.workflow!.inputs.photos).toMatchObject({
      format: 'directory-path',
      data_type: 'directory',
      default: './photos',
    });
  });

  it('pulls named values out of the request: numbers, enum values, titles, columns, axes, addresses', async () => {
    const themes = await planOf("Extract the top 3 themes from 'Battery weak, screen great'");
    expect(stepsOf(themes)[0]!.inputs.top_n).toBe(3);
    const chart = await planOf('Plot a line chart of temperature over date from weather.csv');
    expect(stepsOf(chart)[0]!.inputs).toMatchObject({ kind: 'line', x: 'date', y: 'temperature' });
    const stats = await planOf(
      'Compute statistics for the columns price and quantity in orders.csv',
    );
    expect(stepsOf(stats)[0]!.inputs.columns).toEqual(['price', 'quantity']);
    const email = await planOf(
      "Email the summary of report.txt to boss@example.com with subject 'Weekly'",
    );
    expect(stepsOf(email).map((step) => [step.capability, step.after])).toEqual([
      ['summarize-text', []],
      ['send-email', ['summarize-text']],
    ]);
    expect(stepsOf(email)[1]!.inputs).toEqual({
      to: 'boss@example.com',
      subject: 'Weekly',
      body: '${steps.summarize-text.outputs.summary}',
    });
  });

  it('collects the results of several steps into a report, whatever order the request names them in', async () => {
    const result = await planOf(
      "Create a markdown report titled 'Q3' with the themes of 'Shipping was slow'",
    );
    expect(stepsOf(result).map((step) => step.capability)).toEqual([
      'extract-themes',
      'build-report',
    ]);
    expect(stepsOf(result)[1]!.inputs).toEqual({
      title: 'Q3',
      format: 'markdown',
      sections: { themes: '${steps.themes.outputs.themes}' },
    });
  });

  it('inserts a converter when nothing in the request has the type a step needs, and says why', async () => {
    const result = await planOf(
      'Scrape the table from https://example.com/prices and compute statistics',
    );
    expect(stepsOf(result).map((step) => [step.capability, step.after])).toEqual([
      ['fetch-page', []],
      ['scrape-table', ['fetch-page']],
      ['csv-stats', ['scrape-table']],
    ]);
    expect(result.explanation.steps[0]!.reason).toContain(
      'inserted because nothing in the request has the type scrape-table.html needs',
    );
  });

  it('shares one missing input between the steps that need it, and lists it', async () => {
    const result = await planOf('Analyze the sentiment and calculate the readability');
    expect(Object.keys(result.workflow!.inputs)).toEqual(['text']);
    expect(result.missingInputs).toEqual([
      {
        name: 'text',
        dataType: 'text',
        description: expect.stringMatching(/^the text to analy[sz]e.* \(for analyze-sentiment\)$/),
        usedBy: [
          { step: 'sentiment', input: 'text' },
          { step: 'readability', input: 'text' },
        ],
      },
    ]);
  });

  it('reports what it cannot map instead of guessing, and is less confident', async () => {
    const full = await planOf("Analyze the sentiment of 'ok'");
    const partial = await planOf("Analyze the sentiment of 'ok' and order a pizza");
    expect(partial.status).toBe('partial');
    expect(stepsOf(partial).map((step) => step.capability)).toEqual(['analyze-sentiment']);
    expect(partial.unresolved).toEqual([
      expect.objectContaining({
        text: 'order a pizza',
        reason: expect.stringContaining('matches too little of it'),
      }),
    ]);
    expect(partial.confidence).toBeLessThan(full.confidence);
  });

  it('explains each step: the words it answers, the score and matched words, and where inputs come from', async () => {
    const result = await planOf('What is the mood of this message: "I am so disappointed"');
    const [step] = result.explanation.steps;
    expect(step).toMatchObject({
      capability: 'analyze-sentiment',
      matchedWords: expect.arrayContaining(['mood~sentiment']),
    });
    expect(step!.reason).toMatch(/^matched "mood" \(as "sentiment"\)/);
    expect(step!.bindings[0]).toMatchObject({ input: 'text', source: 'workflow-input' });
    expect(result.explanation.text).toContain('text ← "I am so disappointed" from the request');
  });

  it('is deterministic: the same request gives the same plan', async () => {
    const request =
      "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.";
    const [a, b] = await Promise.all([planOf(request), planOf(request)]);
    expect(a.workflow).toEqual(b.workflow);
  });
});
