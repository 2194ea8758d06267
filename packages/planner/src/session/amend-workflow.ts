import { compatibility, type DataType, type Workflow, type WorkflowInputSpec } from '@mark1/sdk';
import type { RequestLiteral } from '../literals/extract-literals';

const PATH_FORMATS: Partial<Record<DataType, string>> = { directory: 'directory-path', url: 'uri' };

/** The input spec that holds a literal (its value as default, its type from the literal). */
export function specForLiteral(
  literal: RequestLiteral,
  previous: WorkflowInputSpec,
): WorkflowInputSpec {
  const description = previous.description;
  const base = { required: false, ...(description ? { description } : {}), default: literal.value };
  switch (literal.kind) {
    case 'path':
      return {
        ...base,
        type: 'string',
        format: PATH_FORMATS[literal.dataType] ?? 'path',
        data_type: literal.dataType,
      };
    case 'url':
      return { ...base, type: 'string', format: 'uri', data_type: 'url' };
    case 'json':
      return {
        ...base,
        type: Array.isArray(literal.value) ? 'array' : 'object',
        data_type: 'json',
      };
    case 'number':
      return { ...base, type: 'number' };
    case 'text':
    case 'email':
      return { ...base, type: 'string', data_type: 'text' };
  }
}

/** A copy of the workflow with one input's spec replaced. */
export function withInput(workflow: Workflow, name: string, spec: WorkflowInputSpec): Workflow {
  return { ...workflow, inputs: { ...workflow.inputs, [name]: spec } };
}

function inputType(spec: WorkflowInputSpec): DataType {
  if (spec.data_type) return spec.data_type;
  return spec.type === 'string' || spec.type === undefined ? 'text' : 'json';
}

/**
 * The workflow input a new literal most likely replaces ("use the file data.csv instead"): one of
 * the same kind first (a path for a path, a URL for a URL), else one whose type the literal can
 * feed, preferring inputs still missing, then the first declared.
 */
export function inputToReplace(workflow: Workflow, literal: RequestLiteral): string | undefined {
  const entries = Object.entries(workflow.inputs).filter(
    ([, spec]) => spec.type !== 'number' && spec.type !== 'integer',
  );
  const sameKind = entries.filter(([, spec]) => {
    if (literal.kind === 'path')
      return typeof spec.format === 'string' && /path|directory/.test(spec.format);
    if (literal.kind === 'url') return spec.format === 'uri' || spec.data_type === 'url';
    if (literal.kind === 'json') return spec.data_type === 'json';
    return spec.data_type === 'text' && !spec.format;
  });
  const pool =
    sameKind.length > 0
      ? sameKind
      : entries.filter(
          ([, spec]) => compatibility(literal.dataType, inputType(spec)) !== 'incompatible',
        );
  const missing = pool.find(([, spec]) => spec.default === undefined);
  return (missing ?? pool[0])?.[0];
}

/** A copy of the workflow with an option of a step set ("make it a line chart": `kind: line`). */
export function withStepInput(
  workflow: Workflow,
  stepId: string,
  input: string,
  value: unknown,
): Workflow {
  return {
    ...workflow,
    steps: workflow.steps.map((step) =>
      step.id === stepId ? { ...step, inputs: { ...step.inputs, [input]: value } } : step,
    ),
  };
}
