import {
  type CapabilityCatalog,
  compatibility,
  dataTypeOfSchema,
  formatIssue,
  type Workflow,
  type WorkflowValidationReport,
} from '@mark1/sdk';
import type {
  DataFlowExplanation,
  InputBinding,
  MissingInput,
  PlanExplanation,
  StepExplanation,
  UnresolvedIntent,
} from '../types';
import { describeStepBindings } from './describe-bindings';

/** What a planner knows about why it chose a step. */
export interface StepRationale {
  /** The words of the request the step answers. */
  readonly request?: string;
  /** Why this capability, in plain words. */
  readonly reason: string;
  readonly score?: number;
  readonly matchedWords: readonly string[];
  /** Per input: where the value came from, when the planner knows better than the workflow shows. */
  readonly bindings?: ReadonlyMap<string, Pick<InputBinding, 'source' | 'note'>>;
}

/** Everything the explanation is made from. */
export interface ExplainPlanInput {
  readonly workflow?: Workflow;
  readonly validation: WorkflowValidationReport;
  readonly catalog: CapabilityCatalog;
  readonly rationale: ReadonlyMap<string, StepRationale>;
  readonly unresolved: readonly UnresolvedIntent[];
  readonly missingInputs: readonly MissingInput[];
}

const NESTED_OUTPUT = /^\$\{\s*steps\.([A-Za-z][\w-]*)\.outputs\.([A-Za-z_][\w-]*)\s*\}$/;

/** Validator edges, plus the values collected inside object inputs (a report's sections). */
function dataFlowOf(
  workflow: Workflow,
  validation: WorkflowValidationReport,
  catalog: CapabilityCatalog,
): DataFlowExplanation[] {
  const flow: DataFlowExplanation[] = validation.edges.map((edge) => ({
    from: edge.from,
    to: `steps.${edge.toStep}.inputs.${edge.toInput}`,
    fromType: edge.fromType,
    toType: edge.toType,
    compatibility: edge.compatibility,
  }));
  const stepsById = new Map(workflow.steps.map((step) => [step.id, step]));
  for (const step of workflow.steps) {
    const entry = catalog.find(step.plugin, step.capability);
    for (const [input, value] of Object.entries(step.inputs)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const schema = entry?.capability.inputs.properties[input];
      const toType = schema ? dataTypeOfSchema(schema) : 'json';
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const match = typeof item === 'string' ? NESTED_OUTPUT.exec(item) : null;
        if (!match) continue;
        const producer = stepsById.get(match[1]!);
        const producerEntry = producer
          ? catalog.find(producer.plugin, producer.capability)
          : undefined;
        const fromType = producerEntry?.capability.outputs[match[2]!]?.type;
        if (!fromType) continue;
        flow.push({
          from: `steps.${match[1]}.outputs.${match[2]}`,
          to: `steps.${step.id}.inputs.${input}.${key}`,
          fromType,
          toType,
          compatibility: compatibility(fromType, toType),
        });
      }
    }
  }
  return flow;
}

/** Steps grouped into waves: each wave runs in parallel after the ones before it. */
function waves(workflow: Workflow): string[][] {
  const level = new Map<string, number>();
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const levelOf = (id: string, seen: Set<string>): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const step = byId.get(id);
    const value =
      1 +
      Math.max(
        -1,
        ...(step?.depends_on ?? []).filter((dep) => byId.has(dep)).map((dep) => levelOf(dep, seen)),
      );
    level.set(id, value);
    return value;
  };
  const result: string[][] = [];
  for (const step of workflow.steps) {
    const value = levelOf(step.id, new Set());
    (result[value] ??= []).push(step.id);
  }
  return result.filter((wave) => wave.length > 0);
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function summaryOf(
  workflow: Workflow | undefined,
  unresolved: readonly UnresolvedIntent[],
): string {
  if (!workflow) {
    return unresolved.length > 0
      ? `No plan: nothing in the request maps to an installed capability (${unresolved.length} part${unresolved.length === 1 ? '' : 's'} not mapped).`
      : 'No plan.';
  }
  const count = workflow.steps.length;
  const parts = waves(workflow).map((wave) =>
    wave.length > 1 ? `${joinNames(wave)} in parallel` : wave[0]!,
  );
  return `${count} step${count === 1 ? '' : 's'}: ${parts.join(', then ')}.`;
}

/**
 * Explains a plan in plain words: the steps with the capability each calls, why it was chosen
 * (score and matched words), where each input's value comes from, the data flowing between steps
 * with the type check of each edge, what the user still has to give, and what was not mapped.
 */
export function explainPlan(input: ExplainPlanInput): PlanExplanation {
  const { workflow, validation } = input;
  const steps: StepExplanation[] = (workflow?.steps ?? []).map((step) => {
    const rationale = input.rationale.get(step.id);
    const bindings = describeStepBindings(workflow!, step).map((binding) => {
      const known = rationale?.bindings?.get(binding.input);
      return known ? { ...binding, source: known.source, note: known.note } : binding;
    });
    return {
      id: step.id,
      plugin: step.plugin,
      capability: step.capability,
      ...(rationale?.request ? { request: rationale.request } : {}),
      reason: rationale?.reason ?? 'chosen by the planner',
      ...(rationale?.score !== undefined ? { score: rationale.score } : {}),
      matchedWords: rationale?.matchedWords ?? [],
      runsAfter: step.depends_on,
      foreach: step.foreach !== undefined,
      bindings,
    };
  });
  const dataFlow = workflow ? dataFlowOf(workflow, validation, input.catalog) : [];
  const summary = summaryOf(workflow, input.unresolved);

  const lines = [`Plan: ${summary}`];
  steps.forEach((step, index) => {
    lines.push(
      `  ${index + 1}. ${step.id}: ${step.plugin}/${step.capability}${step.foreach ? ' (once per item)' : ''}`,
    );
    if (step.request) lines.push(`     for "${step.request}"`);
    lines.push(`     why: ${step.reason}`);
    if (step.runsAfter.length > 0) lines.push(`     after: ${step.runsAfter.join(', ')}`);
    for (const binding of step.bindings) lines.push(`     ${binding.input} ← ${binding.note}`);
  });
  if (dataFlow.length > 0) {
    lines.push('Data flow:');
    for (const edge of dataFlow) {
      lines.push(
        `  ${edge.from} (${edge.fromType}) → ${edge.to} (${edge.toType}, ${edge.compatibility})`,
      );
    }
  }
  if (input.missingInputs.length > 0) {
    lines.push('You still need to give:');
    for (const missing of input.missingInputs)
      lines.push(`  ${missing.name} (${missing.dataType}): ${missing.description}`);
  }
  if (input.unresolved.length > 0) {
    lines.push('Not mapped:');
    for (const item of input.unresolved) lines.push(`  "${item.text}": ${item.reason}`);
  }
  if (!validation.valid) {
    lines.push('Problems:');
    for (const issue of validation.errors) lines.push(`  ${formatIssue(issue)}`);
  }
  return { summary, steps, dataFlow, text: lines.join('\n') };
}
