import type { CapabilityCatalog, WorkflowInput } from '@mark1/sdk';
import {
  extractLiterals,
  isPlaceholder,
  placeholderIndex,
  type RequestLiteral,
} from '../literals/extract-literals';
import type { CapabilityRanker } from '../retrieval/create-capability-ranker';
import { words } from '../text/tokenize';
import type { UnresolvedIntent } from '../types';
import { assembleWorkflow } from './assemble-workflow';
import { bindCollectors, dependsOnStep } from './bind-collectors';
import { bindData } from './bind-data';
import { bindOptions } from './bind-options';
import { type Intent, matchIntents } from './match-intents';
import { splitClauses } from '../text/split-clauses';
import { type StepDraft, stepIdFor } from './step-draft';
import { type WorkflowInputDraft, WorkflowInputRegistry } from './workflow-inputs';

/** What the deterministic planner made of a request, before validation. */
export interface DeterministicDraft {
  /** The workflow, or undefined when no clause maps to a capability. */
  readonly workflow?: WorkflowInput;
  readonly steps: readonly StepDraft[];
  readonly intents: readonly Intent[];
  readonly inputs: readonly WorkflowInputDraft[];
  readonly literals: readonly RequestLiteral[];
  readonly unresolved: readonly UnresolvedIntent[];
  /** A text of the request with its literals put back in. */
  readonly display: (masked: string) => string;
}

/** Options of {@link draftPlan}. */
export interface DraftPlanOptions {
  /** The catalog's ranker (built once per catalog by the caller). */
  ranker: CapabilityRanker;
  /** Name of the workflow (made from the request when omitted). */
  workflowName?: string;
}

/** Puts the literals back into a masked text. */
function restorer(literals: readonly RequestLiteral[]): (masked: string) => string {
  return (masked) =>
    [...masked]
      .map((char) => (isPlaceholder(char) ? (literals[placeholderIndex(char)]?.raw ?? char) : char))
      .join('');
}

/** A kebab-case workflow name from the first content words of the request. */
function nameFrom(request: string): string {
  const list = words(request.replace(/[\uE000-\uF8FF]/g, ' ')).filter(
    (word) =>
      word.length > 2 && !/^(?:the|and|please|this|that|with|for|from|into|have|then)$/.test(word),
  );
  return list.slice(0, 6).join('-') || 'planned-workflow';
}

/**
 * Literals meant for the whole request: those of context clauses ("I have customer feedback: '…'"),
 * of clauses nothing was mapped to, and a value after a colon at the very end ("…, and generate
 * insights: {…}").
 */
function globalLiteralsOf(masked: string, intents: readonly Intent[]): Set<number> {
  const global = new Set<number>();
  for (const intent of intents)
    if (intent.kind !== 'action') intent.literals.forEach((index) => global.add(index));
  const trailing = /:\s*((?:[\uE000-\uF8FF][\s,]*(?:and\s+)?)+)[.!?]?\s*$/.exec(masked);
  if (trailing)
    for (const char of trailing[1]!) if (isPlaceholder(char)) global.add(placeholderIndex(char));
  return global;
}

/**
 * The deterministic planner: literals out of the request, clauses matched to capabilities, inputs
 * bound (literals, earlier outputs by data type, named options), independent clauses left parallel,
 * "then" ordered, several results collected into a report, and the rest reported as unresolved.
 */
export function draftPlan(
  request: string,
  catalog: CapabilityCatalog,
  options: DraftPlanOptions,
): DeterministicDraft {
  const { ranker } = options;
  const { masked, literals } = extractLiterals(request);
  const display = restorer(literals);
  const intents = matchIntents(splitClauses(masked), { ranker, literals });

  const literalNames = new Map<number, string>();
  let dataName: string | undefined;
  for (const intent of intents) {
    if (intent.kind !== 'context' || !intent.dataName) continue;
    dataName ??= intent.dataName;
    for (const index of intent.literals) literalNames.set(index, intent.dataName);
  }
  const globalLiterals = globalLiteralsOf(masked, intents);
  const registry = new WorkflowInputRegistry(literals, literalNames);
  const namedLiterals = new Set<number>();
  const ids = new Set<string>();
  const steps: StepDraft[] = [];
  let lastRequested: StepDraft | undefined;

  // Settings first, for every step: a literal that names something ("titled 'Q3'") is then
  // known before any step looks for its data.
  const drafts: StepDraft[] = [];
  for (const intent of intents) {
    if (intent.kind !== 'action' || !intent.match) continue;
    const id = stepIdFor(intent.match.capability, ids);
    ids.add(id);
    const step: StepDraft = {
      id,
      intent,
      entry: intent.match.entry,
      origin: intent.feeds ? 'embedded' : 'request',
      inputs: {},
      notes: new Map(),
      dependsOn: new Set(),
      claimed: new Set(),
    };
    bindOptions(step, {
      literals,
      globalLiterals,
      namedLiterals,
      inputs: registry,
      ...(dataName ? { dataName } : {}),
    });
    drafts.push(step);
  }
  for (const step of drafts) {
    const inserted = bindData(
      step,
      {
        catalog,
        ranker,
        literals,
        globalLiterals,
        namedLiterals,
        literalNames,
        inputs: registry,
        ids,
        ...(dataName ? { dataName } : {}),
      },
      steps,
    );
    steps.push(...inserted, step);
    const byId = new Map(steps.map((candidate) => [candidate.id, candidate]));
    if (step.intent.sequential && lastRequested && !dependsOnStep(step, lastRequested.id, byId)) {
      step.dependsOn.add(lastRequested.id);
    }
    if (step.origin === 'request') lastRequested = step;
  }
  bindCollectors(steps, { literals, globalLiterals, namedLiterals, inputs: registry });

  const unresolved: UnresolvedIntent[] = intents
    .filter((intent) => intent.kind === 'unresolved')
    .map((intent) => ({
      text: display(intent.text),
      reason: intent.reason ?? 'no capability matches it',
      ...(intent.runnerUp
        ? {
            closest: {
              plugin: intent.runnerUp.plugin,
              capability: intent.runnerUp.capability,
              coverage: intent.runnerUp.coverage,
            },
          }
        : {}),
    }));
  const inputs = registry.all();
  const workflow =
    steps.length === 0
      ? undefined
      : assembleWorkflow({
          name: options.workflowName ?? nameFrom(masked),
          description: request.trim(),
          steps,
          inputs,
          describeStep: (step) =>
            step.origin === 'bridge' && step.bridgeFor
              ? `Turns the value into what ${step.bridgeFor.step}.${step.bridgeFor.input} needs`
              : display(step.intent.text),
        });
  return { workflow, steps, intents, inputs, literals, unresolved, display };
}
