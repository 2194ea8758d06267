import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonObjectSchema,
  JsonValueSchema,
  nowIso,
  parseInput,
  runQuery,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** One installed version of a plugin (`plugin_versions`). */
export const PluginVersionRecordSchema = z.object({
  id: z.number().int(),
  pluginId: z.string(),
  version: z.string(),
  /** The normalized manifest (a PluginManifest as JSON). */
  manifest: JsonObjectSchema,
  /** Folder this version is installed in. */
  path: z.string(),
  /** Git commit installed, when installed from git. */
  commitSha: z.string().nullable(),
  /** Git URL or local path it came from. */
  source: z.string().nullable(),
  /** The validation report (scores, findings) as JSON. */
  validationReport: JsonValueSchema.nullable(),
  createdAt: TimestampSchema,
});
/** One installed version of a plugin. */
export type PluginVersionRecord = z.infer<typeof PluginVersionRecordSchema>;

/** What `pluginVersions.add` accepts. */
export const NewPluginVersionSchema = z.object({
  pluginId: z.string().min(1),
  version: z.string().min(1),
  manifest: JsonObjectSchema,
  path: z.string().min(1),
  commitSha: z.string().min(1).nullable().optional(),
  source: z.string().min(1).nullable().optional(),
  validationReport: JsonValueSchema.nullable().optional(),
});
/** What `pluginVersions.add` accepts. */
export type NewPluginVersion = z.input<typeof NewPluginVersionSchema>;

/** Installed versions of plugins (`plugin_versions`). */
export interface PluginVersionsRepository {
  /** Records a version; `CONFLICT` when that plugin already has it, `NOT_FOUND` when the plugin does not exist. */
  add(version: NewPluginVersion): Promise<PluginVersionRecord>;
  /** One version, or undefined. */
  get(pluginId: string, version: string): Promise<PluginVersionRecord | undefined>;
  /** A plugin's versions, newest first. */
  list(pluginId: string): Promise<PluginVersionRecord[]>;
  /** Replaces the validation report of a version; false when absent. */
  setValidationReport(pluginId: string, version: string, report: unknown): Promise<boolean>;
  /** Deletes a version; false when absent. */
  delete(pluginId: string, version: string): Promise<boolean>;
}

const TABLE = 'plugin_versions';

/** The {@link PluginVersionsRepository} on `context`. */
export function createPluginVersionsRepository(
  context: RepositoryContext,
): PluginVersionsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      pluginId: ['plugin_id', 'text'],
      version: ['version', 'text'],
      manifest: ['manifest', 'json'],
      path: ['path', 'text'],
      commitSha: ['commit_sha', 'text'],
      source: ['source', 'text'],
      validationReport: ['validation_report', 'json'],
      createdAt: ['created_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, PluginVersionRecordSchema, row, TABLE);
  const get = async (pluginId: string, version: string) => {
    const row = await runQuery(context, `reading version ${version} of plugin ${pluginId}`, () =>
      context.db(TABLE).where({ plugin_id: pluginId, version }).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async add(version) {
      const input = parseInput(NewPluginVersionSchema, version, 'plugin version');
      await runQuery(
        context,
        `add version ${input.version} of plugin ${input.pluginId}`,
        () => context.db(TABLE).insert(codec.toRow({ ...input, createdAt: nowIso() })),
        {
          conflict: `Plugin ${input.pluginId} already has version ${input.version}; bump the version or remove the old one first.`,
          missingReference: `Plugin ${input.pluginId} does not exist; create the plugin before adding versions.`,
        },
      );
      return (await get(input.pluginId, input.version))!;
    },
    get,
    async list(pluginId) {
      const rows = await runQuery(context, `listing versions of plugin ${pluginId}`, () =>
        context
          .db(TABLE)
          .where('plugin_id', pluginId)
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ]),
      );
      return rows.map(decode);
    },
    async setValidationReport(pluginId, version, report) {
      const changed = await runQuery(
        context,
        `store the validation report of ${pluginId}@${version}`,
        () =>
          context
            .db(TABLE)
            .where({ plugin_id: pluginId, version })
            .update(codec.toRow({ validationReport: report ?? null })),
      );
      return changed > 0;
    },
    async delete(pluginId, version) {
      const deleted = await runQuery(
        context,
        `delete version ${version} of plugin ${pluginId}`,
        () => context.db(TABLE).where({ plugin_id: pluginId, version }).delete(),
      );
      return deleted > 0;
    },
  };
}
