import type { EntryPointInput } from '@mark1/sdk';
import type { CapabilityCandidate, CapabilityParameter } from '../profile/repository-profile';

type HttpInvocation = Extract<CapabilityCandidate['invocation'], { kind: 'http' }>;

/** `/items/{id}`, `/items/:id` and `/items/<int:id>` with their parameters as `${inputs.id}`. */
export function urlTemplate(path: string): string {
  return path
    .replace(/\{(\w+)(?::[^}]*)?\}/g, (_, name: string) => `\${inputs.${name}}`)
    .replace(/<(?:\w+:)?(\w+)>/g, (_, name: string) => `\${inputs.${name}}`)
    .replace(/:(\w+)\??/g, (_, name: string) => `\${inputs.${name}}`);
}

/**
 * An `http` entry point for a route: the URL with path parameters filled, query parameters as
 * `query`, and the JSON body: all inputs for a model's fields (extra keys are ignored by pydantic
 * and Express), or the one body input itself.
 */
export function httpEntryPoint(
  invocation: HttpInvocation,
  parameters: readonly CapabilityParameter[],
): EntryPointInput {
  const query: Record<string, string> = {};
  const body: CapabilityParameter[] = [];
  for (const parameter of parameters) {
    if (parameter.binding.kind !== 'http') continue;
    if (parameter.binding.in === 'query') query[parameter.name] = `\${inputs.${parameter.name}}`;
    if (parameter.binding.in === 'body') body.push(parameter);
  }
  const entry: EntryPointInput = {
    type: 'http',
    method: invocation.method,
    url: `${invocation.baseUrl}${urlTemplate(invocation.path)}`,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    response: 'auto',
  };
  if (body.length === 1 && (body[0]!.dataType === 'json' || body[0]!.type === 'object'))
    return { ...entry, body: `\${inputs.${body[0]!.name}}` };
  if (body.length > 0) return { ...entry, body: '${inputs}' };
  return entry;
}
