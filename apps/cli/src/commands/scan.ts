import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type GeneratedManifest,
  type RepositoryProfile,
  type ScanProgress,
  generateManifest,
  scanRepository,
} from '@mark1/scanner';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { formatBytes, formatSeconds } from '../output/format';
import { renderPairs, renderTable } from '../output/table';

/** Parsed files above which progress is shown on a terminal. */
const PROGRESS_FROM_FILES = 200;
const LISTED = 8;

interface ScanCommandOptions {
  manifest?: string;
  cache: boolean;
  workers?: number;
  minConfidence?: number;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError('expected a whole number (0 parses in one thread).');
  return Number(value);
}

function ratio(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('expected a number from 0 to 1.');
  return number;
}

function list(items: readonly string[], colors: Colors): string {
  if (items.length === 0) return colors.dim('none found');
  return items.length > LISTED
    ? `${items.slice(0, LISTED).join(', ')} ${colors.dim(`and ${items.length - LISTED} more`)}`
    : items.join(', ');
}

function invocationText(candidate: RepositoryProfile['capabilities'][number]): string {
  const invocation = candidate.invocation;
  switch (invocation.kind) {
    case 'cli':
      return [
        ...invocation.command.map((word) => (/\s/.test(word) ? JSON.stringify(word) : word)),
        ...invocation.subcommand,
      ].join(' ');
    case 'python_function':
      return `${invocation.module}.${invocation.function}()`;
    case 'node_function':
      return `${invocation.module} ${invocation.function}()`;
    case 'http':
      return `${invocation.method} ${invocation.path}`;
  }
}

/** The readable summary of a scan (and of the manifest written, when one was). */
function renderSummary(
  profile: RepositoryProfile,
  manifest: { file: string; generated: GeneratedManifest } | undefined,
  colors: Colors,
  cwd: string,
): string {
  const { summary, scan } = profile;
  const languages = Object.entries(summary.languages)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([language, entry]) => `${language} ${entry.files}`);
  const included = new Set(
    manifest?.generated.manifest.capabilities.map((capability) => capability.name) ?? [],
  );
  const runtime = profile.dependencies.dependencies.filter(
    (dependency) => dependency.scope === 'runtime',
  );
  const risky = profile.sensitiveCalls.filter(
    (call) => call.category !== 'network' && call.category !== 'subprocess',
  );
  const lines = [
    `${colors.bold(profile.name)} ${colors.dim(profile.root)}`,
    profile.description ? profile.description : '',
    '',
    renderPairs(
      [
        [
          'scanned',
          `${summary.files} files, ${formatBytes(summary.bytes)} in ${formatSeconds(scan.durationMs / 1000)} (${scan.filesParsed} parsed, ${scan.filesFromCache} from the cache, ${scan.workers > 0 ? `${scan.workers} worker threads` : 'one thread'})`,
        ],
        ['languages', list(languages, colors)],
        [
          'agent pattern',
          profile.agents.pattern === 'none'
            ? colors.dim('none')
            : `${profile.agents.pattern} (${profile.agents.frameworks.map((f) => f.name).join(', ')})`,
        ],
        [
          'models',
          list(
            [
              ...new Set(
                profile.llmCalls.map(
                  (call) => `${call.provider}${call.model ? ` ${call.model}` : ''}`,
                ),
              ),
            ],
            colors,
          ),
        ],
        [
          'services',
          list(
            profile.services.map((service) => `${service.id} (${service.kind})`),
            colors,
          ),
        ],
        [
          'environment',
          list(
            profile.environment.map(
              (v) => `${v.name}${v.required ? '' : '?'}${v.secret ? ' (secret)' : ''}`,
            ),
            colors,
          ),
        ],
        [
          'dependencies',
          `${runtime.length} runtime${profile.dependencies.python ? `, python ${profile.dependencies.python}` : ''}${profile.dependencies.node ? `, node ${profile.dependencies.node}` : ''} ${colors.dim(`(${profile.dependencies.manifests.join(', ') || 'no dependency files'})`)}`,
        ],
        [
          'risky calls',
          risky.length === 0
            ? colors.dim('none')
            : list(
                risky.map((call) => `${call.category} ${call.file}:${call.line}`),
                colors,
              ),
        ],
        [
          'warnings',
          profile.warnings.length === 0
            ? colors.dim('none')
            : list(
                profile.warnings.map((w) => `${w.code}${w.file ? ` ${w.file}` : ''}`),
                colors,
              ),
        ],
      ],
      colors,
    ),
    '',
    colors.bold(`Capabilities (${profile.capabilities.length})`),
  ];
  if (profile.capabilities.length === 0) lines.push(colors.dim('No entry point found.'));
  else {
    lines.push(
      renderTable(
        {
          head: ['', 'name', 'from', 'confidence', 'runs', 'inputs'],
          rows: profile.capabilities
            .slice(0, 30)
            .map((candidate) => [
              manifest ? (included.has(candidate.name) ? colors.green('✓') : colors.dim('·')) : '',
              candidate.name,
              candidate.source,
              candidate.confidence.toFixed(2),
              invocationText(candidate),
              candidate.parameters.map((p) => `${p.name}${p.required ? '*' : ''}`).join(' '),
            ]),
          alignRight: [3],
        },
        colors,
      ),
    );
    if (profile.capabilities.length > 30)
      lines.push(
        colors.dim(`… and ${profile.capabilities.length - 30} more (--json lists them all)`),
      );
  }
  if (manifest) {
    const shown = relative(cwd, manifest.file);
    const count = manifest.generated.manifest.capabilities.length;
    lines.push(
      '',
      `${colors.green('Wrote')} ${shown.startsWith('..') || shown === '' ? manifest.file : shown} with ${count} ${count === 1 ? 'capability' : 'capabilities'}.`,
    );
    if (manifest.generated.unresolved.length > 0) {
      lines.push(
        colors.bold('Left for you to check:'),
        ...manifest.generated.unresolved.map((note) => `  - ${note}`),
      );
    }
  }
  return lines.filter((line, index, all) => !(line === '' && all[index - 1] === '')).join('\n');
}

