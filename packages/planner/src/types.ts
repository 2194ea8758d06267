import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { DataType, TypeCompatibility, Workflow, WorkflowValidationReport } from '@mark1/sdk';
import type { RankedCapability } from './retrieval/create-capability-ranker';

/** Which planner produced a plan. */
export type PlannerKind = 'deterministic' | 'llm';

/**
 * How usable a plan is:
 * - `complete`: valid, and every part of the request is mapped to a step;
 * - `partial`: valid, but some of the request could not be mapped (see `unresolved`);
 * - `invalid`: the planner could not produce a workflow that passes validation (see `validation.errors`);
 * - `empty`: nothing in the request maps to an installed capability; there is no workflow.
 */
export type PlanStatus = 'complete' | 'partial' | 'invalid' | 'empty';

/** Settings of the LLM path. */
export interface LlmPlannerOptions {
  /**
   * Any LangChain chat model (ChatOpenAI against an OpenAI-compatible or llama.cpp server, ...).
   * Takes precedence over `ollamaUrl`.
   */
  chatModel?: BaseChatModel;
  /**
   * Base URL of an Ollama server (the apps pass `MARK1_OLLAMA_URL`).
   * @default 'http://127.0.0.1:11434' when the LLM is asked for (`llm` or `mode: 'llm'`) without one
   */
  ollamaUrl?: string;
  /**
   * Ollama model name (the apps pass `MARK1_OLLAMA_MODEL`).
   * @default 'llama3.1:8b'
   */
  model?: string;
  /**
   * Longest wait for one model answer, in milliseconds; past it the planner falls back to the
   * deterministic path with a notice.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Rounds in which validation errors are fed back to the model for a fix.
   * @default 3
   */
  maxRepairRounds?: number;
  /**
   * Capabilities described to the model (the best-ranked ones), so prompts stay small in large catalogs.
   * @default 12
   */
  candidateLimit?: number;
}

/** Options of `plan`. */
export interface PlanOptions extends LlmPlannerOptions {
  /**
   * LLM settings; the same fields may also be given at the top level of the options. Giving this
   * object (even `{}`) asks for the LLM.
   */
  llm?: LlmPlannerOptions;
  /**
   * `auto` uses the LLM when `llm`, a chat model or an Ollama URL is given and falls back to the
   * deterministic planner when it is unreachable or too slow; `deterministic` never calls a model;
   * `llm` calls the model (local Ollama unless configured) and throws `LLM_UNAVAILABLE` /
   * `LLM_TIMEOUT` instead of falling back.
   * @default 'auto'
   */
  mode?: 'auto' | 'deterministic' | 'llm';
  /** Name of the workflow (one is made from the request when omitted). */
  workflowName?: string;
}

/** A part of the request no capability could be found for. */
export interface UnresolvedIntent {
  /** The words of the request, literals restored. */
  readonly text: string;
  /** Why it was left out, in plain words. */
  readonly reason: string;
  /** The best candidate, too weak to be used, if there was one. */
  readonly closest?: {
    readonly plugin: string;
    readonly capability: string;
    readonly coverage: number;
  };
}

/** A workflow input the user still has to give before the plan can run. */
export interface MissingInput {
  /** Name under the workflow's `inputs`. */
  readonly name: string;
  readonly dataType: DataType;
  /** What the value is for, in plain words. */
  readonly description: string;
  /** The step inputs it feeds. */
  readonly usedBy: readonly { readonly step: string; readonly input: string }[];
}

/** Where a step input's value comes from. */
export type BindingSource =
  'literal' | 'workflow-input' | 'step-output' | 'item' | 'collected' | 'missing';

/** One bound input of a step, explained. */
export interface InputBinding {
  readonly input: string;
  readonly source: BindingSource;
  /** The value as written in the workflow (`${steps.a.outputs.b}`, a literal, an object of them). */
  readonly value: unknown;
  /** The value in plain words, and why it was chosen when the planner knows. */
  readonly note: string;
}

/** One step of a plan, explained. */
export interface StepExplanation {
  readonly id: string;
  readonly plugin: string;
  readonly capability: string;
  /** The words of the request this step answers (deterministic planner). */
  readonly request?: string;
  /** Why this capability: its retrieval score and the request words it matched. */
  readonly reason: string;
  /** Retrieval score against the request words, when known. */
  readonly score?: number;
  /** Request words the capability matched. */
  readonly matchedWords: readonly string[];
  /** Steps it waits for. */
  readonly runsAfter: readonly string[];
  /** True when it runs once per item. */
  readonly foreach: boolean;
  readonly bindings: readonly InputBinding[];
}

/** A value flowing from one step (or workflow input) to a step input. */
export interface DataFlowExplanation {
  /** `steps.a.outputs.b` or `workflow.inputs.x`. */
  readonly from: string;
  /** `steps.c.inputs.d`. */
  readonly to: string;
  readonly fromType: DataType;
  readonly toType: DataType;
  readonly compatibility: TypeCompatibility;
}

/** A plan in plain words. */
export interface PlanExplanation {
  /** One line: how many steps, what runs in parallel. */
  readonly summary: string;
  readonly steps: readonly StepExplanation[];
  readonly dataFlow: readonly DataFlowExplanation[];
  /** Everything above as readable text (what the CLI prints). */
  readonly text: string;
}

/** One round of the LLM path: what the model answered and what was wrong with it. */
export interface LlmAttempt {
  /** 1 for the first plan, then one per repair round. */
  readonly round: number;
  /** Problems found in the answer (empty when it was valid). */
  readonly problems: readonly string[];
}

/** What `plan` returns. */
export interface PlanResult {
  readonly status: PlanStatus;
  /** True when `workflow` passed the `@mark1/sdk` validator. */
  readonly valid: boolean;
  /** The planned workflow; absent only when `status` is `empty` or the model never produced one. */
  readonly workflow?: Workflow;
  /** The validator's report on `workflow` (errors, warnings, data edges, order). */
  readonly validation: WorkflowValidationReport;
  readonly explanation: PlanExplanation;
  /**
   * How sure the planner is, from 0 to 1: strength of the capability matches, share of the request
   * mapped, validity, and (LLM path) the repair rounds needed.
   */
  readonly confidence: number;
  /** Parts of the request that were not mapped (never guessed). */
  readonly unresolved: readonly UnresolvedIntent[];
  /** Workflow inputs without a value that the user must give. */
  readonly missingInputs: readonly MissingInput[];
  /** One-line notices (a fallback from the LLM to the deterministic planner, ...). */
  readonly notices: readonly string[];
  readonly planner: PlannerKind;
  /** The capabilities retrieval considered, best first. */
  readonly candidates: readonly RankedCapability[];
  /** The LLM rounds (LLM path only). */
  readonly attempts?: readonly LlmAttempt[];
}
