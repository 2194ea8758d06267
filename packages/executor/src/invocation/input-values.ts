import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type CapabilityInputs, type InputSchema, isPathInput } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import type { SandboxMount } from '../sandbox/bwrap-args';

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeName(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

/** Problems of one value against its schema (type, enum, bounds, array items), one level deep. */
function checkValue(name: string, value: unknown, schema: InputSchema, problems: string[]): void {
  const types =
    schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => matchesType(value, type))) {
    problems.push(
      `"${name}" must be ${types.join(' or ')}, not ${typeName(value)} (${JSON.stringify(value)?.slice(0, 60)})`,
    );
    return;
  }
  if (
    schema.enum &&
    !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))
  ) {
    problems.push(
      `"${name}" must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}, not ${JSON.stringify(value)}`,
    );
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`"${name}" must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`"${name}" must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => checkValue(`${name}[${index}]`, item, schema.items!, problems));
  }
}

/**
 * The inputs a capability is called with: the given values, plus defaults for those absent,
 * checked against the capability's input schema. Throws `STEP_INPUT_INVALID` listing every problem.
 */
export function prepareInputs(
  schema: CapabilityInputs,
  given: Readonly<Record<string, unknown>>,
  where: string,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(name in schema.properties) && schema.additionalProperties !== true) {
      problems.push(
        `"${name}" is not an input of this capability (inputs: ${Object.keys(schema.properties).join(', ') || 'none'})`,
      );
      continue;
    }
    inputs[name] = value;
  }
  for (const [name, property] of Object.entries(schema.properties)) {
    if (inputs[name] === undefined && property.default !== undefined)
      inputs[name] = structuredClone(property.default);
  }
  for (const name of schema.required) {
    if (inputs[name] === undefined || inputs[name] === null) problems.push(`"${name}" is required`);
  }
  for (const [name, value] of Object.entries(inputs)) {
    const property = schema.properties[name];
    if (property && value !== null) checkValue(name, value, property, problems);
  }
  if (problems.length > 0) {
    throw executorError(
      ExecutorErrorCodes.STEP_INPUT_INVALID,
      `Inputs of ${where} are not valid: ${problems.join('; ')}.`,
      {
        details: { problems },
      },
    );
  }
  return inputs;
}

/** Path inputs resolved to absolute paths, and what the sandbox must mount for them. */
export interface ResolvedPaths {
  readonly inputs: Record<string, unknown>;
  readonly mounts: SandboxMount[];
}

function pathSchemaOf(schema: InputSchema): { path: boolean; list: boolean } {
  if (isPathInput(schema)) return { path: true, list: false };
  if (schema.type === 'array' && schema.items && isPathInput(schema.items))
    return { path: true, list: true };
  return { path: false, list: false };
}

/**
 * Resolves path inputs (a path `format` or a file-like data type) against the caller's working
 * directory, checks that each exists, and lists them as mounts at the same absolute path
 * (read-write only for `writable: true` inputs). With `sandboxUid`, the path must also be
 * readable (or writable) by that unprivileged uid, which the plugin runs as.
 */
export function resolvePathInputs(
  schema: CapabilityInputs,
  inputs: Readonly<Record<string, unknown>>,
  cwd: string,
  sandboxUid?: number,
): ResolvedPaths {
  const resolved: Record<string, unknown> = { ...inputs };
  const mounts: SandboxMount[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const kind = pathSchemaOf(property);
    const value = inputs[name];
    if (!kind.path || value === undefined || value === null) continue;
    const writable = property.writable === true || (kind.list && property.items?.writable === true);
    const one = (item: unknown, label: string): string => {
      if (typeof item !== 'string' || item === '') {
        throw executorError(
          ExecutorErrorCodes.STEP_INPUT_INVALID,
          `Input "${label}" is a path and must be a non-empty string, not ${JSON.stringify(item)}.`,
        );
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(item)) return item;
      const absolute = isAbsolute(item) ? resolve(item) : resolve(cwd, item);
      let stat;
      try {
        stat = statSync(absolute);
      } catch {
        throw executorError(
          ExecutorErrorCodes.INPUT_PATH_NOT_FOUND,
          `Input "${label}" names ${absolute}${isAbsolute(item) ? '' : ` ("${item}" read from ${cwd})`}, which does not exist. Give the path of an existing file or folder; relative paths are read from the folder the run was started in.`,
          { details: { input: label, path: absolute } },
        );
      }
      if (sandboxUid !== undefined) {
        const need = (writable ? 0o002 : 0o004) | (stat.isDirectory() ? 0o001 : 0);
        const owner = stat.uid === sandboxUid;
        if (!owner && (stat.mode & need) !== need) {
          throw executorError(
            ExecutorErrorCodes.INPUT_PATH_NOT_FOUND,
            `Input "${label}" names ${absolute}, which the sandboxed plugin cannot ${writable ? 'write' : 'read'}: it runs as an unprivileged user and the ${stat.isDirectory() ? 'folder' : 'file'} is mode ${(stat.mode & 0o777).toString(8)}. Make it ${writable ? 'writable' : 'readable'} by others (chmod o+${writable ? 'w' : 'r'}${stat.isDirectory() ? 'x' : ''}), or copy it somewhere readable.`,
            { details: { input: label, path: absolute, mode: stat.mode & 0o777 } },
          );
        }
      }
      mounts.push({ path: absolute, writable });
      return absolute;
    };
    resolved[name] =
      kind.list && Array.isArray(value)
        ? value.map((item, index) => one(item, `${name}[${index}]`))
        : one(value, name);
  }
  return { inputs: resolved, mounts };
}
