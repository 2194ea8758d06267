import type { PluginResolver, ResolvedPlugin } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';
import {
  describeEnvironment,
  type DescribeEnvironmentOptions,
} from '../environments/describe-environment';
import { registryError, RegistryErrorCodes } from '../errors';
import type { PluginLayout } from '../plugin-layout';
import { type PluginValueStore, splitPluginValues } from '../secrets/plugin-values';
import { findPlugin, findVersion, manifestOf } from './find-plugin';

/** What the resolver reads from. */
export interface ResolverDependencies {
  readonly storage: Storage;
  readonly layout: PluginLayout;
  readonly values: PluginValueStore;
  readonly environment?: DescribeEnvironmentOptions;
}

/**
 * Resolves an installed plugin (by name or id) for execution: its active version, its folder
 * (checked to be inside the plugins folder), manifest, environment and its own decrypted values.
 * Throws `PLUGIN_NOT_FOUND` (with the closest name), or `PLUGIN_DISABLED` unless `allowDisabled`.
 */
export async function resolveInstalled(
  dependencies: ResolverDependencies,
  name: string,
  options: { allowDisabled?: boolean } = {},
): Promise<ResolvedPlugin> {
  const { storage, layout } = dependencies;
  const plugin = await findPlugin(storage, name);
  if (plugin.status !== 'enabled' && !options.allowDisabled) {
    throw registryError(
      RegistryErrorCodes.PLUGIN_DISABLED,
      `Plugin ${plugin.name} is disabled; enable it with \`mark1 plugin enable ${plugin.name}\`.`,
      { details: { plugin: plugin.name } },
    );
  }
  const version = await findVersion(storage, plugin);
  const directory = layout.assertInside(
    version.path,
    `The folder of ${plugin.name}@${version.version}`,
  );
  const manifest = manifestOf(version);
  const values = splitPluginValues(
    manifest,
    await dependencies.values.load(storage, plugin.pluginId),
  );
  return {
    id: plugin.pluginId,
    name: plugin.name,
    version: version.version,
    directory,
    manifest,
    environment: describeEnvironment(directory, manifest, values, dependencies.environment),
  };
}

/** The {@link PluginResolver} the executor uses: {@link resolveInstalled} for enabled plugins. */
export function createRegistryResolver(dependencies: ResolverDependencies): PluginResolver {
  return { resolve: (name: string) => resolveInstalled(dependencies, name) };
}
