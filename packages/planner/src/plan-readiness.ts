import type { PlanResult } from './types';

/** Whether a plan can run as it is. */
export interface PlanReadiness {
  readonly runnable: boolean;
  /** Why it cannot run, in plain words (absent when it can). */
  readonly reason?: string;
  /** Workflow inputs the plan needs that were not given. */
  readonly missingInputs: readonly string[];
}

/**
 * Whether a plan can run with the given workflow input values: it needs a workflow, a valid one,
 * and a value for every input the planner could not fill from the request. Both apps ask this
 * before they start a planned run, so they refuse for the same reasons in the same words.
 */
export function planReadiness(
  result: PlanResult,
  givenInputs: Readonly<Record<string, unknown>> = {},
): PlanReadiness {
  const missingInputs = result.missingInputs
    .filter((input) => givenInputs[input.name] === undefined)
    .map((input) => input.name);
  if (!result.workflow || result.status === 'empty') {
    return {
      runnable: false,
      reason: 'nothing in the request maps to an installed capability',
      missingInputs,
    };
  }
  if (!result.valid || result.status === 'invalid') {
    const problems = result.validation.errors.slice(0, 3).map((issue) => issue.message);
    return {
      runnable: false,
      reason: `the planned workflow does not validate (${problems.join('; ')})`,
      missingInputs,
    };
  }
  if (missingInputs.length > 0) {
    return {
      runnable: false,
      reason: `the plan needs inputs the request did not give: ${missingInputs.join(', ')}`,
      missingInputs,
    };
  }
  return { runnable: true, missingInputs };
}

/** A plan as JSON worth keeping with an orchestration: what was decided and why, without internals. */
export interface PlanSummary {
  readonly status: PlanResult['status'];
  readonly valid: boolean;
  readonly confidence: number;
  readonly planner: PlanResult['planner'];
  readonly summary: string;
  readonly explanation: string;
  readonly steps: readonly {
    readonly id: string;
    readonly plugin: string;
    readonly capability: string;
    readonly reason: string;
    readonly runsAfter: readonly string[];
  }[];
  readonly unresolved: readonly { readonly text: string; readonly reason: string }[];
  readonly missingInputs: readonly {
    readonly name: string;
    readonly dataType: string;
    readonly description: string;
  }[];
  readonly notices: readonly string[];
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}

/** The JSON summary of a plan that the CLI prints with `--json` and both apps store. */
export function summarizePlan(result: PlanResult): PlanSummary {
  return {
    status: result.status,
    valid: result.valid,
    confidence: result.confidence,
    planner: result.planner,
    summary: result.explanation.summary,
    explanation: result.explanation.text,
    steps: result.explanation.steps.map((step) => ({
      id: step.id,
      plugin: step.plugin,
      capability: step.capability,
      reason: step.reason,
      runsAfter: step.runsAfter,
    })),
    unresolved: result.unresolved.map((item) => ({ text: item.text, reason: item.reason })),
    missingInputs: result.missingInputs.map((input) => ({
      name: input.name,
      dataType: input.dataType,
      description: input.description,
    })),
    notices: result.notices,
    errors: result.validation.errors.map((issue) => ({ path: issue.path, message: issue.message })),
  };
}
