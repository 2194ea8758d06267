import { ExecutorErrorCodes, executorError } from '../errors';

const JSON_START = /^(?:[{["]|-?\d|true\b|false\b|null\b)/;

/**
 * A program's standard output (or an HTTP body) as a value: `json` requires JSON
 * (`OUTPUT_INVALID` otherwise), `text` keeps the text (without its final newline), `auto` parses
 * JSON when the text is JSON and keeps text otherwise.
 */
export function parseOutputText(
  text: string,
  mode: 'auto' | 'json' | 'text',
  what: string,
): unknown {
  const trimmed = text.trim();
  if (mode === 'text') return text.replace(/\r?\n$/, '');
  if (mode === 'json' || JSON_START.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      if (mode === 'auto') return text.replace(/\r?\n$/, '');
      const shown = trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
      throw executorError(
        ExecutorErrorCodes.OUTPUT_INVALID,
        `${what} must print JSON (its entry point says \`stdout: json\`) but printed ${trimmed ? `text that is not JSON (${(error as Error).message}): ${shown}` : 'nothing'}.`,
        { details: { output: shown } },
      );
    }
  }
  return text.replace(/\r?\n$/, '');
}
