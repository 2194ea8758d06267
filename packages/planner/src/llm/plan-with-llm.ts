import type { CapabilityCatalog } from '@mark1/sdk';
import type { StepRationale } from '../explain/explain-plan';
import { finalizePlan } from '../finalize-plan';
import type { CapabilityRanker } from '../retrieval/create-capability-ranker';
import { retrieveCandidates } from '../retrieval/retrieve-candidates';
import type { LlmPlannerOptions, PlanResult } from '../types';
import {
  connectChatModel,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_OLLAMA_MODEL,
  DEFAULT_OLLAMA_URL,
} from './chat-model';
import { runPlanGraph } from './plan-graph';

/** LLM options with their defaults applied. */
export interface ResolvedLlmOptions extends LlmPlannerOptions {
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxRepairRounds: number;
  readonly candidateLimit: number;
}

/** Fills in the defaults of the LLM options. */
export function resolveLlmOptions(options: LlmPlannerOptions): ResolvedLlmOptions {
  return {
    ...options,
    model: options.model ?? DEFAULT_OLLAMA_MODEL,
    timeoutMs: options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    maxRepairRounds: options.maxRepairRounds ?? 3,
    candidateLimit: options.candidateLimit ?? 12,
  };
}

/**
 * Plans with a chat model: retrieval, then the LangGraph plan/validate/repair loop. Throws
 * `LLM_UNAVAILABLE` or `LLM_TIMEOUT` when the model cannot be used (the caller decides whether to
 * fall back). When the model never produces a valid plan, the last plan is returned with
 * `valid: false` and its errors.
 */
export async function planWithLlm(
  request: string,
  catalog: CapabilityCatalog,
  options: ResolvedLlmOptions & { readonly ranker: CapabilityRanker },
): Promise<PlanResult> {
  const { ranker } = options;
  const connection = await connectChatModel({
    ...(options.chatModel ? { chatModel: options.chatModel } : {}),
    ollamaUrl: options.ollamaUrl ?? DEFAULT_OLLAMA_URL,
    model: options.model,
  });
  try {
    const outcome = await runPlanGraph(request, {
      catalog,
      connection,
      model: options.model,
      timeoutMs: options.timeoutMs,
      maxRepairRounds: options.maxRepairRounds,
      retrieve: (text) => retrieveCandidates(text, ranker, options.candidateLimit),
    });
    const rounds = outcome.attempts.length;
    const notices: string[] = [];
    if (outcome.problems.length > 0) {
      notices.push(
        `The model's plan still had ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} after ${rounds} round${rounds === 1 ? '' : 's'} (${rounds - 1} repair${rounds === 2 ? '' : 's'}); it is returned as invalid with the errors.`,
      );
    } else if (rounds > 1) {
      notices.push(
        `The model's plan was repaired in ${rounds - 1} round${rounds === 2 ? '' : 's'} after validation errors.`,
      );
    }
    const rationale = new Map<string, StepRationale>();
    let retrieved = 0;
    for (const step of outcome.answer?.steps ?? []) {
      const position = outcome.candidates.findIndex(
        (candidate) => candidate.plugin === step.plugin && candidate.capability === step.capability,
      );
      const candidate = outcome.candidates[position];
      if (candidate) retrieved += 1;
      rationale.set(step.id, {
        reason: candidate
          ? `chosen by the model from ${outcome.candidates.length} retrieved capabilities (retrieval rank ${position + 1}, score ${candidate.score.toFixed(2)})`
          : 'chosen by the model, outside the retrieved capabilities',
        ...(candidate ? { score: Math.round(candidate.score * 100) / 100 } : {}),
        matchedWords: candidate?.matchedWords ?? [],
      });
    }
    const stepCount = outcome.answer?.steps.length ?? 0;
    const unresolved = (outcome.answer?.unmapped ?? [])
      .filter((text) => text.trim().length > 0)
      .map((text) => ({ text, reason: 'the model found no listed capability for it' }));
    return finalizePlan({
      ...(outcome.workflow ? { workflow: outcome.workflow } : {}),
      catalog,
      planner: 'llm',
      rationale,
      unresolved,
      notices,
      candidates: outcome.candidates,
      attempts: outcome.attempts,
      confidence: (valid) =>
        valid
          ? Math.max(0.5, 0.9 - 0.1 * (rounds - 1)) *
            (stepCount > 0 ? 0.7 + (0.3 * retrieved) / stepCount : 0)
          : 0.1,
    });
  } finally {
    connection.close();
  }
}
