import { isDeepStrictEqual } from 'node:util';
import type { CapabilityCatalog, Workflow, WorkflowStep } from '@mark1/sdk';
import type { PlanResult } from '../src/index';
import type { EvalCase, ExpectedStep } from './load-eval-data';

/** How one case went. */
export interface CaseOutcome {
  readonly id: string;
  readonly status: PlanResult['status'] | 'error';
  readonly valid: boolean;
  /** Capabilities, dependencies, foreach and the unresolved verdict all as expected. */
  readonly exactChain: boolean;
  /** Exact chain and every expected input bound as expected. */
  readonly fullyCorrect: boolean;
  readonly expectedSteps: number;
  readonly plannedSteps: number;
  readonly matchedSteps: number;
  readonly bindingsCorrect: number;
  readonly bindingsExpected: number;
  readonly milliseconds: number;
  /** What differed, in plain words. */
  readonly differences: readonly string[];
}

/** The figures of a run. */
export interface EvalSummary {
  readonly cases: number;
  readonly exactChainAccuracy: number;
  readonly fullyCorrectRate: number;
  readonly stepPrecision: number;
  readonly stepRecall: number;
  readonly bindingAccuracy: number;
  /** Share of returned workflows that failed validation (plus plans the planner gave up on). */
  readonly invalidPlanRate: number;
  /** Share of the cases expecting an unmapped part where the plan reported one. */
  readonly unresolvedReported: number;
  readonly meanMilliseconds: number;
}

type Planner = (request: string) => Promise<PlanResult>;

const keyOf = (step: { plugin: string; capability: string }) => `${step.plugin}/${step.capability}`;

const WORKFLOW_INPUT = /^\$\{\s*workflow\.inputs\.([\w-]+)\s*\}$/;
const STEP_OUTPUT = /^\$\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}$/;
const ITEM = /^\$\{\s*item\s*\}$/;

/** A bound value in the vocabulary of the expectations ({ $output }, { $input }, { $item }, literals). */
function resolveValue(value: unknown, workflow: Workflow): unknown {
  if (typeof value === 'string') {
    const input = WORKFLOW_INPUT.exec(value);
    if (input) {
      const spec = workflow.inputs[input[1]!];
      return spec?.default !== undefined ? spec.default : { $input: true };
    }
    const output = STEP_OUTPUT.exec(value);
    if (output) {
      const producer = workflow.steps.find((step) => step.id === output[1]);
      return {
        $output: producer ? `${keyOf(producer)}.${output[2]}` : `?${output[1]}.${output[2]}`,
      };
    }
    if (ITEM.test(value)) return { $item: true };
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, workflow));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveValue(item, workflow)]),
    );
  }
  return value;
}

function boundValue(
  step: WorkflowStep,
  input: string,
  workflow: Workflow,
  catalog: CapabilityCatalog,
): unknown {
  if (input in step.inputs) return resolveValue(step.inputs[input], workflow);
  return catalog.find(step.plugin, step.capability)?.capability.inputs.properties[input]?.default;
}

/** Pairs expected steps with planned ones of the same capability, in order. */
function pairSteps(
  expected: readonly ExpectedStep[],
  planned: readonly WorkflowStep[],
): Map<ExpectedStep, WorkflowStep> {
  const pairs = new Map<ExpectedStep, WorkflowStep>();
  const used = new Set<WorkflowStep>();
  for (const step of expected) {
    const match = planned.find(
      (candidate) => !used.has(candidate) && keyOf(candidate) === step.capability,
    );
    if (match) {
      pairs.set(step, match);
      used.add(match);
    }
  }
  return pairs;
}

