import type { z } from 'zod';
import { didYouMean } from './suggest';

/** A schema problem at a data path, in plain words. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

/** The object shapes reachable at a path of a schema (several when unions are involved). */
function shapesAt(
  schema: z.ZodType,
  path: readonly (string | number)[],
  depth = 0,
): Record<string, z.ZodType>[] {
  if (depth > 40) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? shapesAt(def.innerType, path, depth + 1) : [];
    case 'pipe':
      return [
        ...(def.in ? shapesAt(def.in, path, depth + 1) : []),
        ...(def.out ? shapesAt(def.out, path, depth + 1) : []),
      ];
    case 'lazy':
      return def.getter ? shapesAt(def.getter(), path, depth + 1) : [];
    case 'union':
      return (def.options ?? []).flatMap((option) => shapesAt(option, path, depth + 1));
    case 'intersection':
      return [
        ...(def.left ? shapesAt(def.left, path, depth + 1) : []),
        ...(def.right ? shapesAt(def.right, path, depth + 1) : []),
      ];
    case 'object': {
      if (path.length === 0) return def.shape ? [def.shape] : [];
      const [head, ...rest] = path;
      const child = def.shape?.[String(head)];
      return child ? shapesAt(child, rest, depth + 1) : [];
    }
    case 'array': {
      if (path.length === 0 || typeof path[0] !== 'number' || !def.element) return [];
      return shapesAt(def.element, path.slice(1), depth + 1);
    }
    case 'record': {
      if (path.length === 0 || !def.valueType) return [];
      return shapesAt(def.valueType, path.slice(1), depth + 1);
    }
    default:
      return [];
  }
}

/** Keys an object schema accepts at `path` (used to suggest a fix for an unknown key). */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  return [...new Set(shapesAt(schema, path).flatMap((shape) => Object.keys(shape)))].sort();
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/**
 * Turns zod issues into plain-words problems with data paths. Unknown keys get a "did you mean"
 * from the keys the schema accepts there; messages lose zod's "Invalid input:" prefixes.
 */
export function describeZodError(error: z.ZodError, schema: z.ZodType): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        problems.push({
          path: [...path, key],
          message: `unknown key "${key}".${didYouMean(key, known)}${known.length ? ` Allowed here: ${known.join(', ')}.` : ''}`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      const nested = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const best = nested.reduce<z.core.$ZodIssue[] | undefined>(
        (shortest, issues) => (!shortest || issues.length < shortest.length ? issues : shortest),
        undefined,
      );
      const first = best?.[0];
      if (first && first.code !== 'invalid_type') {
        problems.push({
          path: [...path, ...first.path.filter((k): k is string | number => typeof k !== 'symbol')],
          message: lowerFirst(first.message),
        });
        continue;
      }
    }
    const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
    const isMissing = issue.code === 'invalid_type' && /received undefined/.test(message);
    problems.push({
      path,
      message: isMissing ? `"${String(path.at(-1) ?? 'value')}" is required` : lowerFirst(message),
    });
  }
  return problems;
}
