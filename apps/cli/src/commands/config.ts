import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { renderTable } from '../output/table';

/** `mark1 config ...`: the resolved configuration. */
export function registerConfigCommand(program: Command, context: CliContext): void {
  const config = program
    .command('config')
    .description('show the configuration')
    .addHelpText('after', '\nExamples:\n  $ mark1 config show\n  $ mark1 config show --json');

  config
    .command('show')
    .description(
      'print every setting, its value, and where it came from (environment, config.yaml, default)',
    )
    .addHelpText(
      'after',
      `
Environment variables (MARK1_*) beat <home>/config.yaml, which beats the defaults. Secrets are
never printed, and database passwords are hidden.

Examples:
  $ mark1 config show
  $ MARK1_PLUGIN_TIMEOUT=60 mark1 config show
  $ mark1 config show --json`,
    )
    .action(() => {
      const loaded = context.config();
      const printer = context.printer();
      for (const warning of loaded.warnings) printer.warn(warning);
      printer.result(
        {
          file: loaded.file,
          entries: loaded.entries.map((entry) => ({
            key: entry.key,
            value: entry.value ?? null,
            display: entry.display,
            source: entry.sourceText,
            env: entry.env ?? null,
            secret: entry.secret,
          })),
          warnings: loaded.warnings,
        },
        () => {
          const { colors } = printer;
          const rows = loaded.entries.map((entry) => [
            entry.key,
            entry.display,
            entry.source.kind === 'default' ? colors.dim(entry.sourceText) : entry.sourceText,
          ]);
          const file = loaded.file.exists
            ? loaded.file.path
            : `${loaded.file.path} ${colors.dim('(not found; run mark1 init)')}`;
          return `${colors.dim('config file:')} ${file}\n${renderTable({ head: ['key', 'value', 'source'], rows }, colors)}`;
        },
      );
    });
}
