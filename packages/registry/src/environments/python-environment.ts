import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginManifest } from '@mark1/sdk';
import { errnoCode, registryError, RegistryErrorCodes } from '../errors';
import { runCommand, tailLines, type CommandResult } from '../run-command';
import {
  type EnvironmentOptions,
  type EnvironmentReport,
  type FailedDependency,
  installerEnvironment,
} from './environment-report';
import { satisfiesRange } from './version-range';

/** The virtualenv folder inside an installed plugin. */
export const VENV_FOLDER = '.venv';

/** Where pip may look for packages. */
export interface PipSources {
  /** Folders or URLs of wheels (`pip --find-links`). */
  readonly findLinks?: readonly string[];
  /** Do not use the package index (`pip --no-index`): offline installs from `findLinks` only. */
  readonly noIndex?: boolean;
}

/** Options of {@link createPythonEnvironment}. */
export interface PythonEnvironmentOptions extends EnvironmentOptions {
  /**
   * The Python used to create the virtualenv.
   * @default 'python3'
   */
  python?: string;
  /** Package sources for pip. */
  pip?: PipSources;
}

/** The virtualenv's python inside a plugin folder. */
export function venvPython(pluginDir: string): string {
  return join(pluginDir, VENV_FOLDER, 'bin', 'python');
}

/** Requirements a manifest asks pip for: package strings, then `-r file` per requirement file. */
export function pythonRequirements(manifest: PluginManifest): {
  packages: string[];
  files: string[];
} {
  return {
    packages: [...manifest.dependencies.packages],
    files: [...manifest.dependencies.requirements],
  };
}

async function run(
  command: string,
  args: string[],
  options: PythonEnvironmentOptions,
  cwd?: string,
): Promise<CommandResult> {
  return runCommand(command, args, {
    cwd,
    env: {
      ...installerEnvironment(options.env),
      PIP_NO_INPUT: '1',
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
    },
    signal: options.signal,
    onSpawn: options.onSpawn,
  });
}

async function interpreterVersion(
  python: string,
  options: PythonEnvironmentOptions,
): Promise<string> {
  let result: CommandResult;
  try {
    result = await run(
      python,
      ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
      options,
    );
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw registryError(
        RegistryErrorCodes.RUNTIME_MISSING,
        `This plugin needs Python, but "${python}" was not found on PATH. Install Python 3 (with the venv module), or point Mark-1 at it.`,
        { cause: error, details: { python } },
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    throw registryError(
      RegistryErrorCodes.RUNTIME_MISSING,
      `"${python}" did not run: ${tailLines(result.stderr, 4)}`,
      {
        details: { python },
      },
    );
  }
  return result.stdout.trim();
}

/** Terminal colour and style sequences (pip colours its messages when a parent forces colour). */
const ANSI_ESCAPES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** Requirements pip could not satisfy, read from its messages. */
export function failedRequirements(
  rawOutput: string,
  requested: readonly string[],
): FailedDependency[] {
  const output = rawOutput.replace(ANSI_ESCAPES, '');
  const failed = new Map<string, string>();
  for (const match of output.matchAll(/No matching distribution found for ([^\s]+)/g)) {
    failed.set(
      match[1]!,
      'no matching distribution found (not on the index or find-links, or no wheel for this platform)',
    );
  }
  for (const match of output.matchAll(
    /Could not find a version that satisfies the requirement ([^\s]+)(?: \(from versions: ([^)]*)\))?/g,
  )) {
    if (!failed.has(match[1]!))
      failed.set(
        match[1]!,
        `no version satisfies it${match[2] ? ` (available: ${match[2]})` : ''}`,
      );
  }
  if (failed.size === 0) {
    const reason = tailLines(output, 3) || 'pip failed';
    return requested.map((requirement) => ({ requirement, reason }));
  }
  return [...failed].map(([requirement, reason]) => ({ requirement, reason }));
}

function readPipList(stdout: string): { name: string; version: string }[] {
  try {
    const parsed = JSON.parse(stdout) as { name: string; version: string }[];
    return parsed
      .filter((item) => !['pip', 'setuptools', 'wheel'].includes(item.name.toLowerCase()))
      .map((item) => ({ name: item.name, version: item.version }));
  } catch {
    return [];
  }
}

