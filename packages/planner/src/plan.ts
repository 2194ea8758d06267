import { type CapabilityCatalog, Mark1Error } from '@mark1/sdk';
import { planDeterministically } from './deterministic/plan-deterministically';
import { PlannerErrorCodes, plannerError } from './errors';
import { DEFAULT_OLLAMA_MODEL } from './llm/chat-model';
import { planWithLlm, resolveLlmOptions } from './llm/plan-with-llm';
import { rankerFor } from './retrieval/ranker-cache';
import type { LlmPlannerOptions, PlanOptions, PlanResult } from './types';

const LLM_KEYS = [
  'chatModel',
  'ollamaUrl',
  'model',
  'timeoutMs',
  'maxRepairRounds',
  'candidateLimit',
] as const;
const FALLBACK_CODES: ReadonlySet<string> = new Set([
  PlannerErrorCodes.LLM_UNAVAILABLE,
  PlannerErrorCodes.LLM_TIMEOUT,
  PlannerErrorCodes.LLM_DEPENDENCY_MISSING,
]);

/** The LLM settings of the options: `options.llm`, overridden by the same fields at the top level. */
function llmSettings(options: PlanOptions): LlmPlannerOptions {
  const merged: Record<string, unknown> = { ...options.llm };
  for (const key of LLM_KEYS) if (options[key] !== undefined) merged[key] = options[key];
  return merged as LlmPlannerOptions;
}

function checkOptions(options: PlanOptions, llm: LlmPlannerOptions): void {
  const invalid = (message: string, details: Record<string, unknown>) =>
    plannerError(PlannerErrorCodes.INVALID_OPTIONS, message, { details });
  if (options.mode !== undefined && !['auto', 'deterministic', 'llm'].includes(options.mode)) {
    throw invalid(
      `options.mode is "${String(options.mode)}"; use "auto", "deterministic" or "llm".`,
      { mode: options.mode },
    );
  }
  if (llm.timeoutMs !== undefined && !(Number.isFinite(llm.timeoutMs) && llm.timeoutMs > 0)) {
    throw invalid(
      `options.timeoutMs is ${String(llm.timeoutMs)}; give a positive number of milliseconds, e.g. 60000.`,
      {
        timeoutMs: llm.timeoutMs,
      },
    );
  }
  if (
    llm.maxRepairRounds !== undefined &&
    !(Number.isInteger(llm.maxRepairRounds) && llm.maxRepairRounds >= 0)
  ) {
    throw invalid(
      `options.maxRepairRounds is ${String(llm.maxRepairRounds)}; give a whole number, 0 or more (default 3).`,
      {
        maxRepairRounds: llm.maxRepairRounds,
      },
    );
  }
  if (
    llm.candidateLimit !== undefined &&
    !(Number.isInteger(llm.candidateLimit) && llm.candidateLimit >= 1)
  ) {
    throw invalid(
      `options.candidateLimit is ${String(llm.candidateLimit)}; give a whole number, 1 or more (default 12).`,
      {
        candidateLimit: llm.candidateLimit,
      },
    );
  }
  if (llm.ollamaUrl !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(llm.ollamaUrl).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw invalid(
        `options.ollamaUrl "${llm.ollamaUrl}" is not an http(s) URL; give the server's base URL, e.g. http://127.0.0.1:11434 (MARK1_OLLAMA_URL).`,
        { ollamaUrl: llm.ollamaUrl },
      );
    }
  }
}

/**
 * Plans a plain-words request into a workflow over the catalog's capabilities, and validates it
 * with the `@mark1/sdk` validator before returning it: a plan that does not validate comes back
 * with `valid: false`, status `invalid` and the errors, never as if it were fine.
 *
 * With a chat model (`chatModel`), an Ollama server (`ollamaUrl`, `model`), an `llm` object (Ollama
 * at its default local URL unless it says otherwise) or `mode: 'llm'`, the LLM plans from the
 * best-ranked capabilities inside a LangGraph retrieve → plan → validate → repair loop; when the
 * server cannot be reached or does not answer within `timeoutMs`, the deterministic planner takes
 * over and `notices` says so in one line. Without a model, the deterministic planner runs: no
 * network, no model, the same answer every time.
 *
 * @example
 * const result = await plan("Analyze the sentiment of 'Great product' and create a CSV report", catalog);
 * if (result.valid) console.log(result.explanation.text);
 */
export async function plan(
  request: string,
  catalog: CapabilityCatalog,
  options: PlanOptions = {},
): Promise<PlanResult> {
  if (typeof request !== 'string' || request.trim().length === 0) {
    throw plannerError(
      PlannerErrorCodes.INVALID_REQUEST,
      `plan() needs the request as non-empty text, e.g. plan("analyze the sentiment of 'great product'", catalog); it got ${typeof request === 'string' ? 'an empty string' : typeof request}.`,
      { details: { received: typeof request } },
    );
  }
  if (!catalog || typeof catalog.entries !== 'function' || typeof catalog.find !== 'function') {
    throw plannerError(
      PlannerErrorCodes.INVALID_OPTIONS,
      "plan() needs a capability catalog as its second argument (createCatalog(manifests) from @mark1/sdk, or the registry's catalog).",
      { details: { received: typeof catalog } },
    );
  }
  if (catalog.entries().length === 0) {
    throw plannerError(
      PlannerErrorCodes.EMPTY_CATALOG,
      'No capabilities are installed, so nothing can be planned. Install a plugin with `mark1 plugin install <repo>` and plan again.',
    );
  }
  const llm = llmSettings(options);
  checkOptions(options, llm);
  const ranker = rankerFor(catalog);
  const mode = options.mode ?? 'auto';
  const deterministicOptions = {
    ranker,
    ...(options.workflowName ? { workflowName: options.workflowName } : {}),
  };
  const useLlm =
    mode === 'llm' ||
    (mode === 'auto' &&
      (options.llm !== undefined || llm.chatModel !== undefined || llm.ollamaUrl !== undefined));
  if (!useLlm) return planDeterministically(request, catalog, deterministicOptions);

  try {
    return await planWithLlm(request, catalog, { ...resolveLlmOptions(llm), ranker });
  } catch (error) {
    if (mode === 'llm' || !Mark1Error.isInstance(error) || !FALLBACK_CODES.has(error.code))
      throw error;
    const reason = error.message.replace(/\s+/g, ' ').trim();
    return planDeterministically(request, catalog, {
      ...deterministicOptions,
      notices: [
        `LLM planner unavailable, planned with the deterministic planner instead: ${reason}`,
      ],
    });
  }
}

/**
 * The LLM settings the environment asks for: `MARK1_OLLAMA_URL` and `MARK1_OLLAMA_MODEL`
 * (default `llama3.1:8b`), or nothing when no URL is set. The apps pass the result to {@link plan}.
 */
export function llmOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LlmPlannerOptions {
  const url = env.MARK1_OLLAMA_URL?.trim();
  if (!url) return {};
  return { ollamaUrl: url, model: env.MARK1_OLLAMA_MODEL?.trim() || DEFAULT_OLLAMA_MODEL };
}