/** Progress on a terminal's stderr for big repositories: one line rewritten in place. */
function progressReporter(context: CliContext): ((progress: ScanProgress) => void) | undefined {
  const stderr = context.io.stderr;
  if (!stderr.isTTY || context.globalOptions().json) return undefined;
  let shown = false;
  return (progress) => {
    if (progress.phase === 'parse' && progress.total >= PROGRESS_FROM_FILES) {
      shown = true;
      stderr.write(`\rscanning: parsed ${progress.done}/${progress.total} files`);
    } else if (progress.phase === 'analyze' && shown && progress.done === progress.total) {
      stderr.write('\r\u001b[2K');
    }
  };
}

/** `mark1 scan <path>`: what a repository can do and needs, and optionally its mark1.plugin.yml. */
export function registerScanCommand(program: Command, context: CliContext): void {
  program
    .command('scan')
    .description(
      'scan a repository: files, code, dependencies, environment, services, models, agents and capabilities',
    )
    .argument('<path>', 'the repository folder')
    .option('--manifest <file>', 'write the generated mark1.plugin.yml to this file')
    .option('--no-cache', 'parse every file again (the cache lives in MARK1_HOME/cache/scanner)')
    .option('--workers <n>', 'worker threads for parsing (default: one per CPU)', wholeNumber)
    .option(
      '--min-confidence <ratio>',
      'leave capabilities under this confidence out of the manifest (default 0.5)',
      ratio,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mark1 scan .                              summary of the current repository
  $ mark1 scan ./repo --manifest mark1.plugin.yml
  $ mark1 scan ./repo --json > profile.json   the whole RepositoryProfile`,
    )
    .action(async (path: string, options: ScanCommandOptions) => {
      const root = resolve(context.io.cwd, path);
      const onProgress = progressReporter(context);
      const profile = await scanRepository(root, {
        ...(options.cache
          ? { cacheDir: join(context.config().config.home, 'cache', 'scanner') }
          : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      let manifest: { file: string; generated: GeneratedManifest } | undefined;
      if (options.manifest) {
        const generated = generateManifest(
          profile,
          options.minConfidence !== undefined ? { minConfidence: options.minConfidence } : {},
        );
        const file = resolve(context.io.cwd, options.manifest);
        writeFileSync(file, generated.yaml);
        manifest = { file, generated };
      }
      const printer = context.printer();
      printer.result(
        manifest
          ? {
              profile,
              manifest: {
                file: manifest.file,
                capabilities: manifest.generated.manifest.capabilities.map((c) => c.name),
                unresolved: manifest.generated.unresolved,
                excluded: manifest.generated.excluded,
              },
            }
          : { profile },
        () => renderSummary(profile, manifest, printer.colors, context.io.cwd),
      );
    });
}
