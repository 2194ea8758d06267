import type { BaseMessage } from '@langchain/core/messages';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { plan, PlannerErrorCodes } from '../src/index';
import { evalCatalog, exampleCatalog } from './support/example-catalog';
import {
  DEMO_REQUEST,
  INVALID_DEMO_ANSWER,
  MALFORMED_ANSWER,
  NOT_A_PLAN_ANSWER,
  VALID_DEMO_ANSWER,
} from './support/scripted-answers';

const catalog = exampleCatalog();

/** A fake model that answers in turn and records the messages of each call. */
function scriptedModel(responses: string[], options: { sleep?: number } = {}) {
  const calls: BaseMessage[][] = [];
  const model = new FakeListChatModel({
    responses,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    callbacks: [
      {
        handleChatModelStart: (_llm: unknown, messages: BaseMessage[][]) => {
          calls.push(messages[0]!);
        },
      },
    ],
  });
  return { model, calls };
}

const textOf = (message: BaseMessage | undefined) => String(message?.content ?? '');

describe('plan() with an injected chat model', () => {
  it('returns the model plan once the sdk validator accepts it', async () => {
    const { model, calls } = scriptedModel([VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(result.planner).toBe('llm');
    expect(result.valid).toBe(true);
    expect(result.status).toBe('complete');
    expect(result.attempts).toEqual([{ round: 1, problems: [] }]);
    expect(result.workflow?.steps.map((step) => step.capability)).toEqual([
      'analyze-sentiment',
      'calculate-readability',
      'build-report',
    ]);
    expect(result.explanation.summary).toBe(
      '3 steps: sentiment and readability in parallel, then report.',
    );
    expect(result.explanation.steps[0]?.reason).toMatch(
      /chosen by the model from \d+ retrieved capabilities \(retrieval rank \d+, score [\d.]+\)/,
    );
    expect(calls).toHaveLength(1);
    expect(textOf(calls[0]![1])).toContain('text-sentiment/analyze-sentiment');
    expect(textOf(calls[0]![1])).toContain(`Request: ${DEMO_REQUEST}`);
  });

  it('feeds a malformed answer back and uses the repaired plan', async () => {
    const { model, calls } = scriptedModel([MALFORMED_ANSWER, VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(result.valid).toBe(true);
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts?.[0]?.problems.join(' ')).toMatch(/not valid JSON/);
    expect(result.notices).toEqual([
      "The model's plan was repaired in 1 round after validation errors.",
    ]);
    const repairPrompt = textOf(calls[1]!.at(-1));
    expect(repairPrompt).toContain('Your plan has these problems');
    expect(repairPrompt).toMatch(/not valid JSON/);
  });

  it('feeds validation errors back, with the validator suggestion, until the plan is valid', async () => {
    const { model, calls } = scriptedModel([INVALID_DEMO_ANSWER, VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(result.valid).toBe(true);
    const firstProblems = result.attempts?.[0]?.problems.join('\n') ?? '';
    expect(firstProblems).toContain('has no capability "analyse-sentiment"');
    expect(firstProblems).toContain('Did you mean "analyze-sentiment"?');
    expect(textOf(calls[1]!.at(-1))).toContain('Did you mean "analyze-sentiment"?');
    // The repair round carries the whole conversation: system, request, first answer, feedback.
    expect(calls[1]).toHaveLength(4);
  });

  it('rejects valid JSON that is not a plan and asks again', async () => {
    const { model } = scriptedModel([NOT_A_PLAN_ANSWER, VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(result.valid).toBe(true);
    expect(result.attempts?.[0]?.problems.join(' ')).toMatch(/steps/);
  });

  it('gives up after the repair rounds and returns the last plan as invalid, with its errors', async () => {
    const { model, calls } = scriptedModel([INVALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(calls).toHaveLength(4);
    expect(result.attempts).toHaveLength(4);
    expect(result.valid).toBe(false);
    expect(result.status).toBe('invalid');
    expect(result.validation.errors.map((issue) => issue.code)).toContain('UNKNOWN_CAPABILITY');
    expect(result.notices[0]).toMatch(/still had \d+ problems after 4 rounds/);
    expect(result.explanation.text).toContain('Problems:');
    expect(result.confidence).toBeLessThan(0.2);
  });

  it('honours maxRepairRounds', async () => {
    const { model, calls } = scriptedModel([INVALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model, maxRepairRounds: 1 });
    expect(calls).toHaveLength(2);
    expect(result.status).toBe('invalid');
  });

  it('gives up with no workflow when the model never answers with JSON', async () => {
    const { model } = scriptedModel(['Sure! Here is your plan: first analyze the sentiment...']);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model, maxRepairRounds: 2 });
    expect(result.workflow).toBeUndefined();
    expect(result.status).toBe('invalid');
    expect(result.valid).toBe(false);
    expect(result.attempts).toHaveLength(3);
  });

  it('reports what the model could not map', async () => {
    const answer = JSON.parse(VALID_DEMO_ANSWER) as Record<string, unknown>;
    answer.unmapped = ['print it on paper'];
    const { model } = scriptedModel([JSON.stringify(answer)]);
    const result = await plan(`${DEMO_REQUEST} Then print it on paper.`, catalog, {
      chatModel: model,
    });
    expect(result.status).toBe('partial');
    expect(result.unresolved).toEqual([
      { text: 'print it on paper', reason: 'the model found no listed capability for it' },
    ]);
  });

  it('shows the model only the best-ranked capabilities of a large catalog', async () => {
    const { model, calls } = scriptedModel([VALID_DEMO_ANSWER]);
    const big = evalCatalog();
    expect(big.entries().length).toBeGreaterThan(60);
    const result = await plan(DEMO_REQUEST, big, { chatModel: model, candidateLimit: 6 });
    const listed = textOf(calls[0]![1])
      .split('\n')
      .filter((line) => line.startsWith('- '));
    expect(listed).toHaveLength(6);
    expect(listed.join('\n')).toContain('text-sentiment/analyze-sentiment');
    expect(listed.join('\n')).toContain('readability/calculate-readability');
    expect(listed.join('\n')).toContain('report-builder/build-report');
    expect(result.candidates).toHaveLength(6);
  });

  it('falls back to the deterministic planner, with a one-line notice, when the model fails', async () => {
    const model = new FakeStreamingChatModel({ thrownErrorString: 'fetch failed' });
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model });
    expect(result.planner).toBe('deterministic');
    expect(result.valid).toBe(true);
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toMatch(
      /^LLM planner unavailable, planned with the deterministic planner instead: Cannot reach the chat model .*fetch failed\. Start the server/,
    );
    expect(result.notices[0]).not.toContain('\n');
  });

  it('throws LLM_UNAVAILABLE instead of falling back in mode "llm"', async () => {
    const model = new FakeStreamingChatModel({ thrownErrorString: 'fetch failed' });
    const error = await plan(DEMO_REQUEST, catalog, { chatModel: model, mode: 'llm' }).catch(
      (caught: unknown) => caught,
    );
    expect(Mark1Error.isInstance(error)).toBe(true);
    expect((error as Mark1Error).code).toBe(PlannerErrorCodes.LLM_UNAVAILABLE);
    expect((error as Mark1Error).message).toContain('Start the server');
  });

  it('times out a slow model and falls back', async () => {
    const { model } = scriptedModel([VALID_DEMO_ANSWER], { sleep: 2_000 });
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model, timeoutMs: 50 });
    expect(result.planner).toBe('deterministic');
    expect(result.notices[0]).toContain('did not answer within 50 ms');
  });

  it('throws LLM_TIMEOUT for a slow model in mode "llm"', async () => {
    const { model } = scriptedModel([VALID_DEMO_ANSWER], { sleep: 2_000 });
    await expect(
      plan(DEMO_REQUEST, catalog, { chatModel: model, timeoutMs: 50, mode: 'llm' }),
    ).rejects.toMatchObject({
      code: PlannerErrorCodes.LLM_TIMEOUT,
    });
  });

  it('never calls the model in mode "deterministic"', async () => {
    const { model, calls } = scriptedModel([VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { chatModel: model, mode: 'deterministic' });
    expect(calls).toHaveLength(0);
    expect(result.planner).toBe('deterministic');
  });
});
