import type { PluginManifest } from '@mark1/sdk';
import type { PluginRecord, Storage } from '@mark1/storage';
import type { PluginValueStore } from '../secrets/plugin-values';
import { capabilityRows } from '../versions/capability-rows';
import type { InstallRecord } from '../versions/install-record';

/** Everything one registration writes. */
export interface RegisterVersionInput {
  /** The plugin being updated; absent for a new install. */
  readonly existing?: PluginRecord;
  /** Id for a new plugin (chosen before registration so the smoke test can name it). */
  readonly pluginId: string;
  readonly name: string;
  readonly pluginType: string;
  readonly manifest: PluginManifest;
  readonly version: string;
  readonly path: string;
  readonly source: string;
  readonly ref?: string;
  readonly commitSha?: string;
  readonly record: InstallRecord;
  /** Configuration values to store (encrypted). */
  readonly values: Readonly<Record<string, string>>;
  /** Who did it, for the audit log (`cli:<user>`). */
  readonly actor: string;
}

/**
 * Registers a version in one transaction: the plugin row (created, or pointed at the new active
 * version), the version row with its manifest and install record, its capabilities, the
 * plugin's encrypted values and an audit entry. Either all of it is stored, or none.
 */
export async function registerVersion(
  storage: Storage,
  values: PluginValueStore,
  input: RegisterVersionInput,
): Promise<PluginRecord> {
  const { validation } = input.record;
  const fields = {
    version: input.version,
    installationPath: input.path,
    source: input.source,
    ref: input.ref ?? null,
    description: input.manifest.plugin.description,
    runtime: input.manifest.plugin.runtime ?? input.record.environment.kind,
    pluginType: input.pluginType,
    certificationLevel: validation.certification,
    qualityScore: validation.scores.quality,
    securityScore: validation.scores.security,
  };
  return storage.withTransaction(async (repositories) => {
    const plugin = input.existing
      ? await repositories.plugins.update(input.existing.pluginId, fields)
      : await repositories.plugins.create({
          pluginId: input.pluginId,
          name: input.name,
          status: 'enabled',
          ...fields,
        });
    await repositories.pluginVersions.add({
      pluginId: plugin.pluginId,
      version: input.version,
      manifest: input.manifest as unknown as Record<string, unknown>,
      path: input.path,
      commitSha: input.commitSha ?? null,
      source: input.source,
      validationReport: input.record,
    });
    await repositories.pluginCapabilities.replace(
      plugin.pluginId,
      input.version,
      capabilityRows(input.manifest),
    );
    await values.save(repositories, plugin.pluginId, input.values);
    await repositories.auditLog.record({
      actor: input.actor,
      action: input.existing ? 'plugin.update' : 'plugin.install',
      target: input.name,
      outcome: 'success',
      details: {
        version: input.version,
        previousVersion: input.existing?.version ?? null,
        source: input.source,
        ref: input.ref ?? null,
        commitSha: input.commitSha ?? null,
        certification: validation.certification,
        values: Object.keys(input.values),
      },
    });
    return plugin;
  });
}
