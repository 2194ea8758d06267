import type { CapabilityCandidate } from '../../profile/repository-profile';
import { type CapabilityContext, type SourceFile, isOffered } from './capability-context';
import { toKebabCase } from './capability-names';
import { commandNamesOf, programBaseName } from './cli-capabilities';
import { PYTHON_COMMAND, jsEntryFor, pythonEntryFor } from './entry-resolution';

const TEST_RUNNERS =
  /^(unittest\.main|doctest\.testmod|pytest\.main|nose\.run|test|tests|run_tests|_test)$/;
/** npm scripts that build, test or maintain the package rather than do its job. */
const DEV_SCRIPTS =
  /^(pre|post)|^(test|tests|lint|format|fmt|build|compile|watch|dev|develop|start|serve|clean|prepare|typecheck|type-check|tsc|check|coverage|cov|release|publish|version|docs?|storybook|e2e|ci|bench|benchmark|commit|husky|changeset|deploy|analyze|prettier|eslint|stylelint|validate|verify|bootstrap|setup|install|update|upgrade)([:-]|$)/;

function noCliHere(context: CapabilityContext, path: string): boolean {
  return (context.files.get(path)?.facts.cliPrograms.length ?? 0) === 0;
}

/** A `__main__` guard that only calls a command-line program imported from another file (which is offered itself). */
function delegatesToProgram(file: SourceFile, context: CapabilityContext): boolean {
  const calls = file.facts.mainGuard?.calls ?? [];
  return calls.some((call) => {
    const fact = file.facts.imports.find((candidate) =>
      candidate.names.some((name) => (name.alias ?? name.name) === call),
    );
    if (!fact) return false;
    const target = context.importGraph.find(
      (edge) => edge.from === file.path && edge.line === fact.line,
    );
    return (
      target !== undefined && (context.files.get(target.to)?.facts.cliPrograms.length ?? 0) > 0
    );
  });
}

/**
 * Entry points without a parsed command line: Python `__main__` scripts and JS scripts (shebang or
 * main-module check), console scripts and `bin` entries whose code has no recognised CLI framework,
 * and package.json scripts that are not build, test or maintenance tasks.
 */
