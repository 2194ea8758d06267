import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginManifest } from '@mark1/sdk';
import { errnoCode, registryError, RegistryErrorCodes } from '../errors';
import { runCommand, tailLines, type CommandResult } from '../run-command';
import {
  type EnvironmentOptions,
  type EnvironmentReport,
  installerEnvironment,
} from './environment-report';
import { satisfiesRange } from './version-range';

/** Options of {@link createNodeEnvironment}. */
export interface NodeEnvironmentOptions extends EnvironmentOptions {
  /**
   * The npm executable.
   * @default 'npm'
   */
  npm?: string;
  /**
   * The Node.js binary plugins run with (its version is checked against `dependencies.node`).
   * @default process.execPath
   */
  node?: string;
}

const LIFECYCLE_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

interface PackageJson {
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

function readPackageJson(pluginDir: string): PackageJson | undefined {
  const path = join(pluginDir, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch (error) {
    throw registryError(
      RegistryErrorCodes.ENVIRONMENT_FAILED,
      `${path} is not valid JSON (${(error as Error).message}); fix it and try again.`,
      { cause: error, details: { path } },
    );
  }
}

function specName(spec: string): string {
  const scoped = spec.startsWith('@');
  const at = spec.indexOf('@', scoped ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

function failedPackages(
  output: string,
  requested: readonly string[],
): { requirement: string; reason: string }[] {
  const notFound = [
    ...output.matchAll(/404 Not Found - GET \S+\/(@?[^/\s]+(?:%2f[^/\s]+)?)\b/gi),
  ].map((match) => decodeURIComponent(match[1]!));
  const noVersion = [...output.matchAll(/No matching version found for (\S+)/g)].map((match) =>
    match[1]!.replace(/\.$/, ''),
  );
  const named = [...new Set([...notFound, ...noVersion])];
  const reason = tailLines(output, 3) || 'npm failed';
  if (named.length)
    return named.map((requirement) => ({
      requirement,
      reason: noVersion.includes(requirement) ? 'no matching version' : 'not found in the registry',
    }));
  return requested.map((requirement) => ({ requirement, reason }));
}

async function run(
  command: string,
  args: string[],
  options: NodeEnvironmentOptions,
  cwd: string,
): Promise<CommandResult> {
  try {
    return await runCommand(command, args, {
      cwd,
      env: {
        ...installerEnvironment(options.env),
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
      },
      signal: options.signal,
      onSpawn: options.onSpawn,
    });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw registryError(
        RegistryErrorCodes.RUNTIME_MISSING,
        `This plugin has Node.js dependencies, but "${command}" was not found on PATH. Install Node.js with npm, or install with --no-deps.`,
        { cause: error, details: { npm: command } },
      );
    }
    throw error;
  }
}

/**
 * Installs a Node plugin's dependencies into its own folder: `npm ci` when it has a lockfile, else
 * `npm install`, always with `--ignore-scripts` (a plugin's install scripts would run its code on
 * this machine, outside the sandbox) and without dev dependencies; the manifest's
 * `dependencies.packages` are added without touching package.json. Fails with
 * `DEPENDENCIES_FAILED` naming what npm could not install.
 */
export async function createNodeEnvironment(
  pluginDir: string,
  manifest: PluginManifest,
  options: NodeEnvironmentOptions = {},
): Promise<EnvironmentReport> {
  const started = performance.now();
  const node = options.node ?? process.execPath;
  const nodeVersion = node === process.execPath ? process.versions.node : '';
  const wanted = manifest.dependencies.node;
  if (wanted && nodeVersion && !satisfiesRange(nodeVersion, wanted)) {
    throw registryError(
      RegistryErrorCodes.RUNTIME_MISSING,
      `This plugin needs Node.js ${wanted}, but this is ${nodeVersion}. Run Mark-1 with a matching Node.js.`,
      { details: { wanted, found: nodeVersion } },
    );
  }
  const packageJson = readPackageJson(pluginDir);
  const declared = Object.entries(packageJson?.dependencies ?? {}).map(
    ([name, range]) => `${name}@${range}`,
  );
  const extra = [...manifest.dependencies.packages];
  const requested = [...declared, ...extra];
  const notes: string[] = [];
  const scripts = LIFECYCLE_SCRIPTS.filter((name) => packageJson?.scripts?.[name]);
  if (scripts.length)
    notes.push(
      `install scripts were not run (${scripts.join(', ')}): plugins' code runs only in the sandbox`,
    );
  const report = (installed: { name: string; version: string }[]): EnvironmentReport => ({
    kind: 'node',
    location: join(pluginDir, 'node_modules'),
    interpreter: { path: node, version: nodeVersion },
    requested,
    installed,
    failed: [],
    skipped: options.noDeps ? requested : [],
    notes,
    durationMs: Math.round(performance.now() - started),
  });
  if (requested.length === 0 || options.noDeps) return report([]);

  const npm = options.npm ?? 'npm';
  const common = ['--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'];
  const hasLock =
    existsSync(join(pluginDir, 'package-lock.json')) ||
    existsSync(join(pluginDir, 'npm-shrinkwrap.json'));
  options.onStep?.(
    `Installing ${requested.length} Node package${requested.length === 1 ? '' : 's'} with npm`,
  );
  const steps: string[][] = [];
  if (declared.length)
    steps.push(
      hasLock ? ['ci', ...common] : ['install', '--no-save', '--no-package-lock', ...common],
    );
  if (extra.length)
    steps.push(['install', '--no-save', '--no-package-lock', ...common, '--', ...extra]);
  for (const args of steps) {
    const result = await run(npm, args, options, pluginDir);
    if (result.code !== 0) {
      const output = `${result.stdout}\n${result.stderr}`;
      const failed = failedPackages(output, requested);
      throw registryError(
        RegistryErrorCodes.DEPENDENCIES_FAILED,
        `npm could not install ${failed.map((item) => item.requirement).join(', ')} (npm ${args[0]}): ${failed[0]?.reason ?? ''}. Check the names and versions and the npm registry connection, or install without dependencies with --no-deps.\n${tailLines(result.stderr || result.stdout, 8)}`,
        { details: { failed, requested } },
      );
    }
  }
  const installed = [...new Set(requested.map(specName))].flatMap((name) => {
    try {
      const json = JSON.parse(
        readFileSync(join(pluginDir, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version?: string };
      return [{ name, version: json.version ?? '?' }];
    } catch {
      return [];
    }
  });
  return report(installed);
}
