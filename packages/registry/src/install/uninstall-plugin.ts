import { existsSync, rmSync } from 'node:fs';
import type { PluginRecord } from '@mark1/storage';
import { findPlugin } from '../lookup/find-plugin';
import type { RegistryContext } from '../registry-context';
import { beginOperation } from './operation-journal';

/** What an uninstall removed. */
export interface UninstallResult {
  readonly plugin: PluginRecord;
  /** Version labels removed. */
  readonly versions: readonly string[];
  /** The folder removed. */
  readonly path: string;
}

/**
 * Removes a plugin: its rows (versions, capabilities, secrets, executions) in one transaction,
 * then its folder. Every stored path is checked to be inside the plugins folder before anything
 * is deleted; a crash after the transaction leaves a journal so the folder is removed on the next start.
 */
export async function uninstallPlugin(
  context: RegistryContext,
  nameOrId: string,
): Promise<UninstallResult> {
  await context.ensureRecovered();
  const plugin = await findPlugin(context.storage, nameOrId);
  const versions = await context.storage.pluginVersions.list(plugin.pluginId);
  const folder = context.layout.pluginDir(plugin.name);
  for (const version of versions)
    context.layout.assertInside(version.path, `The folder of ${plugin.name}@${version.version}`);
  if (plugin.installationPath)
    context.layout.assertInside(plugin.installationPath, `The folder of ${plugin.name}`);
  const journal = beginOperation(context.layout, 'uninstall', plugin.name);
  let committed = false;
  try {
    journal.update({
      targets: [
        folder,
        ...versions.map((version) => version.path).filter((path) => !path.startsWith(`${folder}/`)),
      ],
    });
    await context.storage.withTransaction(async (repositories) => {
      await repositories.plugins.delete(plugin.pluginId);
      await repositories.auditLog.record({
        actor: context.settings.actor,
        action: 'plugin.uninstall',
        target: plugin.name,
        outcome: 'success',
        details: { versions: versions.map((version) => version.version) },
      });
    });
    committed = true;
    for (const path of journal.record.targets)
      if (existsSync(path)) rmSync(path, { recursive: true, force: true });
    journal.finish();
  } catch (error) {
    // After the commit the journal stays, so the next start removes what could not be removed now.
    if (!committed) journal.finish();
    throw error;
  }
  context.invalidate();
  return { plugin, versions: versions.map((version) => version.version), path: folder };
}
