import type { CapabilityCatalog } from '@mark1/sdk';
import type { StepRationale } from '../explain/explain-plan';
import { finalizePlan } from '../finalize-plan';
import { extractLiterals } from '../literals/extract-literals';
import type { PlanResult } from '../types';
import { draftPlan, type DraftPlanOptions } from './draft-plan';
import type { StepDraft } from './step-draft';

/** How sure the planner is of one step: how much of its clause matched, and how clearly it beat the next candidate. */
function stepConfidence(step: StepDraft): number {
  if (step.origin === 'bridge') return 0.8;
  const match = step.intent.match;
  if (!match) return 0.5;
  const runnerUp = step.intent.runnerUp;
  const margin = runnerUp && match.score > 0 ? (match.score - runnerUp.score) / match.score : 1;
  return 0.5 + 0.3 * Math.min(1, match.coverage) + 0.2 * Math.min(1, 2 * margin);
}

/** Matched words as shown to people: `"mood" (as "sentiment")` for a synonym match. */
function quoteWords(list: readonly string[]): string {
  return list
    .map((word) => {
      const [written, via] = word.split('~');
      return via ? `"${written}" (as "${via}")` : `"${written}"`;
    })
    .join(', ');
}

function rationaleOf(step: StepDraft, display: (masked: string) => string): StepRationale {
  const bindings = new Map([...step.notes].map(([input, note]) => [input, note]));
  const match = step.intent.match;
  if (step.origin === 'bridge' && step.bridgeFor) {
    return {
      request: display(step.intent.text),
      reason: `inserted because nothing in the request has the type ${step.bridgeFor.step}.${step.bridgeFor.input} needs; this step converts it`,
      matchedWords: [],
      bindings,
    };
  }
  const scoreText = match
    ? `score ${match.score.toFixed(2)}, ${Math.round(match.coverage * 100)}% of the clause's words`
    : '';
  const runnerUp = step.intent.runnerUp
    ? `; next best ${step.intent.runnerUp.plugin}/${step.intent.runnerUp.capability} (score ${step.intent.runnerUp.score.toFixed(2)})`
    : '';
  const reason =
    step.origin === 'embedded'
      ? `named inside the clause: matched ${quoteWords(match?.matchedWords ?? [])} (${scoreText}); its result feeds the clause's own step`
      : `matched ${quoteWords(match?.matchedWords ?? [])} (${scoreText})${runnerUp}`;
  return {
    request: display(step.intent.text),
    reason,
    ...(match ? { score: Math.round(match.score * 100) / 100 } : {}),
    matchedWords: match?.matchedWords ?? [],
    bindings,
  };
}

/**
 * Plans a request without any model: see `draftPlan` for how, then validates the workflow with the
 * sdk validator and explains it. Synchronous and local.
 */
export function planDeterministically(
  request: string,
  catalog: CapabilityCatalog,
  options: DraftPlanOptions & { notices?: readonly string[] },
): PlanResult {
  const { ranker } = options;
  const draft = draftPlan(request, catalog, options);
  const rationale = new Map(draft.steps.map((step) => [step.id, rationaleOf(step, draft.display)]));
  const actions = draft.intents.filter(
    (intent) => intent.kind === 'action' && !intent.feeds,
  ).length;
  const mappedShare =
    actions + draft.unresolved.length > 0 ? actions / (actions + draft.unresolved.length) : 0;
  const stepScore =
    draft.steps.length > 0
      ? draft.steps.reduce((sum, step) => sum + stepConfidence(step), 0) / draft.steps.length
      : 0;
  const hasMissing = draft.inputs.some((input) => input.missing);
  return finalizePlan({
    ...(draft.workflow ? { workflow: draft.workflow } : {}),
    catalog,
    planner: 'deterministic',
    rationale,
    unresolved: draft.unresolved,
    notices: options.notices ?? [],
    candidates: ranker.rank(extractLiterals(request).masked, { limit: 10 }),
    confidence: (valid) => stepScore * mappedShare * (valid ? 1 : 0.4) * (hasMissing ? 0.9 : 1),
  });
}
