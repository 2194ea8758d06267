import { Command } from 'commander';
import packageJson from '../package.json';
import type { CliContext } from './cli-context';
import { registerConfigCommand } from './commands/config';
import { registerDbCommand } from './commands/db';
import { registerInitCommand } from './commands/init';
import { registerPluginCommand } from './commands/plugin';
import { registerCapabilitiesCommand } from './commands/capabilities';
import { registerDoctorCommand } from './commands/doctor';
import { registerRunCommand } from './commands/run';
import { registerWorkflowCommand } from './commands/workflow';
import { registerServeCommand } from './commands/serve';
import { registerApiKeyCommand } from './commands/api-key';
import { registerScanCommand } from './commands/scan';
import { registerOrchestrateCommand } from './commands/orchestrate';
import { registerChatCommand } from './commands/chat';

/**
 * The `mark1` program: global options and every command group. Adding a group is one file in
 * `commands/` exporting `register<Group>Command(program, context)` and one line below.
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('mark1')
    .description(
      'Mark-1: turn any git repository into a plugin and orchestrate plugins into workflows.',
    )
    .version(packageJson.version, '-V, --version', 'print the version')
    .option('--json', 'print results as JSON')
    .option('--home <dir>', 'Mark-1 home folder (beats MARK1_HOME; default ~/.mark1)')
    .option('--verbose', 'print stack traces of errors')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });

  registerInitCommand(program, context);
  registerConfigCommand(program, context);
  registerDbCommand(program, context);
  registerPluginCommand(program, context);
  registerCapabilitiesCommand(program, context);
  registerRunCommand(program, context);
  registerWorkflowCommand(program, context);
  registerDoctorCommand(program, context);
  registerServeCommand(program, context);
  registerApiKeyCommand(program, context);
  registerScanCommand(program, context);
  registerOrchestrateCommand(program, context);
  registerChatCommand(program, context);

  program.addHelpText(
    'after',
    `
Examples:
  $ mark1 init                         create ~/.mark1 with its config.yaml and database
  $ mark1 --home ./state init          use another home folder
  $ mark1 config show                  every setting and where it came from
  $ mark1 db status --json             database status as JSON`,
  );
  return program;
}
