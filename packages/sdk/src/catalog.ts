import type { Capability, PluginManifest } from './manifest/schema';

/** One capability of one installed plugin, as planners and validators see it. */
export interface CatalogEntry {
  /** The plugin's name, as steps refer to it (`plugin:` in a workflow step). */
  readonly plugin: string;
  /** The installed version. */
  readonly pluginVersion?: string;
  /** The plugin's description. */
  readonly pluginDescription?: string;
  /** Plugin-level tags. */
  readonly pluginTags?: readonly string[];
  /** The capability itself. */
  readonly capability: Capability;
}

/**
 * What a workflow may call: the capabilities of installed, enabled plugins. The SDK validator and
 * the planner depend on this interface, never on the registry itself.
 */
export interface CapabilityCatalog {
  /** Every entry, in a stable order (plugin, then capability). */
  entries(): readonly CatalogEntry[];
  /** The capability `capability` of plugin `plugin`, if installed. */
  find(plugin: string, capability: string): CatalogEntry | undefined;
  /** Names of the plugins in the catalog, sorted. */
  plugins(): readonly string[];
}

/** Builds an in-memory catalog from manifests or entries. */
export function createCatalog(source: Iterable<PluginManifest | CatalogEntry>): CapabilityCatalog {
  const byKey = new Map<string, CatalogEntry>();
  for (const item of source) {
    if ('schema_version' in item) {
      for (const capability of item.capabilities) {
        const entry: CatalogEntry = {
          plugin: item.plugin.name,
          pluginVersion: item.plugin.version,
          pluginDescription: item.plugin.description,
          pluginTags: item.plugin.tags,
          capability,
        };
        byKey.set(`${entry.plugin}\u0000${capability.name}`, entry);
      }
    } else {
      byKey.set(`${item.plugin}\u0000${item.capability.name}`, item);
    }
  }
  const sorted = [...byKey.values()].sort(
    (a, b) =>
      a.plugin.localeCompare(b.plugin) || a.capability.name.localeCompare(b.capability.name),
  );
  const pluginNames = [...new Set(sorted.map((entry) => entry.plugin))];
  return {
    entries: () => sorted,
    find: (plugin, capability) => byKey.get(`${plugin}\u0000${capability}`),
    plugins: () => pluginNames,
  };
}
