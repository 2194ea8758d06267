import type { JsonValue } from '../../profile/static-value';
import type { CapabilityCandidate, CapabilityParameter } from '../../profile/repository-profile';
import { type CapabilityContext, isOffered } from './capability-context';
import { toInputName, toKebabCase } from './capability-names';
import { PYTHON_COMMAND } from './entry-resolution';
import { shellWords } from './shell-words';

const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);

/** What a README command line runs: a script path, a `-m` module, or a command name, and the words after it. */
export function commandTarget(line: string): { target: string; rest: string[] } | undefined {
  let words = shellWords(line);
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words = words.slice(1);
  if (RUNNERS.has(words[0] ?? '') && words[1] === 'run') words = words.slice(2);
  if (words[0] === 'npx' || words[0] === 'pnpx' || (words[0] === 'pnpm' && words[1] === 'exec'))
    words = words.slice(words[0] === 'pnpm' ? 2 : 1);
  const first = words[0];
  if (!first) return undefined;
  if (/^python(3(\.\d+)?)?$|^py$/.test(first)) {
    if (words[1] === '-m' && words[2]) return { target: words[2], rest: words.slice(3) };
    if (words[1] && !words[1].startsWith('-'))
      return { target: words[1].replace(/^\.\//, ''), rest: words.slice(2) };
    return undefined;
  }
  if (
    first === 'node' ||
    first === 'tsx' ||
    first === 'ts-node' ||
    first === 'bun' ||
    first === 'deno'
  ) {
    const script = words.slice(1).find((word) => !word.startsWith('-'));
    if (!script) return undefined;
    return { target: script.replace(/^\.\//, ''), rest: words.slice(words.indexOf(script) + 1) };
  }
  return { target: first.replace(/^\.\//, ''), rest: words.slice(1) };
}

function coerce(value: string, parameter: CapabilityParameter | undefined): JsonValue {
  if (parameter?.type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (parameter?.type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/**
 * Maps the words after a command to a capability's inputs (flags by flag name, `--x=v`, switches,
 * positionals in order, list values); `undefined` when a word matches nothing, so a wrong example is
 * never produced.
 */
export function inputsFromArgv(
  parameters: readonly CapabilityParameter[],
  words: readonly string[],
): Record<string, JsonValue> | undefined {
  const inputs: Record<string, JsonValue> = {};
  const positionals = parameters
    .filter((p) => p.binding.kind === 'positional')
    .sort((a, b) =>
      a.binding.kind === 'positional' && b.binding.kind === 'positional'
        ? a.binding.index - b.binding.index
        : 0,
    );
  let position = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-') && word.length > 1 && !/^-\d/.test(word)) {
      const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
      const parameter = parameters.find(
        (p) =>
          p.binding.kind === 'flag' && (p.binding.flag === flag || p.binding.negativeFlag === flag),
      );
      if (!parameter || parameter.binding.kind !== 'flag') return undefined;
      if (parameter.binding.isSwitch) {
        inputs[parameter.name] = parameter.binding.negativeFlag !== flag;
        continue;
      }
      const value = inline ?? words[++i];
      if (value === undefined) return undefined;
      if (parameter.type === 'array') {
        const list = (inputs[parameter.name] as JsonValue[] | undefined) ?? [];
        list.push(coerce(value, undefined));
        while (
          parameter.binding.separateValues &&
          inline === undefined &&
          words[i + 1] !== undefined &&
          !words[i + 1]!.startsWith('-')
        )
          list.push(words[++i]!);
        inputs[parameter.name] = list;
      } else {
        inputs[parameter.name] = coerce(value, parameter);
      }
      continue;
    }
    const parameter = positionals[position];
    if (!parameter) return undefined;
    if (parameter.binding.kind === 'positional' && parameter.binding.variadic) {
      inputs[parameter.name] = [
        ...((inputs[parameter.name] as JsonValue[] | undefined) ?? []),
        word,
      ];
    } else {
      inputs[parameter.name] = coerce(word, parameter);
      position += 1;
    }
  }
  return inputs;
}

/** Parameters read off example command lines for a script whose arguments the code does not declare. */
function parametersFromWords(words: readonly string[]): CapabilityParameter[] | undefined {
  const parameters: CapabilityParameter[] = [];
  let index = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('--') && word.length > 2) {
      const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
      const next = words[i + 1];
      const takesValue = inline !== undefined || (next !== undefined && !next.startsWith('-'));
      const value = inline ?? (takesValue ? next : undefined);
      if (takesValue && inline === undefined) i += 1;
      const type = !takesValue
        ? 'boolean'
        : /^-?\d+$/.test(value ?? '')
          ? 'integer'
          : /^-?\d+\.\d+$/.test(value ?? '')
            ? 'number'
            : 'string';
      parameters.push({
        name: toInputName(flag),
        type,
        required: false,
        binding: {
          kind: 'flag',
          flag,
          isSwitch: !takesValue,
          repeat: false,
          separateValues: false,
        },
      });
    } else if (word.startsWith('-')) {
      return undefined;
    } else {
      parameters.push({
        name: `arg${index + 1}`,
        type: 'string',
        required: true,
        binding: { kind: 'positional', index, variadic: false },
      });
      index += 1;
    }
  }
  return parameters;
}

/**
 * Connects README usage to capabilities: each shell command line that runs a capability (by script
 * path, `-m` module, console script or bin name, then subcommand) becomes one of its examples; a
 * script whose arguments the code does not declare gets parameters read from its examples; and a
 * command that runs a script of the repository nothing else offers becomes a low-confidence
 * `readme-usage` capability.
 */
export function applyReadmeUsage(
  context: CapabilityContext,
  candidates: CapabilityCandidate[],
): CapabilityCandidate[] {
  const added: CapabilityCandidate[] = [];
  for (const { command, line } of context.readme?.commands ?? []) {
    const found = commandTarget(command);
    if (!found) continue;
    const matching = candidates.filter(
      (candidate) =>
        candidate.invocation.kind === 'cli' &&
        (candidate.commandNames ?? []).includes(found.target),
    );
    if (matching.length > 0) {
      const rest = found.rest;
      const withSubcommand = matching
        .filter(
          (candidate) =>
            candidate.invocation.kind === 'cli' && candidate.invocation.subcommand.length > 0,
        )
        .find((candidate) => {
          const path = candidate.invocation.kind === 'cli' ? candidate.invocation.subcommand : [];
          const words = rest.filter((word) => !word.startsWith('-'));
          return path.every((part, i) => words[i] === part);
        });
      const target =
        withSubcommand ??
        matching.find(
          (candidate) =>
            candidate.invocation.kind === 'cli' && candidate.invocation.subcommand.length === 0,
        );
      if (!target) continue;
      if (!target.examples.includes(command)) target.examples.push(command);
      if (
        target.parameters.length === 0 &&
        (target.source === 'main-script' ||
          target.source === 'console-script' ||
          target.source === 'package-bin')
      ) {
        const parameters = parametersFromWords(rest);
        if (parameters && parameters.length > 0) {
          target.parameters = parameters;
          target.notes.push(
            `Its parameters were read from the README example (line ${line}); names and types are guesses.`,
          );
        }
      }
      continue;
    }
    const file = context.files.get(found.target);
    if (!file || !isOffered(file) || file.facts.language !== 'python') continue;
    if (added.some((candidate) => candidate.commandNames?.includes(found.target))) {
      added
        .find((candidate) => candidate.commandNames?.includes(found.target))!
        .examples.push(command);
      continue;
    }
    const parameters = parametersFromWords(found.rest);
    if (!parameters) continue;
    added.push({
      name: toKebabCase(found.target.split('/').pop()!),
      description: '',
      confidence: 0.5,
      source: 'readme-usage',
      invocation: {
        kind: 'cli',
        command: [PYTHON_COMMAND, found.target],
        cwd: '.',
        subcommand: [],
      },
      parameters,
      outputsJson: file.facts.printsJson,
      examples: [command],
      commandNames: [found.target],
      evidence: [{ file: context.readme!.path, line, detail: command }],
      notes: [
        `Only the README (line ${line}) says how to run ${found.target}; its parameters are read from that example.`,
      ],
    });
  }
  return added;
}
