import { closestMatch, type PluginManifest, PluginManifestSchema } from '@mark1/sdk';
import type { PluginRecord, PluginVersionRecord, Repositories } from '@mark1/storage';
import { registryError, RegistryErrorCodes } from '../errors';

/** The installed plugin with this name or id; throws `PLUGIN_NOT_FOUND` with the closest name. */
export async function findPlugin(
  repositories: Repositories,
  nameOrId: string,
): Promise<PluginRecord> {
  const byName = await repositories.plugins.getByName(nameOrId);
  if (byName) return byName;
  const byId = await repositories.plugins.get(nameOrId);
  if (byId) return byId;
  const names = (await repositories.plugins.list()).map((plugin) => plugin.name);
  const suggestion = closestMatch(nameOrId, names);
  throw registryError(
    RegistryErrorCodes.PLUGIN_NOT_FOUND,
    `No installed plugin is named "${nameOrId}"${suggestion ? `; did you mean "${suggestion}"?` : '.'} List them with \`mark1 plugin list\`, or install it with \`mark1 plugin install <source>\`.`,
    { details: { plugin: nameOrId, ...(suggestion ? { suggestion } : {}) } },
  );
}

/** The version row of `version` (the active one by default); throws `VERSION_NOT_FOUND`. */
export async function findVersion(
  repositories: Repositories,
  plugin: PluginRecord,
  version: string | null = plugin.version,
): Promise<PluginVersionRecord> {
  const row = version ? await repositories.pluginVersions.get(plugin.pluginId, version) : undefined;
  if (row) return row;
  const versions = (await repositories.pluginVersions.list(plugin.pluginId)).map(
    (item) => item.version,
  );
  throw registryError(
    RegistryErrorCodes.VERSION_NOT_FOUND,
    `Plugin ${plugin.name} has no installed version "${version ?? '(none)'}". Installed versions: ${versions.join(', ') || 'none'}.`,
    { details: { plugin: plugin.name, version, versions } },
  );
}

/** The normalized manifest stored with a version. */
export function manifestOf(version: PluginVersionRecord): PluginManifest {
  return PluginManifestSchema.parse(version.manifest);
}