export function scriptCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const candidates: CapabilityCandidate[] = [];
  const covered = new Set<string>();
  for (const file of context.files.values()) {
    // A file that starts a server is offered through its routes, not as a script.
    if (
      !isOffered(file) ||
      file.facts.cliPrograms.length > 0 ||
      file.facts.servers.length > 0 ||
      file.facts.routes.length > 0
    )
      continue;
    const guard = file.facts.mainGuard;
    if (file.facts.language === 'python') {
      if (!guard || guard.calls.some((call) => TEST_RUNNERS.test(call))) continue;
      if (delegatesToProgram(file, context)) continue;
      const entry = pythonEntryFor(file, context, undefined, false);
      if (!entry) continue;
      covered.add(file.path);
      const docstring = file.facts.functions.find((fn) => guard.calls.includes(fn.name))?.docstring;
      candidates.push({
        name: programBaseName(file, undefined, entry, context.projectName),
        description: docstring?.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ') ?? '',
        confidence: 0.55,
        source: entry.scriptName ? 'console-script' : 'main-script',
        invocation: { kind: 'cli', command: entry.command, cwd: entry.cwd, subcommand: [] },
        parameters: [],
        outputsJson: file.facts.printsJson,
        examples: [],
        commandNames: commandNamesOf(file, entry),
        evidence: entry.evidence,
        notes: [
          ...entry.notes,
          `${file.path} runs as a script, but its arguments (if any) are not declared with a CLI framework the scanner reads.`,
        ],
      });
    } else if (guard || file.facts.shebang) {
      const entry = jsEntryFor(file, context);
      covered.add(file.path);
      candidates.push({
        name: programBaseName(file, undefined, entry, context.projectName),
        description: '',
        confidence: 0.55,
        source: entry.scriptName ? 'package-bin' : 'main-script',
        invocation: { kind: 'cli', command: entry.command, cwd: entry.cwd, subcommand: [] },
        parameters: [],
        outputsJson: file.facts.printsJson,
        examples: [],
        commandNames: commandNamesOf(file, entry),
        evidence: entry.evidence,
        notes: [
          ...entry.notes,
          `${file.path} runs as a script, but its arguments (if any) are not declared with commander or yargs.`,
        ],
      });
    }
  }
  for (const script of context.dependencies.scripts) {
    if (script.kind === 'console-script' || script.kind === 'gui-script') {
      const [module, attribute] = script.target.split(':');
      if (!module || !attribute) continue;
      const file = [...context.files.values()].find(
        (candidate) => candidate.python?.moduleName === module,
      );
      if (file && (!noCliHere(context, file.path) || covered.has(file.path))) continue;
      const cwd = file?.python?.importRoot || '.';
      const target = attribute.split('.')[0]!;
      candidates.push({
        name: toKebabCase(script.name),
        description: '',
        confidence: file ? 0.6 : 0.45,
        source: 'console-script',
        invocation: {
          kind: 'cli',
          command: [
            PYTHON_COMMAND,
            '-c',
            `import sys; from ${module} import ${target}; sys.exit(${target}())`,
          ],
          cwd,
          subcommand: [],
        },
        parameters: [],
        outputsJson: file?.facts.printsJson ?? false,
        examples: [],
        commandNames: [script.name],
        evidence: [
          { file: script.source, detail: `console script ${script.name} = ${script.target}` },
        ],
        notes: [
          `The console script ${script.name} exists, but its arguments are not declared with a CLI framework the scanner reads${file ? '' : ` (module ${module} was not found)`}.`,
        ],
      });
    } else if (script.kind === 'bin') {
      const target = script.target.replace(/^\.\//, '');
      const file = context.files.get(target);
      if (file && (!noCliHere(context, file.path) || covered.has(file.path))) continue;
      if (
        !file &&
        [...context.files.values()].some(
          (candidate) =>
            candidate.facts.cliPrograms.length > 0 &&
            jsEntryFor(candidate, context).scriptName === script.name,
        )
      )
        continue;
      const command = /\.(c|m)?js$/.test(target)
        ? ['node', target]
        : /\.py$/.test(target)
          ? [PYTHON_COMMAND, target]
          : /\.sh$/.test(target)
            ? ['sh', target]
            : [`./${target}`];
      candidates.push({
        name: toKebabCase(script.name),
        description: '',
        confidence: context.paths.has(target) ? 0.6 : 0.45,
        source: 'package-bin',
        invocation: { kind: 'cli', command, cwd: '.', subcommand: [] },
        parameters: [],
        outputsJson: file?.facts.printsJson ?? false,
        examples: [],
        commandNames: [script.name, target],
        evidence: [{ file: script.source, detail: `bin ${script.name} → ${script.target}` }],
        notes: [
          context.paths.has(target)
            ? `The bin ${script.name} exists, but its arguments are not declared with commander or yargs.`
            : `The bin ${script.name} points at ${script.target}, which is not in the repository (built output?).`,
        ],
      });
    } else if (script.kind === 'npm-script' && !DEV_SCRIPTS.test(script.name)) {
      candidates.push({
        name: toKebabCase(script.name),
        description: `npm script: ${script.target}`,
        confidence: 0.45,
        source: 'package-script',
        invocation: {
          kind: 'cli',
          command: ['npm', 'run', '--silent', script.name, '--'],
          cwd: '.',
          subcommand: [],
        },
        parameters: [],
        outputsJson: false,
        examples: [],
        evidence: [{ file: script.source, detail: `"${script.name}": "${script.target}"` }],
        notes: [
          `The npm script ${script.name} runs \`${script.target}\`; its arguments are unknown.`,
        ],
      });
    }
  }
  return candidates;
}
