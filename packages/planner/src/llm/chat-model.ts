import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { Mark1Error } from '@mark1/sdk';
import { PlannerErrorCodes, plannerError } from '../errors';
import { type PlanAnswer, PlanAnswerSchema } from './plan-answer-schema';

/** Where Ollama listens by default; used when the LLM is asked for without a URL. */
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';
/** The default Ollama model (the apps pass `MARK1_OLLAMA_MODEL` when it is set). */
export const DEFAULT_OLLAMA_MODEL = 'llama3.1:8b';
/** The default wait for one model answer, in milliseconds. */
export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/** A chat model ready for planning, with what to call it in messages. */
export interface ModelConnection {
  readonly model: BaseChatModel;
  /** "Ollama at http://127.0.0.1:11434 (model llama3.1:8b)", or the injected model's type. */
  readonly where: string;
  /** Ends any request still open (the Ollama client does not watch LangChain's abort signal). */
  readonly close: () => void;
}

/** Loads an optional LangChain package, failing with the package to install. */
export async function loadOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw plannerError(
      PlannerErrorCodes.LLM_DEPENDENCY_MISSING,
      `The LLM planner needs ${name}, which could not be loaded (${(error as Error).message}). Install it with \`npm install ${name}\`, or plan without an LLM.`,
      { cause: error, details: { package: name } },
    );
  }
}

/**
 * The model to plan with: the injected chat model, else `ChatOllama` (loaded on first use) pointed
 * at `ollamaUrl`, with temperature 0 and a fetch that `close()` can abort.
 */
export async function connectChatModel(options: {
  chatModel?: BaseChatModel;
  ollamaUrl?: string;
  model: string;
}): Promise<ModelConnection> {
  if (options.chatModel) {
    return {
      model: options.chatModel,
      where: `the chat model ${options.chatModel._llmType()}`,
      close: () => {},
    };
  }
  const baseUrl = options.ollamaUrl!;
  const { ChatOllama } = await loadOptional('@langchain/ollama', () => import('@langchain/ollama'));
  const controller = new AbortController();
  const abortableFetch: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
    });
  const model = new ChatOllama({
    baseUrl,
    model: options.model,
    temperature: 0,
    fetch: abortableFetch,
  });
  return {
    model,
    where: `Ollama at ${baseUrl} (model ${options.model})`,
    close: () => controller.abort(),
  };
}

/** What one model call produced. */
export type ModelAnswer =
  | { readonly ok: true; readonly answer: PlanAnswer; readonly text: string }
  /** The model answered, but not with a usable plan (malformed JSON, wrong shape). */
  | { readonly ok: false; readonly problems: readonly string[]; readonly text: string };

function contentText(message: unknown): string {
  const content = (message as { content?: unknown } | undefined)?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : ((part as { text?: string }).text ?? '')))
      .join('');
  }
  return '';
}

/** Reads the model's text as a plan answer, naming what is wrong when it is not one. */
function readAnswer(value: unknown): ModelAnswer {
  let data = value;
  if (typeof value === 'string') {
    const text = value
      .trim()
      .replace(/^```(?:json)?\s*/i, '')
      .replace(/```\s*$/, '')
      .trim();
    try {
      data = JSON.parse(text) as unknown;
    } catch (error) {
      const shown = text.length > 120 ? `${text.slice(0, 117)}…` : text;
      return {
        ok: false,
        problems: [
          `the answer is not valid JSON (${(error as Error).message}): ${shown || '(empty)'}`,
        ],
        text: value,
      };
    }
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const parsed = PlanAnswerSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) =>
          `${issue.path.length > 0 ? issue.path.join('.') : 'the answer'}: ${issue.message}`,
      ),
      text,
    };
  }
  return { ok: true, answer: parsed.data, text };
}

function isOutputError(error: unknown): boolean {
  const record = error as { name?: string; lc_error_code?: string } | undefined;
  return (
    error instanceof SyntaxError ||
    record?.name === 'OutputParserException' ||
    record?.lc_error_code === 'OUTPUT_PARSING_FAILURE'
  );
}

/** A Mark-1 error saying why the model could not be used, with the fix. */
function modelFailure(error: unknown, where: string, model: string): Mark1Error {
  const record = error as {
    message?: string;
    cause?: { code?: string; message?: string };
    status_code?: number;
    name?: string;
  };
  const detail = [record?.message, record?.cause?.code, record?.cause?.message]
    .filter(Boolean)
    .join(': ');
  const unreachable =
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|fetch failed|Failed to fetch|socket hang up|other side closed|terminated/i.test(
      detail,
    );
  const notFound =
    /not found/i.test(detail) && (record?.status_code === 404 || /model/i.test(detail));
  const fix = unreachable
    ? 'Start the server (`ollama serve`) or point MARK1_OLLAMA_URL at a running one.'
    : notFound
      ? `Pull the model with \`ollama pull ${model}\`, or set MARK1_OLLAMA_MODEL to one the server has.`
      : 'Check the server and the model, or plan without an LLM.';
  return plannerError(
    PlannerErrorCodes.LLM_UNAVAILABLE,
    `${unreachable ? `Cannot reach ${where}` : `${where} failed`}: ${detail || String(error)}. ${fix}`,
    { cause: error, details: { where, model } },
  );
}

/**
 * Asks the model for a plan with structured output bound to {@link PlanAnswerSchema}, waiting at
 * most `timeoutMs`. A malformed answer is returned as problems (for a repair round); an unreachable
 * server, an HTTP error or the timeout throws `LLM_UNAVAILABLE` / `LLM_TIMEOUT`.
 */
export async function askForPlan(
  connection: ModelConnection,
  messages: readonly BaseMessage[],
  options: { timeoutMs: number; model: string },
): Promise<ModelAnswer> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      connection.close();
      reject(
        plannerError(
          PlannerErrorCodes.LLM_TIMEOUT,
          `${connection.where} did not answer within ${options.timeoutMs} ms. Raise the timeout (timeoutMs), use a smaller model, or plan without an LLM.`,
          { details: { where: connection.where, timeoutMs: options.timeoutMs } },
        ),
      );
    }, options.timeoutMs);
  });
  try {
    let structured:
      | { invoke: (input: BaseMessage[], config: { signal: AbortSignal }) => Promise<unknown> }
      | undefined;
    try {
      structured = connection.model.withStructuredOutput(PlanAnswerSchema, {
        name: 'workflow_plan',
        includeRaw: true,
      });
    } catch {
      structured = undefined;
    }
    const call = structured
      ? structured.invoke([...messages], { signal: controller.signal })
      : connection.model.invoke([...messages], { signal: controller.signal });
    // After a timeout the call may still fail; that failure is already reported as the timeout.
    call.catch(() => undefined);
    const result = await Promise.race([call, timeout]);
    if (!structured) return readAnswer(contentText(result));
    if (result && typeof result === 'object' && 'raw' in result && 'parsed' in result) {
      const { raw, parsed } = result as { raw: unknown; parsed: unknown };
      return parsed === null || parsed === undefined
        ? readAnswer(contentText(raw))
        : readAnswer(parsed);
    }
    return readAnswer(result);
  } catch (error) {
    if (isOutputError(error)) {
      const message = (error as Error).message;
      return {
        ok: false,
        problems: [`the answer is not valid JSON or not a plan (${message})`],
        text: message,
      };
    }
    if ((error as Mark1Error).code === PlannerErrorCodes.LLM_TIMEOUT) throw error;
    throw modelFailure(error, connection.where, options.model);
  } finally {
    clearTimeout(timer);
  }
}