/**
 * Creates the plugin's own virtualenv (`python3 -m venv <plugin>/.venv`, without pip when there is
 * nothing to install) and installs its declared requirements with pip, from wheels only (no
 * package build scripts run on this machine). Fails with `DEPENDENCIES_FAILED` naming each
 * requirement pip could not install; with `noDeps`, installs nothing and lists them as skipped.
 */
export async function createPythonEnvironment(
  pluginDir: string,
  manifest: PluginManifest,
  options: PythonEnvironmentOptions = {},
): Promise<EnvironmentReport> {
  const started = performance.now();
  const python = options.python ?? 'python3';
  const version = await interpreterVersion(python, options);
  const wanted = manifest.dependencies.python;
  if (wanted && !satisfiesRange(version, wanted)) {
    throw registryError(
      RegistryErrorCodes.RUNTIME_MISSING,
      `This plugin needs Python ${wanted}, but ${python} is ${version}. Install a matching Python and try again.`,
      { details: { wanted, found: version } },
    );
  }
  const { packages, files } = pythonRequirements(manifest);
  const requested = [...packages, ...files.map((file) => `-r ${file}`)];
  const notes: string[] = [];
  if (files.length === 0 && existsSync(join(pluginDir, 'requirements.txt'))) {
    notes.push(
      'requirements.txt is present but the manifest does not list it under dependencies.requirements; it was not installed',
    );
  }
  const installing = requested.length > 0 && !options.noDeps;
  const venv = join(pluginDir, VENV_FOLDER);
  options.onStep?.(`Creating a virtualenv with Python ${version}`);
  const created = await run(
    python,
    ['-m', 'venv', ...(installing ? [] : ['--without-pip']), venv],
    options,
    pluginDir,
  );
  if (created.code !== 0) {
    throw registryError(
      RegistryErrorCodes.ENVIRONMENT_FAILED,
      `Cannot create a virtualenv with ${python}: ${tailLines(created.stderr || created.stdout, 4)}\nInstall Python's venv module (e.g. the python3-venv package) and try again.`,
      { details: { python, venv } },
    );
  }
  const executable = venvPython(pluginDir);
  let installed: { name: string; version: string }[] = [];
  if (installing) {
    options.onStep?.(
      `Installing ${requested.length} Python requirement${requested.length === 1 ? '' : 's'} with pip`,
    );
    const sources = [
      ...(options.pip?.noIndex ? ['--no-index'] : []),
      ...(options.pip?.findLinks ?? []).flatMap((link) => ['--find-links', link]),
    ];
    const args = [
      '-m',
      'pip',
      'install',
      '--no-input',
      '--no-color',
      '--only-binary=:all:',
      '--retries',
      '1',
      '--timeout',
      '15',
      ...sources,
      ...files.flatMap((file) => ['-r', file]),
      ...packages,
    ];
    const result = await run(executable, args, options, pluginDir);
    if (result.code !== 0) {
      const failed = failedRequirements(`${result.stdout}\n${result.stderr}`, requested);
      throw registryError(
        RegistryErrorCodes.DEPENDENCIES_FAILED,
        `pip could not install ${failed.map((item) => item.requirement).join(', ')}: ${failed[0]?.reason ?? 'see the output'}. Mark-1 installs wheels only; for an offline install give a folder of wheels with --find-links DIR --no-index, or install without dependencies with --no-deps.\n${tailLines(result.stderr || result.stdout, 8)}`,
        { details: { failed, requested } },
      );
    }
    const list = await run(
      executable,
      ['-m', 'pip', 'list', '--format', 'json'],
      options,
      pluginDir,
    );
    installed = list.code === 0 ? readPipList(list.stdout) : [];
  }
  return {
    kind: 'python',
    location: venv,
    interpreter: { path: executable, version },
    requested,
    installed,
    failed: [],
    skipped: options.noDeps ? requested : [],
    notes,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The base interpreter's prefix a virtualenv points at (from pyvenv.cfg), if readable. */
export function venvBasePrefix(pluginDir: string): string | undefined {
  try {
    const config = readFileSync(join(pluginDir, VENV_FOLDER, 'pyvenv.cfg'), 'utf8');
    const home = /^home\s*=\s*(.+)$/m.exec(config)?.[1]?.trim();
    return home ? join(home, '..') : undefined;
  } catch {
    return undefined;
  }
}
