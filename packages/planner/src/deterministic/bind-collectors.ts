import type { RequestLiteral } from '../literals/extract-literals';
import { inputsOf } from './find-bridge';
import { describeInput } from './input-roles';
import { outputRef, type StepDraft, workflowInputRef } from './step-draft';
import type { WorkflowInputRegistry } from './workflow-inputs';

/** What collector binding needs besides the steps. */
export interface CollectorContext {
  readonly literals: readonly RequestLiteral[];
  readonly globalLiterals: ReadonlySet<number>;
  readonly namedLiterals: ReadonlySet<number>;
  readonly inputs: WorkflowInputRegistry;
}

const REFERENCE = /\$\{steps\.([A-Za-z][\w-]*)\.outputs\./g;

/** Ids of the steps whose outputs `value` refers to. */
function referencedSteps(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') for (const match of value.matchAll(REFERENCE)) into.add(match[1]!);
  else if (Array.isArray(value)) value.forEach((item) => referencedSteps(item, into));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((item) => referencedSteps(item, into));
  return into;
}

/** True when `step` waits, directly or not, for `ancestor`. */
export function dependsOnStep(
  step: StepDraft,
  ancestor: string,
  byId: ReadonlyMap<string, StepDraft>,
): boolean {
  const seen = new Set<string>();
  const stack = [...step.dependsOn];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === ancestor) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}

/** The output a step is mostly about: its first JSON output, else its first output. */
function mainOutput(step: StepDraft): string | undefined {
  const outputs = Object.entries(step.entry.capability.outputs);
  return (outputs.find(([, spec]) => spec.type === 'json') ?? outputs[0])?.[0];
}

/**
 * Fills each collector input (a report's `sections`) with the results no other step uses: one
 * entry per such step, named after its main output (`{ sentiment: ${steps.sentiment.outputs.sentiment}, … }`),
 * whatever order the request named them in. Without such steps it collects the data the request
 * handed over, and without that it becomes a workflow input the user must give.
 */
export function bindCollectors(steps: readonly StepDraft[], context: CollectorContext): void {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const collectorSteps = steps.filter((step) =>
    inputsOf(step.entry).some((input) => input.role === 'collector'),
  );
  const collectorIds = new Set(collectorSteps.map((step) => step.id));
  const consumed = new Set<string>();
  for (const step of steps) {
    if (collectorIds.has(step.id)) continue;
    referencedSteps(step.inputs, consumed);
    referencedSteps(step.foreach, consumed);
  }

  for (const step of collectorSteps) {
    for (const input of inputsOf(step.entry).filter((info) => info.role === 'collector')) {
      if (input.name in step.inputs) continue;
      const leaves = steps.filter(
        (candidate) =>
          candidate !== step &&
          !collectorIds.has(candidate.id) &&
          !consumed.has(candidate.id) &&
          !dependsOnStep(candidate, step.id, byId) &&
          mainOutput(candidate) !== undefined,
      );
      const value: Record<string, string> = {};
      const described: string[] = [];
      for (const leaf of leaves) {
        const output = mainOutput(leaf)!;
        const key = output in value ? leaf.id : output;
        value[key] = outputRef(leaf.id, output);
        step.dependsOn.add(leaf.id);
        described.push(`${key} ← ${leaf.id}.${output}`);
      }
      if (leaves.length === 0) {
        const handed = context.literals.filter(
          (literal) =>
            literal.kind !== 'number' &&
            literal.kind !== 'email' &&
            (context.globalLiterals.has(literal.index) ||
              step.intent.literals.includes(literal.index)) &&
            !step.claimed.has(literal.index) &&
            !context.namedLiterals.has(literal.index),
        );
        for (const literal of handed) {
          const declared = context.inputs.forLiteral(literal.index, 'data');
          declared.usedBy.push({ step: step.id, input: input.name });
          value[declared.name] = workflowInputRef(declared.name);
          described.push(`${declared.name} ← ${literal.raw}`);
        }
      }
      if (Object.keys(value).length === 0) {
        const declared = context.inputs.declareMissing(
          input.name,
          'json',
          describeInput(input, step.entry.capability.name),
        );
        declared.usedBy.push({ step: step.id, input: input.name });
        step.inputs[input.name] = workflowInputRef(declared.name);
        step.notes.set(input.name, {
          source: 'missing',
          note: `nothing to collect: you provide "${declared.name}"`,
        });
        continue;
      }
      step.inputs[input.name] = value;
      step.notes.set(input.name, { source: 'collected', note: `collects ${described.join(', ')}` });
    }
  }
}
