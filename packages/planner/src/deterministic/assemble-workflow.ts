import type { WorkflowInput } from '@mark1/sdk';
import type { StepDraft } from './step-draft';
import type { WorkflowInputDraft } from './workflow-inputs';

/** Steps ordered so each comes after the steps it depends on, keeping the request's order otherwise. */
function orderSteps(steps: readonly StepDraft[]): StepDraft[] {
  const ordered: StepDraft[] = [];
  const placed = new Set<string>();
  const remaining = [...steps];
  while (remaining.length > 0) {
    const index = remaining.findIndex((step) => [...step.dependsOn].every((id) => placed.has(id)));
    // A cycle cannot be ordered; keep the rest as they are and let validation name it.
    const next = remaining.splice(index < 0 ? 0 : index, 1)[0]!;
    ordered.push(next);
    placed.add(next.id);
  }
  return ordered;
}

/** What the finished workflow is made of. */
export interface WorkflowParts {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly StepDraft[];
  readonly inputs: readonly WorkflowInputDraft[];
  /** A step's description (the words of the request it answers). */
  readonly describeStep: (step: StepDraft) => string;
}

const REFERENCE = /\$\{steps\.([A-Za-z][\w-]*)\.outputs\./g;

function referenced(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') for (const match of value.matchAll(REFERENCE)) into.add(match[1]!);
  else if (Array.isArray(value)) value.forEach((item) => referenced(item, into));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((item) => referenced(item, into));
}

/**
 * The workflow as written in a file: inputs (literals of the request as defaults), steps in
 * dependency order with `depends_on`, and as outputs every output of the steps no other step uses.
 */
export function assembleWorkflow(parts: WorkflowParts): WorkflowInput {
  const steps = orderSteps(parts.steps);
  const used = new Set<string>();
  for (const step of steps) {
    referenced(step.inputs, used);
    referenced(step.foreach, used);
  }
  const outputs: Record<string, string> = {};
  for (const step of steps.filter((candidate) => !used.has(candidate.id))) {
    for (const name of Object.keys(step.entry.capability.outputs)) {
      const key = name in outputs ? `${step.id}_${name}` : name;
      outputs[key] = `\${steps.${step.id}.outputs.${name}}`;
    }
  }
  return {
    name: parts.name,
    description: parts.description,
    inputs: Object.fromEntries(parts.inputs.map((input) => [input.name, input.schema])),
    steps: steps.map((step) => ({
      id: step.id,
      description: parts.describeStep(step),
      plugin: step.entry.plugin,
      capability: step.entry.capability.name,
      inputs: step.inputs,
      depends_on: [...step.dependsOn],
      ...(step.foreach !== undefined ? { foreach: step.foreach as string | unknown[] } : {}),
    })),
    outputs,
  };
}
