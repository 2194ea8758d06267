import type { CliCommandFact, CliFramework, CliProgramFact } from '../../profile/file-facts';
import type { CapabilityCandidate, CapabilitySource } from '../../profile/repository-profile';
import { type CapabilityContext, type SourceFile, isOffered } from './capability-context';
import { toKebabCase } from './capability-names';
import { parametersFromOptions } from './cli-parameters';
import { type FileEntry, jsEntryFor, pythonEntryFor } from './entry-resolution';

const BASE_CONFIDENCE: Record<CliFramework, number> = {
  argparse: 0.95,
  click: 0.95,
  typer: 0.95,
  commander: 0.95,
  yargs: 0.9,
  fire: 0.85,
  'sys-argv': 0.6,
};

const GENERIC_STEMS = new Set([
  'cli',
  'main',
  'index',
  '__main__',
  'app',
  'run',
  'command',
  'commands',
  'entry',
  'program',
  'bin',
  'console',
]);

/** The name a program's capabilities start with: its script/bin name, its `prog`, the file, or the project. */
export function programBaseName(
  file: SourceFile,
  program: CliProgramFact | undefined,
  entry: FileEntry | undefined,
  projectName: string,
): string {
  if (entry?.scriptName) return toKebabCase(entry.scriptName);
  if (program?.name) return toKebabCase(program.name);
  const stem = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
  if (!GENERIC_STEMS.has(stem)) return toKebabCase(stem);
  const folder = file.path.split('/').slice(-2, -1)[0];
  return toKebabCase(
    folder && !['src', 'lib', 'bin', 'scripts', 'app'].includes(folder) ? folder : projectName,
  );
}

/** What a user types to run a file's program: its script/bin name, its path, its `-m` module. */
export function commandNamesOf(file: SourceFile, entry: FileEntry): string[] {
  const names = new Set<string>([file.path]);
  if (entry.scriptName) names.add(entry.scriptName);
  if (file.python) {
    names.add(file.python.moduleName);
    if (file.python.importRoot) names.add(file.path.slice(file.python.importRoot.length + 1));
    if (entry.command[1] === '-m' && entry.command[2]) names.add(entry.command[2]);
  }
  for (const word of entry.command.slice(1)) if (/\.(c|m)?[jt]s$/.test(word)) names.add(word);
  return [...names].sort();
}

function isModuleLevel(program: CliProgramFact): boolean {
  if (program.entryFunction) return false;
  return (
    program.framework === 'argparse' ||
    program.framework === 'fire' ||
    program.framework === 'sys-argv' ||
    program.framework === 'typer'
  );
}

function commandsToOffer(
  program: CliProgramFact,
): { command: CliCommandFact; global?: CliCommandFact }[] {
  const subcommands = program.commands.filter((command) => command.path.length > 0);
  if (subcommands.length === 0) return program.commands.slice(0, 1).map((command) => ({ command }));
  const global = program.commands.find((command) => command.path.length === 0);
  return subcommands.map((command) => ({ command, ...(global ? { global } : {}) }));
}

/**
 * One capability per command of every command-line program (argparse, click, typer, fire,
 * commander, yargs, plain `sys.argv`), run the way the repository runs it (see entry resolution),
 * with the program-wide options of a program with subcommands placed before the subcommand.
 */
export function cliCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const candidates: CapabilityCandidate[] = [];
  for (const file of context.files.values()) {
    if (!isOffered(file) || file.facts.cliPrograms.length === 0) continue;
    for (const program of file.facts.cliPrograms) {
      const entry =
        file.facts.language === 'python'
          ? pythonEntryFor(file, context, program.entryFunction, isModuleLevel(program))
          : jsEntryFor(file, context);
      if (!entry) continue;
      const base = programBaseName(file, program, entry, context.projectName);
      for (const { command, global } of commandsToOffer(program)) {
        const globalParameters = global
          ? parametersFromOptions(global.options).map((p) => ({ ...p, global: true }))
          : [];
        const ownParameters = parametersFromOptions(command.options).filter(
          (p) => !globalParameters.some((g) => g.name === p.name),
        );
        const notes = [...entry.notes];
        // A parser that is only built and returned here is a factory other code uses, not a program.
        const factory = program.framework === 'argparse' && program.parsesArguments === false;
        if (factory)
          notes.push(
            `${file.path} builds an argparse parser but never parses arguments with it; it is probably used by other code.`,
          );
        if (program.framework === 'fire')
          notes.push('python-fire takes every parameter as a `--name value` flag.');
        if (program.framework === 'sys-argv')
          notes.push(
            `${file.path} reads its arguments from sys.argv by position; their names (arg1, arg2, ...) and types are guesses.`,
          );
        candidates.push({
          name:
            command.path.length > 0 ? `${base}-${command.path.map(toKebabCase).join('-')}` : base,
          description: command.description ?? program.description ?? '',
          confidence:
            Math.round(
              BASE_CONFIDENCE[program.framework] * entry.certainty * (factory ? 0.5 : 1) * 100,
            ) / 100,
          source: program.framework as CapabilitySource,
          invocation: {
            kind: 'cli',
            command: entry.command,
            cwd: entry.cwd,
            subcommand: command.path,
          },
          parameters: [...globalParameters, ...ownParameters],
          outputsJson: file.facts.printsJson,
          examples: [],
          commandNames: commandNamesOf(file, entry),
          evidence: [
            {
              file: file.path,
              line: program.line,
              detail: `${program.framework} program${program.variable ? ` ${program.variable}` : ''}`,
            },
            ...(command.path.length > 0
              ? [
                  {
                    file: file.path,
                    line: command.line,
                    detail: `subcommand ${command.path.join(' ')}`,
                  },
                ]
              : []),
            ...entry.evidence,
          ],
          notes,
        });
      }
    }
  }
  return candidates;
}
