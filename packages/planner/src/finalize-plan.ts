import {
  type CapabilityCatalog,
  dataTypeOfSchema,
  validateWorkflow,
  type Workflow,
  WorkflowSchema,
  type WorkflowValidationReport,
} from '@mark1/sdk';
import { explainPlan, type StepRationale } from './explain/explain-plan';
import type { RankedCapability } from './retrieval/create-capability-ranker';
import type {
  LlmAttempt,
  MissingInput,
  PlannerKind,
  PlanResult,
  PlanStatus,
  UnresolvedIntent,
} from './types';

/** What a planner hands over to become a {@link PlanResult}. */
export interface FinalizePlanInput {
  /** The workflow as planned (parsed with the sdk's WorkflowSchema here). */
  readonly workflow?: unknown;
  readonly catalog: CapabilityCatalog;
  readonly planner: PlannerKind;
  readonly rationale: ReadonlyMap<string, StepRationale>;
  readonly unresolved: readonly UnresolvedIntent[];
  readonly notices: readonly string[];
  readonly candidates: readonly RankedCapability[];
  readonly attempts?: readonly LlmAttempt[];
  /** The planner's confidence in the plan, given whether it validated. */
  readonly confidence: (valid: boolean) => number;
}

const NO_WORKFLOW: WorkflowValidationReport = {
  valid: false,
  errors: [],
  warnings: [],
  edges: [],
  order: [],
};

/** Workflow inputs without a value, with the step inputs they feed. */
export function missingInputsOf(workflow: Workflow): MissingInput[] {
  const missing: MissingInput[] = [];
  for (const [name, spec] of Object.entries(workflow.inputs)) {
    if (spec.default !== undefined || !spec.required) continue;
    const reference = `\${workflow.inputs.${name}}`;
    const usedBy: { step: string; input: string }[] = [];
    for (const step of workflow.steps) {
      for (const [input, value] of Object.entries(step.inputs)) {
        if (JSON.stringify(value)?.includes(reference)) usedBy.push({ step: step.id, input });
      }
      if (typeof step.foreach === 'string' && step.foreach.includes(reference))
        usedBy.push({ step: step.id, input: 'foreach' });
    }
    missing.push({
      name,
      dataType: dataTypeOfSchema(spec),
      description: spec.description ?? name,
      usedBy,
    });
  }
  return missing;
}

/**
 * Validates a planned workflow with the `@mark1/sdk` validator and wraps it as a {@link PlanResult}:
 * status, explanation, missing inputs and confidence. A workflow that does not validate is returned
 * with `valid: false`, status `invalid` and the validator's errors, never as if it were fine.
 */
export function finalizePlan(input: FinalizePlanInput): PlanResult {
  let workflow: Workflow | undefined;
  let validation = NO_WORKFLOW;
  if (input.workflow !== undefined) {
    validation = validateWorkflow(input.workflow, input.catalog);
    const parsed = WorkflowSchema.safeParse(input.workflow);
    if (parsed.success) workflow = parsed.data;
  }
  const valid = workflow !== undefined && validation.valid;
  const missingInputs = workflow ? missingInputsOf(workflow) : [];
  let status: PlanStatus;
  if (input.workflow === undefined)
    status = input.attempts && input.attempts.length > 0 ? 'invalid' : 'empty';
  else if (!valid) status = 'invalid';
  else status = input.unresolved.length > 0 ? 'partial' : 'complete';
  const explanation = explainPlan({
    ...(workflow ? { workflow } : {}),
    validation,
    catalog: input.catalog,
    rationale: input.rationale,
    unresolved: input.unresolved,
    missingInputs,
  });
  return {
    status,
    valid,
    ...(workflow ? { workflow } : {}),
    validation,
    explanation,
    confidence: Math.round(Math.max(0, Math.min(1, input.confidence(valid))) * 100) / 100,
    unresolved: input.unresolved,
    missingInputs,
    notices: input.notices,
    planner: input.planner,
    candidates: input.candidates,
    ...(input.attempts ? { attempts: input.attempts } : {}),
  };
}