/** Scores one plan against its case. */
export function scoreCase(
  testCase: EvalCase,
  result: PlanResult,
  context: { readonly catalog: CapabilityCatalog; readonly milliseconds: number },
): CaseOutcome {
  const { catalog, milliseconds } = context;
  const planned = result.workflow?.steps ?? [];
  const pairs = pairSteps(testCase.steps, planned);
  const differences: string[] = [];
  const expectedKeys = testCase.steps.map((step) => step.capability).sort();
  const plannedKeys = planned.map(keyOf).sort();
  if (!isDeepStrictEqual(expectedKeys, plannedKeys)) {
    differences.push(
      `steps: expected [${expectedKeys.join(', ')}], planned [${plannedKeys.join(', ')}]`,
    );
  }
  let structureOk = differences.length === 0;
  let bindingsCorrect = 0;
  let bindingsExpected = 0;
  for (const step of testCase.steps) {
    const actual = pairs.get(step);
    bindingsExpected += Object.keys(step.inputs).length;
    if (!actual || !result.workflow) continue;
    const after = actual.depends_on
      .map((id) => planned.find((candidate) => candidate.id === id))
      .map((candidate) => (candidate ? keyOf(candidate) : '?'))
      .sort();
    if (!isDeepStrictEqual(after, [...step.after].sort())) {
      structureOk = false;
      differences.push(
        `${step.capability} after: expected [${[...step.after].sort().join(', ')}], planned [${after.join(', ')}]`,
      );
    }
    if ((step.foreach ?? false) !== (actual.foreach !== undefined)) {
      structureOk = false;
      differences.push(`${step.capability} foreach: expected ${step.foreach ?? false}`);
    }
    for (const [input, expected] of Object.entries(step.inputs)) {
      const value = boundValue(actual, input, result.workflow, catalog);
      if (isDeepStrictEqual(value, expected)) bindingsCorrect += 1;
      else
        differences.push(
          `${step.capability}.${input}: expected ${JSON.stringify(expected)}, bound ${JSON.stringify(value)}`,
        );
    }
  }
  const reported = result.unresolved.length > 0;
  if (reported !== testCase.unresolved) {
    structureOk = false;
    differences.push(
      testCase.unresolved
        ? 'expected an unmapped part to be reported'
        : `reported as unmapped: ${result.unresolved.map((item) => `"${item.text}"`).join(', ')}`,
    );
  }
  return {
    id: testCase.id,
    status: result.status,
    valid: result.valid,
    exactChain: structureOk,
    fullyCorrect: structureOk && bindingsCorrect === bindingsExpected,
    expectedSteps: testCase.steps.length,
    plannedSteps: planned.length,
    matchedSteps: pairs.size,
    bindingsCorrect,
    bindingsExpected,
    milliseconds,
    differences,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/** The figures of a set of outcomes. */
export function summarize(
  outcomes: readonly CaseOutcome[],
  cases: readonly EvalCase[],
): EvalSummary {
  const sum = (pick: (outcome: CaseOutcome) => number) =>
    outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  const withWorkflow = outcomes.filter(
    (outcome) => outcome.plannedSteps > 0 || outcome.status === 'invalid',
  );
  const expectingUnresolved = cases
    .filter((testCase) => testCase.unresolved)
    .map((testCase) => testCase.id);
  const unresolvedOutcomes = outcomes.filter((outcome) => expectingUnresolved.includes(outcome.id));
  return {
    cases: outcomes.length,
    exactChainAccuracy: ratio(
      outcomes.filter((outcome) => outcome.exactChain).length,
      outcomes.length,
    ),
    fullyCorrectRate: ratio(
      outcomes.filter((outcome) => outcome.fullyCorrect).length,
      outcomes.length,
    ),
    stepPrecision: ratio(
      sum((outcome) => outcome.matchedSteps),
      sum((outcome) => outcome.plannedSteps),
    ),
    stepRecall: ratio(
      sum((outcome) => outcome.matchedSteps),
      sum((outcome) => outcome.expectedSteps),
    ),
    bindingAccuracy: ratio(
      sum((outcome) => outcome.bindingsCorrect),
      sum((outcome) => outcome.bindingsExpected),
    ),
    invalidPlanRate: ratio(
      withWorkflow.filter((outcome) => !outcome.valid).length,
      withWorkflow.length,
    ),
    unresolvedReported: ratio(
      unresolvedOutcomes.filter(
        (outcome) => !outcome.differences.includes('expected an unmapped part to be reported'),
      ).length,
      unresolvedOutcomes.length,
    ),
    meanMilliseconds: ratio(
      sum((outcome) => outcome.milliseconds),
      outcomes.length,
    ),
  };
}

/** Plans every case with `planner` and scores the plans. */
export async function evaluatePlanner(
  cases: readonly EvalCase[],
  catalog: CapabilityCatalog,
  planner: Planner,
): Promise<{ outcomes: CaseOutcome[]; summary: EvalSummary }> {
  const outcomes: CaseOutcome[] = [];
  for (const testCase of cases) {
    const started = performance.now();
    try {
      const result = await planner(testCase.request);
      outcomes.push(
        scoreCase(testCase, result, { catalog, milliseconds: performance.now() - started }),
      );
    } catch (error) {
      outcomes.push({
        id: testCase.id,
        status: 'error',
        valid: false,
        exactChain: false,
        fullyCorrect: false,
        expectedSteps: testCase.steps.length,
        plannedSteps: 0,
        matchedSteps: 0,
        bindingsCorrect: 0,
        bindingsExpected: testCase.steps.reduce(
          (total, step) => total + Object.keys(step.inputs).length,
          0,
        ),
        milliseconds: performance.now() - started,
        differences: [`planner threw: ${(error as Error).message}`],
      });
    }
  }
  return { outcomes, summary: summarize(outcomes, cases) };
}
