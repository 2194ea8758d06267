import { type Command, InvalidArgumentError } from 'commander';
import type { MonitoringReport, DatabaseStatus } from '@mark1/storage';
import { MARK1_TABLES } from '@mark1/storage';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { formatBytes, formatPercent, formatSeconds } from '../output/format';
import { renderPairs, renderRecords, renderTable } from '../output/table';
import { registerDbContextCommands } from './db-context';

function positiveWhole(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

function collectFilter(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0)
    throw new InvalidArgumentError('expected column=value, for example status=enabled.');
  return { ...previous, [value.slice(0, equals).trim()]: value.slice(equals + 1) };
}

function renderStatus(status: DatabaseStatus, colors: Colors): string {
  const engine = status.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const { applied, pending, unknown } = status.migrations;
  const migrationLine =
    pending.length === 0
      ? `${colors.green('✓')} ${applied.length} applied, none pending`
      : `${colors.yellow('!')} ${applied.length} applied, ${pending.length} pending: ${pending.join(', ')} (run mark1 db init)`;
  const pairs: [string, string][] = [
    ['engine', engine],
    ['url', status.url],
    ['location', status.location],
    ...(status.schema ? [['schema', status.schema] as [string, string]] : []),
    ['size', formatBytes(status.sizeBytes)],
    ['migrations', migrationLine],
  ];
  if (unknown.length)
    pairs.push(['newer', `${colors.yellow('!')} applied by a newer Mark-1: ${unknown.join(', ')}`]);
  const tables = renderTable(
    {
      head: ['table', 'rows'],
      rows: status.tables.map((table) => [table.table, table.rows ?? colors.dim('missing')]),
      alignRight: [1],
    },
    colors,
  );
  return `${renderPairs(pairs, colors)}\n${tables}`;
}

function renderMonitoring(report: MonitoringReport, colors: Colors): string {
  const sections: string[] = [];
  const title = (text: string) => colors.bold(text);
  sections.push(
    renderPairs(
      [
        ['executions', String(report.executions.total)],
        ['success rate', formatPercent(report.executions.successRate)],
        ['contexts', `${report.contexts.count} (${formatBytes(report.contexts.totalBytes)})`],
        ['database size', formatBytes(report.databaseSizeBytes)],
      ],
      colors,
    ),
  );
  if (report.executions.byStatus.length) {
    sections.push(
      `${title('Executions by status')}\n${renderTable(
        {
          head: ['status', 'count'],
          rows: report.executions.byStatus.map((row) => [row.status, row.count]),
          alignRight: [1],
        },
        colors,
      )}`,
    );
  }
  if (report.runs.length) {
    sections.push(
      `${title('Runs by state')}\n${renderTable(
        {
          head: ['state', 'count'],
          rows: report.runs.map((row) => [row.state, row.count]),
          alignRight: [1],
        },
        colors,
      )}`,
    );
  }
  sections.push(
    `${title('Slowest capabilities')}\n${
      report.slowestCapabilities.length
        ? renderTable(
            {
              head: ['plugin', 'capability', 'runs', 'average', 'slowest'],
              rows: report.slowestCapabilities.map((row) => [
                row.pluginName,
                row.capability,
                row.executions,
                formatSeconds(row.averageSeconds),
                formatSeconds(row.maxSeconds),
              ]),
              alignRight: [2, 3, 4],
            },
            colors,
          )
        : colors.dim('(no finished executions yet)')
    }`,
  );
  sections.push(
    `${title('Recent failures')}\n${
      report.recentFailures.length
        ? renderTable(
            {
              head: ['started', 'plugin', 'capability', 'status', 'error'],
              rows: report.recentFailures.map((row) => [
                row.startedAt,
                row.pluginName,
                row.capability,
                row.status,
                row.errorMessage,
              ]),
            },
            colors,
          )
        : colors.dim('(none)')
    }`,
  );
  return sections.join('\n\n');
}

