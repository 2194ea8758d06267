import { Mark1Error, type PluginManifest } from '@mark1/sdk';
import type { PluginRecord } from '@mark1/storage';
import type { EnvironmentReport } from '../environments/environment-report';
import type { SmokeTestReport } from '../install/smoke-test';
import type { RegistryContext } from '../registry-context';
import type { ValidationReport } from '../validation/validation-report';
import { readInstallRecord } from '../versions/install-record';
import { findPlugin, findVersion, manifestOf } from './find-plugin';

/** An installed plugin, as `plugin list` shows it. */
export interface PluginSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string | null;
  readonly status: 'enabled' | 'disabled';
  readonly description: string;
  readonly runtime: string | null;
  readonly pluginType: string;
  readonly source: string | null;
  readonly ref: string | null;
  readonly certification: string | null;
  readonly scores: { readonly quality: number | null; readonly security: number | null };
  /** Capabilities of the active version. */
  readonly capabilities: number;
  readonly installedAt: string;
  readonly updatedAt: string;
}

/** One configuration value of a plugin; secret values are never included. */
export interface ConfigurationEntry {
  readonly name: string;
  readonly secret: boolean;
  readonly required: boolean;
  readonly description?: string;
  /** Whether a value is stored. */
  readonly set: boolean;
  /** The stored (or default) value of a non-secret variable. */
  readonly value?: string;
  readonly default?: string;
  /** Declared by the manifest (false for extra `--env` values). */
  readonly declared: boolean;
}

/** Everything about one installed plugin, as `plugin info` shows it. */
export interface PluginDetails extends PluginSummary {
  /** Folder of the active version. */
  readonly path: string | null;
  readonly manifest: PluginManifest;
  readonly versions: readonly {
    readonly version: string;
    readonly active: boolean;
    readonly installedAt: string;
    readonly commitSha: string | null;
    readonly source: string | null;
    readonly certification?: string;
    readonly path: string;
  }[];
  readonly configuration: readonly ConfigurationEntry[];
  /** Problems reading the stored values (a changed key). */
  readonly problems: readonly string[];
  readonly validation?: ValidationReport;
  readonly environment?: EnvironmentReport;
  readonly smokeTest?: SmokeTestReport;
  readonly manifestOrigin?: 'file' | 'generated';
}

function summary(plugin: PluginRecord, capabilities: number): PluginSummary {
  return {
    id: plugin.pluginId,
    name: plugin.name,
    version: plugin.version,
    status: plugin.status,
    description: plugin.description ?? '',
    runtime: plugin.runtime,
    pluginType: plugin.pluginType,
    source: plugin.source,
    ref: plugin.ref,
    certification: plugin.certificationLevel,
    scores: { quality: plugin.qualityScore, security: plugin.securityScore },
    capabilities,
    installedAt: plugin.createdAt,
    updatedAt: plugin.updatedAt,
  };
}

/** Every installed plugin, sorted by name, with its active version's capability count. */
export async function listPlugins(context: RegistryContext): Promise<PluginSummary[]> {
  await context.ensureRecovered();
  const plugins = await context.storage.plugins.list();
  const capabilities = await context.storage.pluginCapabilities.list();
  const counts = new Map<string, number>();
  const active = new Map(plugins.map((plugin) => [plugin.pluginId, plugin.version]));
  for (const capability of capabilities) {
    if (active.get(capability.pluginId) === capability.version)
      counts.set(capability.pluginId, (counts.get(capability.pluginId) ?? 0) + 1);
  }
  return plugins.map((plugin) => summary(plugin, counts.get(plugin.pluginId) ?? 0));
}

/** Everything about one plugin (by name or id); secret values are never read into the result. */
export async function describePlugin(
  context: RegistryContext,
  nameOrId: string,
): Promise<PluginDetails> {
  await context.ensureRecovered();
  const plugin = await findPlugin(context.storage, nameOrId);
  const version = await findVersion(context.storage, plugin);
  const manifest = manifestOf(version);
  const versions = await context.storage.pluginVersions.list(plugin.pluginId);
  const record = readInstallRecord(version.validationReport);
  const problems: string[] = [];
  let stored: Record<string, string> = {};
  try {
    stored = await context.values.load(context.storage, plugin.pluginId);
  } catch (error) {
    problems.push(Mark1Error.isInstance(error) ? error.message : String(error));
    stored = Object.fromEntries(
      (await context.values.names(context.storage, plugin.pluginId)).map((name) => [name, '']),
    );
  }
  const declared = new Set(manifest.environment.map((variable) => variable.name));
  const configuration: ConfigurationEntry[] = [
    ...manifest.environment.map((variable) => ({
      name: variable.name,
      secret: variable.secret,
      required: variable.required,
      ...(variable.description ? { description: variable.description } : {}),
      set: variable.name in stored,
      ...(!variable.secret && (stored[variable.name] ?? variable.default) !== undefined
        ? { value: stored[variable.name] ?? variable.default }
        : {}),
      ...(variable.default !== undefined ? { default: variable.default } : {}),
      declared: true,
    })),
    ...Object.keys(stored)
      .filter((name) => !declared.has(name))
      .map((name) => ({
        name,
        secret: false,
        required: false,
        set: true,
        value: stored[name],
        declared: false,
      })),
  ];
  return {
    ...summary(plugin, manifest.capabilities.length),
    path: plugin.installationPath,
    manifest,
    versions: versions.map((item) => {
      const itemRecord = readInstallRecord(item.validationReport);
      return {
        version: item.version,
        active: item.version === plugin.version,
        installedAt: item.createdAt,
        commitSha: item.commitSha,
        source: item.source,
        ...(itemRecord ? { certification: itemRecord.validation.certification } : {}),
        path: item.path,
      };
    }),
    configuration,
    problems,
    ...(record
      ? {
          validation: record.validation,
          environment: record.environment,
          smokeTest: record.smokeTest,
          manifestOrigin: record.manifestOrigin,
        }
      : {}),
  };
}
