import { createCatalog, Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { exampleCatalog } from '../test/support/example-catalog';
import { PlannerErrorCodes } from './errors';
import { llmOptionsFromEnv, plan } from './plan';

const catalog = exampleCatalog();

async function errorOf(promise: Promise<unknown>): Promise<Mark1Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(Mark1Error.isInstance(error)).toBe(true);
  return error as Mark1Error;
}

describe('plan() input checks', () => {
  it('rejects an empty or non-text request, saying what it needs', async () => {
    const empty = await errorOf(plan('   ', catalog));
    expect(empty.code).toBe(PlannerErrorCodes.INVALID_REQUEST);
    expect(empty.message).toContain('plan() needs the request as non-empty text');
    const notText = await errorOf(plan(42 as unknown as string, catalog));
    expect(notText.message).toContain('it got number');
  });

  it('rejects a missing catalog and an empty one, naming the fix', async () => {
    const missing = await errorOf(plan('analyze sentiment', undefined as never));
    expect(missing.code).toBe(PlannerErrorCodes.INVALID_OPTIONS);
    expect(missing.message).toContain('createCatalog(manifests)');
    const empty = await errorOf(plan('analyze sentiment', createCatalog([])));
    expect(empty.code).toBe(PlannerErrorCodes.EMPTY_CATALOG);
    expect(empty.message).toContain('mark1 plugin install');
  });

  it.each([
    [{ timeoutMs: 0 }, 'options.timeoutMs is 0'],
    [{ maxRepairRounds: 1.5 }, 'options.maxRepairRounds is 1.5'],
    [{ candidateLimit: 0 }, 'options.candidateLimit is 0'],
    [{ ollamaUrl: 'localhost:11434' }, 'is not an http(s) URL'],
    [{ mode: 'fast' as never }, 'options.mode is "fast"'],
  ])('rejects bad options %o', async (options, message) => {
    const error = await errorOf(plan('analyze sentiment', catalog, options));
    expect(error.code).toBe(PlannerErrorCodes.INVALID_OPTIONS);
    expect(error.message).toContain(message);
  });

  it('reads LLM options nested under `llm` too', async () => {
    const error = await errorOf(
      plan('analyze sentiment', catalog, { llm: { ollamaUrl: 'ftp://x' } }),
    );
    expect(error.message).toContain('"ftp://x" is not an http(s) URL');
  });

  it('does not call a model in deterministic mode even when one is configured', async () => {
    const result = await plan("analyze the sentiment of 'ok'", catalog, {
      mode: 'deterministic',
      ollamaUrl: 'http://127.0.0.1:9',
    });
    expect(result.planner).toBe('deterministic');
    expect(result.notices).toEqual([]);
  });

  it('names the workflow as asked', async () => {
    const result = await plan("analyze the sentiment of 'ok'", catalog, {
      workflowName: 'mood-check',
    });
    expect(result.workflow?.name).toBe('mood-check');
  });

  it('returns status "empty", no workflow and the unmapped request when nothing maps', async () => {
    const result = await plan('Book a flight to Tokyo for next Tuesday', catalog);
    expect(result.status).toBe('empty');
    expect(result.workflow).toBeUndefined();
    expect(result.valid).toBe(false);
    expect(result.confidence).toBe(0);
    expect(result.unresolved).toEqual([
      {
        text: 'Book a flight to Tokyo for next Tuesday',
        reason: 'no installed capability matches its words',
      },
    ]);
    expect(result.explanation.summary).toContain('No plan');
  });
});

describe('llmOptionsFromEnv', () => {
  it('reads MARK1_OLLAMA_URL and MARK1_OLLAMA_MODEL, defaulting the model', () => {
    expect(llmOptionsFromEnv({})).toEqual({});
    expect(llmOptionsFromEnv({ MARK1_OLLAMA_URL: 'http://gpu:11434' })).toEqual({
      ollamaUrl: 'http://gpu:11434',
      model: 'llama3.1:8b',
    });
    expect(
      llmOptionsFromEnv({ MARK1_OLLAMA_URL: 'http://gpu:11434', MARK1_OLLAMA_MODEL: 'qwen2.5:7b' }),
    ).toEqual({
      ollamaUrl: 'http://gpu:11434',
      model: 'qwen2.5:7b',
    });
  });
});
