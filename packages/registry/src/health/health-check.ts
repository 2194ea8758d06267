import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Mark1Error, type PluginManifest } from '@mark1/sdk';
import type { PluginRecord } from '@mark1/storage';
import { environmentKindOf } from '../environments/plugin-runtime';
import { venvPython } from '../environments/python-environment';
import { findPlugin, findVersion, manifestOf } from '../lookup/find-plugin';
import type { RegistryContext } from '../registry-context';
import { runCommand } from '../run-command';
import { checkEntryPoints } from '../validation/entry-points';
import { readInstallRecord } from '../versions/install-record';

/** The outcome of one check. */
export type HealthStatus = 'ok' | 'warning' | 'error';

/** The health of one installed plugin. */
export interface PluginHealth {
  readonly plugin: string;
  readonly version: string | null;
  /** The worst status of its checks. */
  readonly status: HealthStatus;
  readonly checks: readonly {
    readonly check: string;
    readonly status: HealthStatus;
    readonly message: string;
  }[];
}

const RANK: Record<HealthStatus, number> = { ok: 0, warning: 1, error: 2 };

async function checkPlugin(context: RegistryContext, plugin: PluginRecord): Promise<PluginHealth> {
  const checks: { check: string; status: HealthStatus; message: string }[] = [];
  const add = (check: string, status: HealthStatus, message: string) =>
    checks.push({ check, status, message });
  if (plugin.status === 'disabled')
    add(
      'status',
      'warning',
      'disabled: workflows cannot use it (`mark1 plugin enable` turns it on)',
    );
  let manifest: PluginManifest | undefined;
  let directory: string | undefined;
  let record;
  try {
    const version = await findVersion(context.storage, plugin);
    manifest = manifestOf(version);
    record = readInstallRecord(version.validationReport);
    directory = context.layout.assertInside(
      version.path,
      `The folder of ${plugin.name}@${version.version}`,
    );
  } catch (error) {
    add('version', 'error', Mark1Error.isInstance(error) ? error.message : String(error));
  }
  if (directory && !existsSync(directory)) {
    add('folder', 'error', `${directory} is missing; reinstall the plugin`);
    directory = undefined;
  } else if (directory) {
    add('folder', 'ok', directory);
  }
  if (manifest && directory) {
    const entryPoints = checkEntryPoints(directory, manifest);
    if (entryPoints.errors.length)
      add('entry-points', 'error', entryPoints.errors.map((issue) => issue.message).join('; '));
    else
      add(
        'entry-points',
        'ok',
        `${manifest.capabilities.length} capabilit${manifest.capabilities.length === 1 ? 'y' : 'ies'} found`,
      );
    const kind = environmentKindOf(manifest, directory);
    if (kind === 'python') {
      const python = venvPython(directory);
      const result = existsSync(python)
        ? await runCommand(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
            timeoutMs: 20_000,
          }).catch((error: Error) => ({ code: -1, stdout: '', stderr: error.message }))
        : undefined;
      if (!result)
        add('environment', 'error', `the virtualenv is missing (${python}); reinstall the plugin`);
      else if (result.code !== 0)
        add(
          'environment',
          'error',
          `the virtualenv's python does not run (${result.stderr.trim().slice(0, 200)}); its base Python may have been removed: reinstall the plugin`,
        );
      else add('environment', 'ok', `virtualenv with Python ${result.stdout.trim()}`);
    } else if (
      kind === 'node' &&
      (record?.environment.installed.length ?? 0) > 0 &&
      !existsSync(join(directory, 'node_modules'))
    ) {
      add('environment', 'error', 'node_modules is missing; reinstall the plugin');
    } else if (kind === 'node') {
      add('environment', 'ok', `Node.js ${process.versions.node}`);
    }
    if (record?.environment.skipped.length) {
      add(
        'dependencies',
        'warning',
        `not installed (--no-deps): ${record.environment.skipped.join(', ')}`,
      );
    }
    let stored: Record<string, string> = {};
    try {
      stored = await context.values.load(context.storage, plugin.pluginId);
      const missing = manifest.environment.filter(
        (variable) =>
          variable.required && variable.default === undefined && !(variable.name in stored),
      );
      if (missing.length)
        add(
          'configuration',
          'error',
          `missing required values: ${missing.map((variable) => variable.name).join(', ')} (set them with \`mark1 plugin update ${plugin.name} --env NAME=value\`)`,
        );
      else
        add(
          'configuration',
          'ok',
          `${Object.keys(stored).length} value${Object.keys(stored).length === 1 ? '' : 's'} stored`,
        );
    } catch (error) {
      add('configuration', 'error', Mark1Error.isInstance(error) ? error.message : String(error));
    }
  }
  const status = checks.reduce<HealthStatus>(
    (worst, check) => (RANK[check.status] > RANK[worst] ? check.status : worst),
    'ok',
  );
  return { plugin: plugin.name, version: plugin.version, status, checks };
}

/**
 * Checks installed plugins (one, or all): the active version's folder exists inside the plugins
 * folder, its entry points are there, its environment works (the virtualenv's python runs), its
 * dependencies were installed, and its stored values decrypt and cover every required variable.
 */
export async function healthCheck(
  context: RegistryContext,
  nameOrId?: string,
): Promise<PluginHealth[]> {
  await context.ensureRecovered();
  const plugins = nameOrId
    ? [await findPlugin(context.storage, nameOrId)]
    : await context.storage.plugins.list();
  const results: PluginHealth[] = [];
  for (const plugin of plugins) results.push(await checkPlugin(context, plugin));
  return results;
}
