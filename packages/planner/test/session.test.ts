import { describe, expect, it } from 'vitest';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { createPlanningSession, PlannerErrorCodes } from '../src/index';
import { exampleCatalog } from './support/example-catalog';
import { VALID_DEMO_ANSWER } from './support/scripted-answers';

const catalog = exampleCatalog();

describe('createPlanningSession', () => {
  it('asks for a missing input, takes the answer, and returns the completed plan', async () => {
    const session = createPlanningSession(catalog);
    const first = await session.send('Analyze the sentiment and build a report');
    expect(first.kind).toBe('question');
    if (first.kind !== 'question') return;
    expect(first.missing?.name).toBe('text');
    expect(first.message).toContain('What should I use for "text" (text)?');

    const second = await session.send("'The delivery was late again'");
    expect(second.kind).toBe('plan');
    if (second.kind !== 'plan') return;
    expect(second.result.valid).toBe(true);
    expect(second.result.missingInputs).toEqual([]);
    expect(second.result.workflow!.inputs.text?.default).toBe('The delivery was late again');
    expect(session.history.map((turn) => turn.role)).toEqual([
      'user',
      'planner',
      'user',
      'planner',
    ]);
  });

  it('takes an unquoted answer as the text', async () => {
    const session = createPlanningSession(catalog);
    await session.send('Calculate the readability');
    const reply = await session.send('Short sentences are easy to read.');
    expect(reply.kind).toBe('plan');
    expect(session.lastResult?.workflow?.inputs.text?.default).toBe(
      'Short sentences are easy to read.',
    );
  });

  it('amends the last plan: "use the file data.csv instead" replaces the file', async () => {
    const session = createPlanningSession(catalog);
    const first = await session.send('Compute statistics of sales.csv');
    expect(first.kind).toBe('plan');
    expect(session.lastResult?.workflow?.inputs.sales?.default).toBe('sales.csv');

    const amended = await session.send('use the file data.csv instead');
    expect(amended.kind).toBe('plan');
    if (amended.kind !== 'plan') return;
    expect(amended.result.valid).toBe(true);
    expect(amended.result.workflow!.inputs.sales).toMatchObject({
      default: 'data.csv',
      format: 'path',
      data_type: 'csv',
    });
    expect(amended.result.workflow!.steps).toHaveLength(1);
    expect(amended.result.notices).toContain('Changed sales = data.csv.');
  });

  it('amends an option: "make it a line chart"', async () => {
    const session = createPlanningSession(catalog);
    await session.send('Draw a bar chart of revenue by month from sales.csv');
    expect(session.lastResult?.workflow?.steps[0]?.inputs.kind).toBe('bar');
    const reply = await session.send('make it a line chart instead');
    expect(reply.kind).toBe('plan');
    expect(session.lastResult?.workflow?.steps[0]?.inputs.kind).toBe('line');
    expect(session.lastResult?.workflow?.steps[0]?.inputs.x).toBe('month');
  });

  it('adds a task to the plan and keeps earlier amendments', async () => {
    const session = createPlanningSession(catalog);
    await session.send("Analyze the sentiment of 'Great product'");
    await session.send("use 'Terrible product' instead");
    expect(session.lastResult?.workflow?.inputs.text?.default).toBe('Terrible product');
    const reply = await session.send('then create an HTML report');
    expect(reply.kind).toBe('plan');
    const workflow = session.lastResult!.workflow!;
    expect(workflow.steps.map((step) => step.capability)).toEqual([
      'analyze-sentiment',
      'build-report',
    ]);
    expect(workflow.steps[1]!.inputs.format).toBe('html');
    expect(workflow.inputs.text?.default).toBe('Terrible product');
  });

  it('asks again when a message maps to nothing, and starts over on request', async () => {
    const session = createPlanningSession(catalog);
    const reply = await session.send('Water my plants every morning');
    expect(reply.kind).toBe('question');
    expect(reply.message).toContain('could not map "Water my plants every morning"');
    await session.send("Analyze the sentiment of 'ok'");
    const reset = await session.send('start over');
    expect(reset).toEqual({
      kind: 'question',
      message: 'Starting over. What would you like to plan?',
    });
    expect(session.lastResult).toBeUndefined();
  });

  it('plans with the chat model it is given', async () => {
    const session = createPlanningSession(catalog, {
      chatModel: new FakeListChatModel({ responses: [VALID_DEMO_ANSWER] }),
    });
    const reply = await session.send(
      'Analyze sentiment and readability of my feedback, then a CSV report',
    );
    expect(reply.kind).toBe('plan');
    if (reply.kind !== 'plan') return;
    expect(reply.result.planner).toBe('llm');
  });

  it('rejects an empty message with a clear error', async () => {
    const session = createPlanningSession(catalog);
    await expect(session.send('  ')).rejects.toMatchObject({
      code: PlannerErrorCodes.INVALID_REQUEST,
      message: expect.stringContaining('send() needs a message as non-empty text'),
    });
  });
});
