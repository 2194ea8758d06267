import type { PluginRecord } from '@mark1/storage';
import { registryError, RegistryErrorCodes } from '../errors';
import { findPlugin, findVersion } from '../lookup/find-plugin';
import type { RegistryContext } from '../registry-context';
import { activateVersion } from './activate-version';

/** What a rollback did. */
export interface RollbackResult {
  readonly plugin: PluginRecord;
  readonly from: string | null;
  readonly to: string;
}

/**
 * Makes an earlier installed version active again: `to`, or else the version installed just
 * before the active one. Instant: no fetch, no environment build (see `activateVersion`).
 */
export async function rollbackPlugin(
  context: RegistryContext,
  nameOrId: string,
  to?: string,
): Promise<RollbackResult> {
  await context.ensureRecovered();
  const plugin = await findPlugin(context.storage, nameOrId);
  let target;
  if (to !== undefined) {
    target = await findVersion(context.storage, plugin, to);
  } else {
    const versions = await context.storage.pluginVersions.list(plugin.pluginId);
    const active = versions.findIndex((version) => version.version === plugin.version);
    target = active === -1 ? versions[0] : versions[active + 1];
    if (!target) {
      throw registryError(
        RegistryErrorCodes.VERSION_NOT_FOUND,
        `Plugin ${plugin.name} has no version older than ${plugin.version ?? 'the active one'} to roll back to (installed: ${versions.map((version) => version.version).join(', ') || 'none'}).`,
        { details: { plugin: plugin.name, versions: versions.map((version) => version.version) } },
      );
    }
  }
  if (target.version === plugin.version)
    return { plugin, from: plugin.version, to: target.version };
  const updated = await activateVersion(context, plugin, target, 'plugin.rollback');
  return { plugin: updated, from: plugin.version, to: target.version };
}
