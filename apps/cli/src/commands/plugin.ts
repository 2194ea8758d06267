import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { Mark1Error, type PluginManifest } from '@mark1/sdk';
import {
  createRegistry,
  createTerminalPrompter,
  type EnvironmentReport,
  generatePlugin,
  type InstallEvent,
  type InstallResult,
  nonInteractivePrompter,
  RegistryErrorCodes,
  packagePlugin,
  type PluginDetails,
  type PluginHealth,
  type Registry,
  SCAFFOLD_LANGUAGES,
  type ScaffoldLanguage,
  type SmokeTestReport,
  validatePlugin,
  type ValidationReport,
} from '@mark1/registry';
import { createExecutor, type Executor } from '@mark1/executor';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { renderPairs, renderTable } from '../output/table';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function language(value: string): ScaffoldLanguage {
  if (!(SCAFFOLD_LANGUAGES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${SCAFFOLD_LANGUAGES.join(', ')}.`);
  }
  return value as ScaffoldLanguage;
}

/** Opens the database and a registry on it; warnings go to stderr. */
export async function openRegistry(context: CliContext): Promise<Registry> {
  return (await openRegistryWithExecutor(context)).registry;
}

/**
 * A registry whose smoke tests run through the executor (created on the first smoke test, with
 * the registry's resolver), and a `close` that shuts that executor down.
 */
async function openRegistryWithExecutor(
  context: CliContext,
): Promise<{ registry: Registry; close: () => Promise<void> }> {
  const storage = await context.openStorage();
  const printer = context.printer();
  const config = context.config().config;
  let executor: Executor | undefined;
  const registry: Registry = createRegistry({
    storage,
    config,
    env: context.io.env as NodeJS.ProcessEnv,
    onWarning: (message) => printer.warn(message),
    smokeTester: {
      run(plugin, capability, inputs, options) {
        executor ??= createExecutor({ storage, config, resolver: registry.resolver() });
        return executor.callPlugin(plugin, capability, inputs, options);
      },
    },
  });
  return { registry, close: async () => executor?.close() };
}

/** Cancels long operations on Ctrl-C / SIGTERM, so the registry removes what it started. */
function cancellation(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    },
  };
}

function severityColor(colors: Colors, severity: string): (text: string) => string {
  return severity === 'critical' || severity === 'high'
    ? colors.red
    : severity === 'medium'
      ? colors.yellow
      : colors.dim;
}

function describeInput(
  name: string,
  schema: PluginManifest['capabilities'][number]['inputs']['properties'][string],
  required: boolean,
): string {
  const type =
    schema.data_type ?? (Array.isArray(schema.type) ? schema.type.join('|') : schema.type) ?? 'any';
  const extra = schema.default !== undefined ? ` = ${JSON.stringify(schema.default)}` : '';
  return `${name}${required ? '*' : ''}: ${type}${extra}`;
}

/** The manifest in plain words: capabilities with inputs and outputs, variables, permissions. */
function renderManifest(manifest: PluginManifest, colors: Colors): string {
  const lines = [
    `${colors.bold(manifest.plugin.name)} ${manifest.plugin.version}${manifest.plugin.description ? ` – ${manifest.plugin.description}` : ''}`,
  ];
  for (const capability of manifest.capabilities) {
    const inputs = Object.entries(capability.inputs.properties).map(([name, schema]) =>
      describeInput(name, schema, capability.inputs.required.includes(name)),
    );
    const outputs = Object.entries(capability.outputs).map(
      ([name, output]) => `${name}: ${output.type}`,
    );
    lines.push(
      `  ${colors.cyan(capability.name)} (${capability.entry_point.type})${capability.description ? ` ${colors.dim(capability.description)}` : ''}`,
    );
    lines.push(`    in:  ${inputs.join(', ') || colors.dim('(none)')}`);
    lines.push(`    out: ${outputs.join(', ') || colors.dim('(none declared)')}`);
  }
  if (manifest.environment.length) {
    const variables = manifest.environment.map(
      (variable) =>
        `${variable.name}${variable.secret ? ' (secret)' : ''}${variable.default !== undefined ? ` = ${variable.default}` : variable.required ? ' (required)' : ' (optional)'}`,
    );
    lines.push(`  environment: ${variables.join(', ')}`);
  }
  const permissions = manifest.permissions;
  lines.push(
    `  permissions: network ${permissions.network ? colors.yellow('yes') : 'no'}, filesystem ${permissions.filesystem}${permissions.max_memory ? `, memory ${permissions.max_memory}` : ''}`,
  );
  const dependencies = [
    ...manifest.dependencies.packages,
    ...manifest.dependencies.requirements.map((file) => `-r ${file}`),
  ];
  if (dependencies.length) lines.push(`  dependencies: ${dependencies.join(', ')}`);
  return lines.join('\n');
}

/** Scores, level, errors, findings with file:line, warnings. */
function renderValidation(report: ValidationReport, colors: Colors): string {
  const lines = [
    `quality ${report.scores.quality}/100 · security ${report.scores.security}/100 · certification ${colors.bold(report.certification)} ${colors.dim(`(${report.certificationReason})`)}`,
  ];
  for (const issue of report.errors) {
    const where = issue.file
      ? `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ''} `
      : '';
    lines.push(
      `  ${colors.red('error')}   ${where}${issue.capability ? `${issue.capability}: ` : ''}${issue.message}`,
    );
  }
  for (const finding of report.findings) {
    const color = severityColor(colors, finding.severity);
    lines.push(
      `  ${color(finding.severity.padEnd(8))} ${finding.file}:${finding.line} ${finding.message} ${colors.dim(`[${finding.rule}]`)}`,
    );
    lines.push(`  ${' '.repeat(9)}${colors.dim(`${finding.code} → ${finding.fix}`)}`);
  }
  for (const issue of report.warnings) {
    lines.push(
      `  ${colors.yellow('warning')} ${issue.capability ? `${issue.capability}: ` : ''}${issue.message}`,
    );
  }
  const missed = report.quality.filter((item) => item.points < item.max);
  if (missed.length)
    lines.push(
      `  ${colors.dim(`quality points missed: ${missed.map((item) => `${item.item} ${item.points}/${item.max} (${item.note})`).join('; ')}`)}`,
    );
  return lines.join('\n');
}

function renderEnvironment(report: EnvironmentReport, colors: Colors): string {
  const lines = [
    `${report.kind === 'python' ? 'Python virtualenv' : report.kind === 'node' ? 'Node.js' : 'no runtime environment'}${report.interpreter ? ` ${report.interpreter.version}` : ''}${report.location ? ` at ${report.location}` : ''} ${colors.dim(`(${report.durationMs} ms)`)}`,
  ];
  if (report.installed.length)
    lines.push(
      `  installed: ${report.installed.map((item) => `${item.name} ${item.version}`).join(', ')}`,
    );
  if (report.skipped.length)
    lines.push(`  ${colors.yellow('not installed')} (--no-deps): ${report.skipped.join(', ')}`);
  for (const failed of report.failed)
    lines.push(`  ${colors.red('failed')} ${failed.requirement}: ${failed.reason}`);
  for (const note of report.notes) lines.push(`  ${colors.dim(note)}`);
  return lines.join('\n');
}

function renderSmokeTest(report: SmokeTestReport, colors: Colors): string {
  if (report.status === 'skipped') return `smoke test skipped: ${report.reason}`;
  return [
    `smoke test ${report.status === 'passed' ? colors.green('passed') : colors.red('failed')}`,
    ...report.results.map(
      (result) =>
        `  ${result.status === 'passed' ? colors.green('✓') : colors.red('✗')} ${result.capability} ${colors.dim(`${result.durationMs} ms`)} ${
          result.status === 'passed'
            ? JSON.stringify(result.outputs).slice(0, 160)
            : (result.mismatches?.join('; ') ?? result.error ?? '')
        }`,
    ),
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Writes install progress to stderr, so stdout keeps only the result. */
function progressPrinter(context: CliContext): (event: InstallEvent) => void {
  const { colors } = context.printer();
  const write = (text: string) => context.io.stderr.write(`${text}\n`);
  return (event) => {
    switch (event.type) {
      case 'step':
        write(`${colors.cyan('→')} ${event.message}`);
        break;
      case 'manifest':
        write(
          indent(
            `${event.origin === 'generated' ? `${colors.yellow('inferred')} by scanning the repository, written to ${event.file}` : `read ${event.file}`}\n${renderManifest(event.manifest, colors)}${
              event.uninferred.length
                ? `\n${colors.yellow('could not infer:')} ${event.uninferred.join('; ')}`
                : ''
            }${event.warnings.length ? `\n${colors.dim(event.warnings.join('\n'))}` : ''}`,
          ),
        );
        break;
      case 'validation':
        write(indent(renderValidation(event.report, colors)));
        break;
      case 'configuration': {
        const parts = [
          event.configuration.names.length
            ? `set: ${event.configuration.names.map((name) => (event.configuration.secrets.includes(name) ? `${name} (secret, encrypted)` : name)).join(', ')}`
            : '',
          event.configuration.defaults.length
            ? `defaults: ${event.configuration.defaults.join(', ')}`
            : '',
          event.configuration.unsetOptional.length
            ? `unset (optional): ${event.configuration.unsetOptional.join(', ')}`
            : '',
        ].filter(Boolean);
        if (parts.length) write(indent(parts.join('\n')));
        break;
      }
      case 'environment':
        write(indent(renderEnvironment(event.report, colors)));
        break;
      case 'smoke-test':
        write(indent(renderSmokeTest(event.report, colors)));
        break;
      case 'warning':
        context.printer().warn(event.message);
        break;
    }
  };
}

function renderInstallResult(result: InstallResult, colors: Colors): string {
  const check = colors.green('✓');
  switch (result.status) {
    case 'installed':
      return `${check} installed ${colors.bold(result.plugin.name)} ${result.version} (${result.validation?.certification ?? 'unvalidated'}) at ${result.path}`;
    case 'updated':
      return `${check} updated ${colors.bold(result.plugin.name)} ${result.previousVersion ?? '?'} → ${result.version} at ${result.path} (roll back with \`mark1 plugin rollback ${result.plugin.name}\`)`;
    case 'up-to-date':
      return `${check} ${result.plugin.name} is up to date (${result.version})`;
    case 'switched':
      return `${check} ${result.plugin.name}: the source matches the installed version ${result.version}; it is active again (was ${result.previousVersion ?? '?'})`;
  }
}

function renderDetails(details: PluginDetails, colors: Colors): string {
  const pairs: [string, string][] = [
    ['name', `${details.name} ${colors.dim(`(${details.id})`)}`],
    ['version', `${details.version ?? '-'} (${details.status})`],
    ['description', details.description || '-'],
    ['source', `${details.source ?? '-'}${details.ref ? ` @ ${details.ref}` : ''}`],
    ['folder', details.path ?? '-'],
    ['runtime', `${details.runtime ?? '-'} (${details.pluginType})`],
    [
      'certification',
      `${details.certification ?? '-'} · quality ${details.scores.quality ?? '-'} · security ${details.scores.security ?? '-'}`,
    ],
  ];
  const sections = [
    renderPairs(pairs, colors),
    colors.bold('Capabilities'),
    renderManifest(details.manifest, colors),
  ];
  if (details.configuration.length) {
    sections.push(
      colors.bold('Configuration'),
      renderTable(
        {
          head: ['name', 'kind', 'value'],
          rows: details.configuration.map((entry) => [
            entry.name,
            `${entry.secret ? 'secret' : 'variable'}${entry.required ? ', required' : ''}${entry.declared ? '' : ', undeclared'}`,
            entry.secret
              ? entry.set
                ? '(set, encrypted)'
                : colors.red('(not set)')
              : (entry.value ?? colors.dim('(not set)')),
          ]),
        },
        colors,
      ),
    );
  }
  sections.push(
    colors.bold('Versions'),
    renderTable(
      {
        head: ['version', 'active', 'installed', 'commit', 'certification'],
        rows: details.versions.map((version) => [
          version.version,
          version.active ? '●' : '',
          version.installedAt,
          version.commitSha?.slice(0, 10) ?? '-',
          version.certification ?? '-',
        ]),
      },
      colors,
    ),
  );
  if (details.validation)
    sections.push(colors.bold('Validation'), renderValidation(details.validation, colors));
  if (details.environment)
    sections.push(colors.bold('Environment'), renderEnvironment(details.environment, colors));
  if (details.smokeTest) sections.push(renderSmokeTest(details.smokeTest, colors));
  for (const problem of details.problems) sections.push(colors.red(problem));
  return sections.join('\n');
}

function renderHealth(results: readonly PluginHealth[], colors: Colors): string {
  if (results.length === 0) return colors.dim('(no plugins installed)');
  const mark = (status: string) =>
    status === 'ok'
      ? colors.green('ok')
      : status === 'warning'
        ? colors.yellow('warning')
        : colors.red('error');
  return results
    .map((result) =>
      [
        `${mark(result.status)} ${colors.bold(result.plugin)} ${result.version ?? ''}`,
        ...result.checks.map(
          (check) => `  ${mark(check.status).padEnd(7)} ${check.check}: ${check.message}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

interface InstallFlags {
  ref?: string;
  name?: string;
  env: string[];
  deps: boolean;
  yes?: boolean;
  findLinks: string[];
  index: boolean;
}

function installOptions(context: CliContext, flags: InstallFlags, signal: AbortSignal) {
  const interactive = Boolean(process.stdin.isTTY) && !context.globalOptions().json;
  return {
    ref: flags.ref,
    env: flags.env,
    noDeps: !flags.deps,
    yes: flags.yes ?? false,
    signal,
    prompter: interactive
      ? createTerminalPrompter({ input: process.stdin, output: process.stderr })
      : nonInteractivePrompter,
    onEvent: context.globalOptions().json ? undefined : progressPrinter(context),
    ...(flags.findLinks.length || !flags.index
      ? { pip: { findLinks: flags.findLinks, noIndex: !flags.index } }
      : {}),
  };
}

function addInstallFlags(command: Command): Command {
  return command
    .option('--ref <ref>', 'git branch, tag or commit (a local folder is then cloned with git)')
    .option(
      '--env <KEY=VALUE>',
      'a configuration value or secret; KEY alone reads it from your environment (repeatable)',
      collect,
      [],
    )
    .option('--no-deps', 'create the environment but install no dependencies')
    .option(
      '-y, --yes',
      'agree to every confirmation (network permission, serious findings, dependencies)',
    )
    .addOption(
      new Option('--find-links <dir>', 'a folder (or URL) of Python wheels for pip (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .option('--no-index', 'do not use the Python package index (offline, with --find-links)');
}

/** `mark1 plugin ...`: install any repository, folder or archive as a plugin, and manage installed plugins. */
export function registerPluginCommand(program: Command, context: CliContext): void {
  const plugin = program
    .command('plugin')
    .description('install, validate, inspect and manage plugins')
    .addHelpText(
      'after',
      `
Examples:
  $ mark1 plugin install https://github.com/me/tool.git --ref v1.2.0
  $ mark1 plugin install ./my-plugin --env API_TOKEN --yes
  $ mark1 plugin install ./plugin.tar.gz
  $ mark1 plugin validate ./my-plugin
  $ mark1 plugin update my-plugin --ref v1.3.0 && mark1 plugin rollback my-plugin
  $ mark1 plugin generate word-tools --lang node`,
    );

  addInstallFlags(
    plugin
      .command('install')
      .description('install a git repository, a local folder or a .tar.gz/.zip archive as a plugin')
      .argument(
        '<source>',
        'https://, ssh:// or user@host:path git URL, file:// URL, a folder, or an archive',
      )
      .option('--name <name>', "the plugin's name, instead of the manifest's"),
  )
    .addHelpText(
      'after',
      `
The plugin is fetched into a staging folder, its manifest read (or generated by scanning it),
validated (entry points, security scan, scores), configured (required values are asked for on a
terminal, secrets without echo; without a terminal give them with --env), given its own
environment (a virtualenv, or node_modules), smoke-tested, and registered in one transaction. A
failure, or Ctrl-C, leaves nothing behind.

Examples:
  $ mark1 plugin install examples/plugins/text-sentiment
  $ mark1 plugin install file:///srv/git/tool.git --ref v2.0.0 --name tool
  $ mark1 plugin install ./py-tool --find-links ./wheels --no-index --yes`,
    )
    .action(async (source: string, flags: InstallFlags) => {
      const { registry, close } = await openRegistryWithExecutor(context);
      const { signal, dispose } = cancellation();
      try {
        const result = await registry.install(source, {
          ...installOptions(context, flags, signal),
          name: flags.name,
          cwd: context.io.cwd,
        });
        const printer = context.printer();
        printer.result(result, () => renderInstallResult(result, printer.colors));
      } finally {
        dispose();
        await close();
      }
    });

  addInstallFlags(
    plugin
      .command('update')
      .description(
        "install the newest content of a plugin's source as a new version (the old one stays for rollback)",
      )
      .argument('<plugin>', 'name or id'),
  ).action(async (name: string, flags: InstallFlags) => {
    const { registry, close } = await openRegistryWithExecutor(context);
    const { signal, dispose } = cancellation();
    try {
      const result = await registry.update(name, installOptions(context, flags, signal));
      const printer = context.printer();
      printer.result(result, () => renderInstallResult(result, printer.colors));
    } finally {
      dispose();
      await close();
    }
  });

  plugin
    .command('validate')
    .description(
      'validate a plugin folder: manifest, entry points, security scan, quality and security scores',
    )
    .argument('<path>', 'the plugin folder')
    .addHelpText(
      'after',
      '\nExits 1 when validation finds errors.\n\nExamples:\n  $ mark1 plugin validate ./my-plugin\n  $ mark1 plugin validate ./my-plugin --json',
    )
    .action(async (path: string) => {
      const report = await validatePlugin(resolve(context.io.cwd, path));
      const printer = context.printer();
      printer.result(report, () =>
        [
          report.manifest
            ? `${report.manifest.name} ${report.manifest.version} (${report.manifest.file})`
            : 'no readable manifest',
          renderValidation(report, printer.colors),
          report.valid
            ? `${printer.colors.green('✓')} valid`
            : `${printer.colors.red('✗')} ${report.errors.length} error(s)`,
        ].join('\n'),
      );
      if (!report.valid) {
        throw new Mark1Error(
          RegistryErrorCodes.VALIDATION_FAILED,
          `${path} has ${report.errors.length} validation error(s), listed above; fix them and validate again.`,
        );
      }
    });

  plugin
    .command('list')
    .description('installed plugins')
    .action(async () => {
      const registry = await openRegistry(context);
      const plugins = await registry.list();
      const printer = context.printer();
      printer.result(plugins, () =>
        plugins.length === 0
          ? printer.colors.dim('(no plugins installed; try `mark1 plugin install <source>`)')
          : renderTable(
              {
                head: [
                  'name',
                  'version',
                  'status',
                  'runtime',
                  'capabilities',
                  'certification',
                  'source',
                ],
                rows: plugins.map((item) => [
                  item.name,
                  item.version,
                  item.status,
                  item.runtime,
                  item.capabilities,
                  item.certification,
                  item.source,
                ]),
                alignRight: [4],
              },
              printer.colors,
            ),
      );
    });

  plugin
    .command('info')
    .description(
      'everything about one plugin: capabilities, configuration (secrets masked), versions, validation',
    )
    .argument('<plugin>', 'name or id')
    .action(async (name: string) => {
      const registry = await openRegistry(context);
      const details = await registry.info(name);
      const printer = context.printer();
      printer.result(details, () => renderDetails(details, printer.colors));
    });

  plugin
    .command('uninstall')
    .description('remove a plugin, every version of it, its secrets and its folder')
    .argument('<plugin>', 'name or id')
    .action(async (name: string) => {
      const registry = await openRegistry(context);
      const result = await registry.uninstall(name);
      const printer = context.printer();
      printer.result(
        result,
        () =>
          `${printer.colors.green('✓')} uninstalled ${result.plugin.name} (${result.versions.join(', ') || 'no versions'})`,
      );
    });

  for (const [command, description] of [
    ['enable', 'let workflows use a plugin again'],
    ['disable', 'keep a plugin installed but out of workflows'],
  ] as const) {
    plugin
      .command(command)
      .description(description)
      .argument('<plugin>', 'name or id')
      .action(async (name: string) => {
        const registry = await openRegistry(context);
        const summary =
          command === 'enable' ? await registry.enable(name) : await registry.disable(name);
        const printer = context.printer();
        printer.result(
          summary,
          () => `${printer.colors.green('✓')} ${summary.name} is ${summary.status}`,
        );
      });
  }

  plugin
    .command('rollback')
    .description('make an earlier installed version active again (instant)')
    .argument('<plugin>', 'name or id')
    .option('--to <version>', 'the version to activate (default: the one before the active one)')
    .action(async (name: string, flags: { to?: string }) => {
      const registry = await openRegistry(context);
      const result = await registry.rollback(name, { to: flags.to });
      const printer = context.printer();
      printer.result(result, () =>
        result.from === result.to
          ? `${printer.colors.green('✓')} ${result.plugin.name} ${result.to} is already active`
          : `${printer.colors.green('✓')} ${result.plugin.name}: ${result.from ?? '-'} → ${result.to}`,
      );
    });

  plugin
    .command('generate')
    .description('write a new plugin that passes validation and has a passing test of its own')
    .argument('<name>', "the plugin's name")
    .addOption(
      new Option('--lang <language>', 'python, node or typescript')
        .argParser(language)
        .default('python'),
    )
    .option('--dir <folder>', 'where to write it (default ./<name>)')
    .option('--description <text>', "the plugin's description")
    .action(
      (name: string, flags: { lang: ScaffoldLanguage; dir?: string; description?: string }) => {
        const generated = generatePlugin({
          name,
          language: flags.lang,
          directory: flags.dir,
          description: flags.description,
          cwd: context.io.cwd,
        });
        const printer = context.printer();
        printer.result(generated, () =>
          [
            `${printer.colors.green('✓')} wrote ${generated.name} (${generated.language}) in ${generated.directory}`,
            ...generated.files.map((file) => `  ${file}`),
            `Test it: cd ${generated.directory} && ${generated.testCommand.join(' ')}`,
            `Install it: mark1 plugin install ${generated.directory}`,
          ].join('\n'),
        );
      },
    );

  plugin
    .command('package')
    .description('pack a plugin folder into <name>-<version>.tar.gz (it must pass validation)')
    .argument('<path>', 'the plugin folder')
    .option('-o, --output <file>', 'the archive, or a folder to write it into')
    .action(async (path: string, flags: { output?: string }) => {
      const packaged = await packagePlugin(path, { output: flags.output, cwd: context.io.cwd });
      const printer = context.printer();
      printer.result(
        packaged,
        () =>
          `${printer.colors.green('✓')} ${packaged.file} (${packaged.files} files, sha256 ${packaged.sha256})`,
      );
    });

  plugin
    .command('test')
    .description("run a plugin's capability examples and compare the outputs with their expect")
    .argument('<plugin>', 'name or id')
    .action(async (name: string) => {
      const { registry, close } = await openRegistryWithExecutor(context);
      const { signal, dispose } = cancellation();
      try {
        const result = await registry.test(name, { signal });
        const printer = context.printer();
        printer.result(
          result,
          () =>
            `${result.plugin} ${result.version}: ${renderSmokeTest(result.report, printer.colors)}`,
        );
        if (result.report.status === 'failed') {
          throw new Mark1Error(
            RegistryErrorCodes.SMOKE_TEST_FAILED,
            `An example of ${result.plugin} failed (see above); fix the plugin or its example's expect.`,
          );
        }
      } finally {
        dispose();
        await close();
      }
    });

  plugin
    .command('health-check')
    .description("check installed plugins' folders, entry points, environments and configuration")
    .argument('[plugin]', 'name or id (default: every plugin)')
    .action(async (name: string | undefined) => {
      const registry = await openRegistry(context);
      const results = await registry.healthCheck(name);
      const printer = context.printer();
      printer.result(results, () => renderHealth(results, printer.colors));
      const broken = results
        .filter((result) => result.status === 'error')
        .map((result) => result.plugin);
      if (broken.length) {
        throw new Mark1Error(
          RegistryErrorCodes.HEALTH_CHECK_FAILED,
          `${broken.join(', ')} failed the health check (see above); reinstall, or set missing values with \`mark1 plugin update <plugin> --env NAME=value\`.`,
        );
      }
    });
}
