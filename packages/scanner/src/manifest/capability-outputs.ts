import type { CapabilityCandidate } from '../profile/repository-profile';
import { shapeOfAnnotation } from '../repository/capabilities/parameter-types';

type OutputSpec = { type: 'text' | 'json' | 'file'; description: string };

/**
 * The outputs of a capability: a CLI's standard output (`json` when the code prints JSON, else
 * `text`), a function's return value (from its annotation), an HTTP response (`json`).
 */
export function outputsOf(candidate: CapabilityCandidate): Record<string, OutputSpec> {
  switch (candidate.invocation.kind) {
    case 'cli':
      return {
        result: {
          type: candidate.outputsJson ? 'json' : 'text',
          description: 'What the command prints on standard output.',
        },
      };
    case 'http':
      return { response: { type: 'json', description: 'The response body.' } };
    case 'python_function':
    case 'node_function': {
      const returns = candidate.returns?.trim();
      if (returns === 'None' || returns === 'void' || returns === 'Promise<void>') return {};
      if (!returns) return { result: { type: 'json', description: 'The return value.' } };
      const inner = /^Promise<(.*)>$/.exec(returns)?.[1] ?? returns;
      if (/^(str|string)$/.test(inner))
        return { result: { type: 'text', description: 'The return value.' } };
      // Returned bytes travel as text (UTF-8, else base64: the executor's shim converts them), not
      // as a file: `binary` is a file-like type, and a function's return value is never a file.
      if (/^bytes$/.test(inner))
        return {
          result: {
            type: 'text',
            description: 'The returned bytes, as text (UTF-8, else base64).',
          },
        };
      if (shapeOfAnnotation(inner).dataType === 'file')
        return { result: { type: 'file', description: 'The path it returns.' } };
      return { result: { type: 'json', description: 'The return value.' } };
    }
  }
}
