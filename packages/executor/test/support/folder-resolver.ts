import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Mark1Error, type PluginResolver, type ResolvedPlugin, readManifestFile } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';

/** The fixture plugins of this package. */
export const FIXTURE_PLUGINS = resolve(import.meta.dirname, '../fixtures/plugins');

/** Options of {@link createFolderResolver}. */
export interface FolderResolverOptions {
  /** Secrets per plugin name (each plugin gets only its own). */
  secrets?: Record<string, Record<string, string>>;
  /** Install-time variables per plugin name. */
  variables?: Record<string, Record<string, string>>;
  /** Plugin ids per name, when they are registered in storage. */
  ids?: Record<string, string>;
}

/**
 * A {@link PluginResolver} over a folder of plugin folders, each with a manifest: what the registry
 * does for installed plugins, without installing (environment kind `none`, system Python/Node).
 */
export function createFolderResolver(
  folder = FIXTURE_PLUGINS,
  options: FolderResolverOptions = {},
): PluginResolver & {
  manifests(): ResolvedPlugin['manifest'][];
} {
  const plugins = new Map<string, ResolvedPlugin>();
  for (const name of readdirSync(folder)) {
    const directory = join(folder, name);
    let manifest;
    try {
      manifest = readManifestFile(directory).manifest;
    } catch {
      continue;
    }
    const pluginName = manifest.plugin.name;
    plugins.set(pluginName, {
      id: options.ids?.[pluginName] ?? `fixture-${pluginName}`,
      name: pluginName,
      version: manifest.plugin.version,
      directory,
      manifest,
      environment: {
        kind: 'none',
        pathPrepend: [],
        variables: options.variables?.[pluginName] ?? {},
        secrets: options.secrets?.[pluginName] ?? {},
        readOnlyPaths: [],
      },
    });
  }
  return {
    async resolve(name) {
      const plugin = plugins.get(name);
      if (!plugin) {
        throw new Mark1Error(
          'PLUGIN_NOT_FOUND',
          `Plugin "${name}" is not installed (fixtures: ${[...plugins.keys()].join(', ')}).`,
        );
      }
      return plugin;
    },
    manifests: () => [...plugins.values()].map((plugin) => plugin.manifest),
  };
}

/** Registers every fixture plugin in storage (as the registry would), returning their ids by name. */
export async function registerFixturePlugins(
  storage: Storage,
  folder = FIXTURE_PLUGINS,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const resolver = createFolderResolver(folder);
  for (const manifest of resolver.manifests()) {
    const record = await storage.plugins.create({
      name: manifest.plugin.name,
      pluginType: manifest.plugin.runtime ?? 'python',
      version: manifest.plugin.version,
      installationPath: join(folder, manifest.plugin.name),
    });
    ids[manifest.plugin.name] = record.pluginId;
  }
  return ids;
}
