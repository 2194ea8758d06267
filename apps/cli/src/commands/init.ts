import type { Command } from 'commander';
import { initHome } from '@mark1/storage';
import type { CliContext } from '../cli-context';
import { renderPairs } from '../output/table';

/** `mark1 init`: the home folder, its config.yaml and the database. */
export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description(
      'create the Mark-1 home folder, a config.yaml of commented defaults, and the database',
    )
    .addHelpText(
      'after',
      `
Creates (and never overwrites): <home>/config.yaml, plugins/, artifacts/, runs/, and the database
(SQLite <home>/mark1.db unless MARK1_DATABASE_URL or config.yaml says otherwise), then applies its
migrations. Safe to run again.

Examples:
  $ mark1 init
  $ mark1 init --home ./mark1-home
  $ MARK1_DATABASE_URL=postgres://me@localhost:5432/mark1 mark1 init`,
    )
    .action(async () => {
      const loaded = context.config();
      const home = initHome(loaded);
      const storage = await context.openStorage({ migrate: false, createIfMissing: true });
      const applied = await storage.migrate();
      const status = await storage.migrationStatus();
      const printer = context.printer();
      printer.result(
        {
          home: home.home,
          configFile: home.configFile,
          configFileCreated: home.configFileCreated,
          createdFolders: home.createdFolders,
          database: {
            engine: storage.engine,
            url: storage.url,
            migrations: status.applied.map((m) => m.name),
            applied,
          },
        },
        () => {
          const { colors } = printer;
          const engine = storage.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
          return [
            `${colors.green('✓')} Mark-1 home ready at ${home.home}`,
            renderPairs(
              [
                [
                  'config',
                  `${home.configFile} ${colors.dim(home.configFileCreated ? '(created)' : '(kept)')}`,
                ],
                [
                  'database',
                  `${storage.url} ${colors.dim(`(${engine}, ${status.applied.length} migration(s) applied)`)}`,
                ],
                ['plugins', loaded.config.plugins.directory],
                ['artifacts', loaded.layout.artifactsDir],
              ],
              colors,
            ),
            '',
            `Next: ${colors.bold('mark1 config show')} to see every setting, ${colors.bold('mark1 db status')} for the database.`,
          ].join('\n');
        },
      );
    });
}
