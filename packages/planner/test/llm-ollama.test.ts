import { afterEach, describe, expect, it } from 'vitest';
import { plan, PlannerErrorCodes } from '../src/index';
import { exampleCatalog } from './support/example-catalog';
import {
  closedPortUrl,
  type OllamaLoopbackServer,
  type ScriptedReply,
  startOllamaLoopbackServer,
} from './support/ollama-loopback-server';
import {
  DEMO_REQUEST,
  INVALID_DEMO_ANSWER,
  MALFORMED_ANSWER,
  VALID_DEMO_ANSWER,
  WRONG_INPUT_DEMO_ANSWER,
} from './support/scripted-answers';

const catalog = exampleCatalog();
let server: OllamaLoopbackServer | undefined;

async function serve(replies: (ScriptedReply | string)[], options: { models?: string[] } = {}) {
  server = await startOllamaLoopbackServer(replies, options);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('plan() against an Ollama server (ChatOllama over HTTP)', () => {
  it('sends what ChatOllama sends (streamed chat, JSON schema format, temperature 0) and plans', async () => {
    const ollama = await serve([{ content: VALID_DEMO_ANSWER, chunks: 7 }]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(result.planner).toBe('llm');
    expect(result.valid).toBe(true);
    expect(result.workflow?.steps.find((step) => step.id === 'report')?.inputs.format).toBe('csv');

    expect(ollama.requests).toHaveLength(1);
    const [request] = ollama.requests;
    expect(request!.model).toBe('llama3.1:8b');
    expect(request!.stream).toBe(true);
    expect(request!.options?.temperature).toBe(0);
    expect(request!.messages.map((message) => message.role)).toEqual(['system', 'user']);
    const format = request!.format as {
      type?: string;
      properties?: Record<string, unknown>;
      required?: string[];
    };
    expect(format.type).toBe('object');
    expect(Object.keys(format.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'steps', 'inputs', 'unmapped']),
    );
    expect(format.required).toEqual(expect.arrayContaining(['name', 'steps']));
  });

  it('uses the configured model name, given under `llm` too', async () => {
    const ollama = await serve([VALID_DEMO_ANSWER], { models: ['qwen2.5:7b'] });
    const result = await plan(DEMO_REQUEST, catalog, {
      llm: { ollamaUrl: ollama.url, model: 'qwen2.5:7b' },
    });
    expect(result.planner).toBe('llm');
    expect(ollama.requests[0]!.model).toBe('qwen2.5:7b');
  });

  it('repairs malformed JSON: the next request carries the bad answer and the parse error', async () => {
    const ollama = await serve([MALFORMED_ANSWER, VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(result.valid).toBe(true);
    expect(result.attempts).toHaveLength(2);
    const second = ollama.requests[1]!;
    expect(second.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
    expect(second.messages[2]!.content).toContain('"steps": [{"id": "sentiment"');
    expect(second.messages[3]!.content).toMatch(/not valid JSON/);
  });

  it('repairs a plan that fails validation, feeding back the validator message', async () => {
    const ollama = await serve([WRONG_INPUT_DEMO_ANSWER, VALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(result.valid).toBe(true);
    const feedback = ollama.requests[1]!.messages.at(-1)!.content;
    expect(feedback).toContain('steps[0].inputs.txt');
    expect(feedback).toContain('Did you mean "text"?');
  });

  it('gives up cleanly after three repair rounds, returning the errors', async () => {
    const ollama = await serve([INVALID_DEMO_ANSWER]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(ollama.requests).toHaveLength(4);
    expect(result.planner).toBe('llm');
    expect(result.status).toBe('invalid');
    expect(result.valid).toBe(false);
    expect(result.workflow?.steps[0]?.capability).toBe('analyse-sentiment');
    expect(result.validation.errors.map((issue) => issue.code)).toEqual(
      expect.arrayContaining(['UNKNOWN_CAPABILITY', 'MISSING_DEPENDS_ON']),
    );
  });

  it('falls back with a notice when nothing listens at the URL', async () => {
    const url = await closedPortUrl();
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: url });
    expect(result.planner).toBe('deterministic');
    expect(result.valid).toBe(true);
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toContain(`Cannot reach Ollama at ${url} (model llama3.1:8b)`);
    expect(result.notices[0]).toMatch(
      /^LLM planner unavailable, planned with the deterministic planner instead: /,
    );
    expect(result.notices[0]).not.toContain('\n');
  });

  it('throws LLM_UNAVAILABLE for an unreachable server in mode "llm", naming the fix', async () => {
    const url = await closedPortUrl();
    await expect(
      plan(DEMO_REQUEST, catalog, { ollamaUrl: url, mode: 'llm' }),
    ).rejects.toMatchObject({
      code: PlannerErrorCodes.LLM_UNAVAILABLE,
      message: expect.stringContaining('ollama serve'),
    });
  });

  it('falls back when the server does not answer in time', async () => {
    const ollama = await serve([{ content: VALID_DEMO_ANSWER, delayMs: 5_000 }]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url, timeoutMs: 200 });
    expect(result.planner).toBe('deterministic');
    expect(result.notices[0]).toContain('did not answer within 200 ms');
    expect(ollama.requests).toHaveLength(1);
  });

  it('falls back, telling how to pull it, when the server lacks the model', async () => {
    const ollama = await serve([VALID_DEMO_ANSWER], { models: ['mistral:7b'] });
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(result.planner).toBe('deterministic');
    expect(result.notices[0]).toContain('ollama pull llama3.1:8b');
  });

  it('falls back on a server error', async () => {
    const ollama = await serve([{ status: 500, error: 'out of memory' }]);
    const result = await plan(DEMO_REQUEST, catalog, { ollamaUrl: ollama.url });
    expect(result.planner).toBe('deterministic');
    expect(result.notices[0]).toContain('out of memory');
  });

  it('the loopback server also answers non-streaming chats as Ollama does', async () => {
    const ollama = await serve(['{"ok": true}']);
    const response = await fetch(`${ollama.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'llama3.1:8b',
        stream: false,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const body = (await response.json()) as {
      done: boolean;
      message: { role: string; content: string };
    };
    expect(body.done).toBe(true);
    expect(body.message).toEqual({ role: 'assistant', content: '{"ok": true}' });
  });
});