/** `mark1 db ...`: the database's status, schema, rows, read-only SQL and statistics. */
export function registerDbCommand(program: Command, context: CliContext): void {
  const db = program
    .command('db')
    .description('inspect and initialise the Mark-1 database')
    .addHelpText(
      'after',
      `
The database is SQLite at <home>/mark1.db unless MARK1_DATABASE_URL (or database.url in
config.yaml) names another file or a PostgreSQL server.

Examples:
  $ mark1 db status
  $ mark1 db query plugin_executions --where status=failed --limit 5
  $ mark1 db exec-sql "SELECT name, status FROM plugins"
  $ mark1 db monitoring`,
    );

  db.command('status')
    .description('engine, URL (password hidden), migrations applied and pending, row counts, size')
    .addHelpText('after', '\nExamples:\n  $ mark1 db status\n  $ mark1 db status --json')
    .action(async () => {
      const storage = await context.openStorage();
      const status = await storage.status();
      const printer = context.printer();
      printer.result(status, () => renderStatus(status, printer.colors));
    });

  db.command('init')
    .description('create the database if needed and apply pending migrations')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db init\n  $ MARK1_DATABASE_URL=postgres://me@localhost/mark1 mark1 db init',
    )
    .action(async () => {
      const storage = await context.openStorage({ migrate: false, createIfMissing: true });
      const applied = await storage.migrate();
      const status = await storage.migrationStatus();
      const printer = context.printer();
      printer.result(
        {
          engine: storage.engine,
          url: storage.url,
          applied,
          migrations: status.applied.map((m) => m.name),
        },
        () =>
          applied.length
            ? `${printer.colors.green('✓')} ${storage.url}: applied ${applied.join(', ')}`
            : `${printer.colors.green('✓')} ${storage.url}: already up to date (${status.applied.length} migration(s))`,
      );
    });

  db.command('query')
    .description("list rows of one of Mark-1's tables")
    .argument('<table>', `one of: ${MARK1_TABLES.join(', ')}`)
    .option(
      '--where <column=value>',
      'only rows where column equals value (repeatable)',
      collectFilter,
      {},
    )
    .option('--limit <n>', 'most rows shown', positiveWhole, 20)
    .addHelpText(
      'after',
      `
Examples:
  $ mark1 db query plugins --limit 5
  $ mark1 db query plugin_executions --where status=failed
  $ mark1 db query step_runs --where run_id=<run id> --where state=succeeded --json`,
    )
    .action(async (table: string, options: { where: Record<string, string>; limit: number }) => {
      const storage = await context.openStorage();
      const result = await storage.queryTable(table, {
        where: options.where,
        limit: options.limit,
      });
      const printer = context.printer();
      printer.result(result, () =>
        renderRecords(result.columns, result.rows, printer.colors, printer.width),
      );
    });

  db.command('exec-sql')
    .description('run one read-only SQL statement (the database engine refuses any write)')
    .argument('<sql>', 'one SQL statement, quoted')
    .option('--max-rows <n>', 'most rows shown', positiveWhole, 1000)
    .addHelpText(
      'after',
      `
The statement runs on a separate read-only connection: SQLite opens the file read-only with
query_only on and ATTACH disabled; PostgreSQL runs exactly one statement in a READ ONLY
transaction that is rolled back. Writes fail with READ_ONLY_VIOLATION.

Examples:
  $ mark1 db exec-sql "SELECT name, status FROM plugins"
  $ mark1 db exec-sql "SELECT status, COUNT(*) AS n FROM plugin_executions GROUP BY status" --json`,
    )
    .action(async (sql: string, options: { maxRows: number }) => {
      const storage = await context.openStorage();
      const result = await storage.executeReadOnly(sql, { maxRows: options.maxRows });
      const printer = context.printer();
      printer.result(result, () => {
        const rows = renderRecords(result.columns, result.rows, printer.colors, printer.width);
        const note = result.truncated
          ? printer.colors.dim(
              `(${result.rows.length} of ${result.rowCount} rows; raise --max-rows to see more)`,
            )
          : printer.colors.dim(`(${result.rowCount} row${result.rowCount === 1 ? '' : 's'})`);
        return `${rows}\n${note}`;
      });
    });

  db.command('monitoring')
    .description('executions by status, success rate, slowest capabilities, recent failures, sizes')
    .option('--limit <n>', 'how many slow capabilities and failures to list', positiveWhole, 5)
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db monitoring\n  $ mark1 db monitoring --limit 10 --json',
    )
    .action(async (options: { limit: number }) => {
      const storage = await context.openStorage();
      const report = await storage.monitoring({ limit: options.limit });
      const printer = context.printer();
      printer.result(report, () => renderMonitoring(report, printer.colors));
    });

  registerDbContextCommands(db, context);
}
