import { isAbsolute, resolve } from 'node:path';
import { isPathInput, type Workflow } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The inputs of a run: the values given, defaults for the others, checked against the workflow's
 * declared inputs (unknown names, missing required ones, JSON types, enums). Path inputs are made
 * absolute against the caller's working directory, so a resumed run finds the same files.
 * Throws `WORKFLOW_INPUT_INVALID` listing every problem.
 */
export function resolveWorkflowInputs(
  workflow: Workflow,
  given: Readonly<Record<string, unknown>>,
  cwd: string,
): { inputs: Record<string, unknown>; paths: string[] } {
  const problems: string[] = [];
  const inputs: Record<string, unknown> = {};
  const paths: string[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in workflow.inputs)) {
      problems.push(
        `"${name}" is not an input of this workflow (inputs: ${Object.keys(workflow.inputs).join(', ') || 'none'})`,
      );
    }
  }
  for (const [name, spec] of Object.entries(workflow.inputs)) {
    let value = given[name];
    if (value === undefined && spec.default !== undefined) value = structuredClone(spec.default);
    if (value === undefined) {
      if (spec.required)
        problems.push(`"${name}" is required${spec.description ? ` (${spec.description})` : ''}`);
      continue;
    }
    const types = spec.type === undefined ? [] : Array.isArray(spec.type) ? spec.type : [spec.type];
    // Values given as text (`--input n=3`) are read as the declared JSON type when they parse as it.
    if (typeof value === 'string' && types.length > 0 && !types.includes('string')) {
      try {
        value = JSON.parse(value);
      } catch {
        // Reported below as a type mismatch.
      }
    }
    const actual = typeName(value);
    if (
      types.length > 0 &&
      !types.some((type) => type === actual || (type === 'number' && actual === 'integer'))
    ) {
      problems.push(
        `"${name}" must be ${types.join(' or ')}, not ${actual} (${JSON.stringify(value)?.slice(0, 60)})`,
      );
      continue;
    }
    if (
      spec.enum &&
      !spec.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))
    ) {
      problems.push(
        `"${name}" must be one of ${spec.enum.map((item) => JSON.stringify(item)).join(', ')}`,
      );
      continue;
    }
    if (
      typeof value === 'string' &&
      isPathInput({ ...spec, required: [] }) &&
      !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ) {
      value = isAbsolute(value) ? resolve(value) : resolve(cwd, value);
      paths.push(value as string);
    }
    inputs[name] = value;
  }
  if (problems.length > 0) {
    throw executorError(
      ExecutorErrorCodes.WORKFLOW_INPUT_INVALID,
      `Inputs of workflow "${workflow.name}" are not valid: ${problems.join('; ')}.`,
      {
        details: { problems },
      },
    );
  }
  return { inputs, paths };
}
