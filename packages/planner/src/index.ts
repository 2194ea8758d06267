// Anything exported here is public API of @mark1/planner; everything else is internal.

export { plan, llmOptionsFromEnv } from './plan';
export { planReadiness, summarizePlan } from './plan-readiness';
export type { PlanReadiness, PlanSummary } from './plan-readiness';
export type {
  BindingSource,
  DataFlowExplanation,
  InputBinding,
  LlmAttempt,
  LlmPlannerOptions,
  MissingInput,
  PlanExplanation,
  PlannerKind,
  PlanOptions,
  PlanResult,
  PlanStatus,
  StepExplanation,
  UnresolvedIntent,
} from './types';

export { DEFAULT_LLM_TIMEOUT_MS, DEFAULT_OLLAMA_MODEL, DEFAULT_OLLAMA_URL } from './llm/chat-model';

export { createCapabilityRanker } from './retrieval/create-capability-ranker';
export type {
  CapabilityRanker,
  RankedCapability,
  RankOptions,
} from './retrieval/create-capability-ranker';

export { createPlanningSession } from './session/create-planning-session';
export type {
  PlanningSession,
  PlanningSessionOptions,
  SessionReply,
  SessionTurn,
} from './session/create-planning-session';

export { PlannerErrorCodes } from './errors';
export type { PlannerErrorCode } from './errors';
