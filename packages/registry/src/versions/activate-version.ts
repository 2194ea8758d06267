import { existsSync } from 'node:fs';
import type { PluginRecord, PluginVersionRecord } from '@mark1/storage';
import { registryError, RegistryErrorCodes } from '../errors';
import type { RegistryContext } from '../registry-context';
import { readInstallRecord } from './install-record';

/**
 * Makes an installed version the active one: one transaction updates the plugin row (version,
 * folder, scores of that version) and the audit log. Its folder, capabilities and environment
 * were kept, so this is instant. Throws when the version's folder is gone or outside the plugins folder.
 */
export async function activateVersion(
  context: RegistryContext,
  plugin: PluginRecord,
  version: PluginVersionRecord,
  action: 'plugin.rollback' | 'plugin.update',
): Promise<PluginRecord> {
  const path = context.layout.assertInside(
    version.path,
    `The folder of ${plugin.name}@${version.version}`,
  );
  if (!existsSync(path)) {
    throw registryError(
      RegistryErrorCodes.VERSION_NOT_FOUND,
      `The folder of ${plugin.name}@${version.version} (${path}) is missing; that version cannot be activated. Reinstall it with \`mark1 plugin update ${plugin.name} --ref <ref>\`.`,
      { details: { plugin: plugin.name, version: version.version, path } },
    );
  }
  const record = readInstallRecord(version.validationReport);
  const manifest = version.manifest as { plugin?: { description?: string } };
  const updated = await context.storage.withTransaction(async (repositories) => {
    const row = await repositories.plugins.update(plugin.pluginId, {
      version: version.version,
      installationPath: path,
      description: manifest.plugin?.description ?? plugin.description,
      certificationLevel: record?.validation.certification ?? null,
      qualityScore: record?.validation.scores.quality ?? null,
      securityScore: record?.validation.scores.security ?? null,
    });
    await repositories.auditLog.record({
      actor: context.settings.actor,
      action,
      target: plugin.name,
      outcome: 'success',
      details: { from: plugin.version, to: version.version },
    });
    return row;
  });
  context.invalidate();
  return updated;
}
