import type { Workflow, WorkflowStep } from '@mark1/sdk';
import type { BindingSource, InputBinding } from '../types';

const WORKFLOW_INPUT = /^\$\{\s*workflow\.inputs\.([A-Za-z_][\w-]*)\s*\}$/;
const STEP_OUTPUT = /^\$\{\s*steps\.([A-Za-z][\w-]*)\.outputs\.([A-Za-z_][\w-]*)\s*\}$/;
const ITEM = /^\$\{\s*item\s*\}$/;

/** A short, one-line rendering of a value. */
function shortValue(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (value !== null && typeof value === 'object')
    return Object.values(value).some(containsTemplate);
  return false;
}

/** Where a step input's value comes from, read off the workflow itself. */
function describeBinding(workflow: Workflow, input: string, value: unknown): InputBinding {
  let source: BindingSource = 'literal';
  let note = `${shortValue(value)}`;
  if (typeof value === 'string') {
    const workflowInput = WORKFLOW_INPUT.exec(value);
    const stepOutput = STEP_OUTPUT.exec(value);
    if (workflowInput) {
      const spec = workflow.inputs[workflowInput[1]!];
      if (spec?.default !== undefined) {
        source = 'workflow-input';
        note = `workflow input "${workflowInput[1]}" = ${shortValue(spec.default)}`;
      } else {
        source = 'missing';
        note = `workflow input "${workflowInput[1]}", which you provide`;
      }
    } else if (stepOutput) {
      source = 'step-output';
      note = `output "${stepOutput[2]}" of step ${stepOutput[1]}`;
    } else if (ITEM.test(value)) {
      source = 'item';
      note = 'each item of the foreach';
    }
  } else if (containsTemplate(value)) {
    source = 'collected';
    note = `collects ${Object.entries(value as Record<string, unknown>)
      .map(
        ([key, item]) =>
          `${key} ← ${typeof item === 'string' ? item.replace(/^\$\{\s*|\s*\}$/g, '') : shortValue(item)}`,
      )
      .join(', ')}`;
  }
  return { input, source, value, note };
}

/** Every bound input of a step, described. */
export function describeStepBindings(workflow: Workflow, step: WorkflowStep): InputBinding[] {
  return Object.entries(step.inputs).map(([input, value]) =>
    describeBinding(workflow, input, value),
  );
}
