import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  newId,
  notFound,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** Whether an installed plugin may be used by workflows. */
export const PLUGIN_STATUSES = ['enabled', 'disabled'] as const;
/** A plugin's status. */
export type PluginStatus = (typeof PLUGIN_STATUSES)[number];

const SCORE = z.number().min(0).max(100);

/** An installed plugin, as stored in `plugins`. */
export const PluginRecordSchema = z.object({
  /** Registry id. */
  pluginId: z.string(),
  /** Unique name, as workflow steps refer to it. */
  name: z.string(),
  /** Kind of plugin (`cli_tool`, `python_library`, `node_package`, ...). */
  pluginType: z.string(),
  /** `enabled` or `disabled`. */
  status: z.enum(PLUGIN_STATUSES),
  /** The active version. */
  version: z.string().nullable(),
  description: z.string().nullable(),
  /** Where it was installed from: a git URL or a local path. */
  source: z.string().nullable(),
  /** The git ref (branch, tag, commit) installed. */
  ref: z.string().nullable(),
  /** Folder of the active version. */
  installationPath: z.string().nullable(),
  /** `python`, `node`, `binary`, ... */
  runtime: z.string().nullable(),
  /** Certification level from validation (`verified`, `community`, ...). */
  certificationLevel: z.string().nullable(),
  /** 0–100. */
  qualityScore: SCORE.nullable(),
  /** 0–100. */
  securityScore: SCORE.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
});
/** An installed plugin. */
export type PluginRecord = z.infer<typeof PluginRecordSchema>;

const optionalText = z.string().min(1).nullable().optional();

/** What `plugins.create` accepts. */
export const NewPluginSchema = z.object({
  /** @default a random UUID */
  pluginId: z.string().min(1).optional(),
  name: z.string().min(1),
  pluginType: z.string().min(1),
  /** @default 'enabled' */
  status: z.enum(PLUGIN_STATUSES).default('enabled'),
  version: optionalText,
  description: z.string().nullable().optional(),
  source: optionalText,
  ref: optionalText,
  installationPath: optionalText,
  runtime: optionalText,
  certificationLevel: optionalText,
  qualityScore: SCORE.nullable().optional(),
  securityScore: SCORE.nullable().optional(),
});
/** What `plugins.create` accepts. */
export type NewPlugin = z.input<typeof NewPluginSchema>;

/** Fields `plugins.update` may change. */
export const PluginPatchSchema = NewPluginSchema.omit({ pluginId: true })
  .partial()
  .extend({ lastUsedAt: TimestampInputSchema.nullable().optional() });
/** Fields `plugins.update` may change. */
export type PluginPatch = z.input<typeof PluginPatchSchema>;

/** Filters of `plugins.list`. */
export interface PluginListOptions {
  /** Only plugins with this status. */
  status?: PluginStatus;
}

/** Installed plugins (`plugins` table). */
export interface PluginsRepository {
  /** Adds a plugin; `CONFLICT` when the name or id is taken. */
  create(plugin: NewPlugin): Promise<PluginRecord>;
  /** The plugin with this id, or undefined. */
  get(pluginId: string): Promise<PluginRecord | undefined>;
  /** The plugin with this name, or undefined. */
  getByName(name: string): Promise<PluginRecord | undefined>;
  /** Plugins sorted by name. */
  list(options?: PluginListOptions): Promise<PluginRecord[]>;
  /** Changes fields and `updatedAt`; `NOT_FOUND` when absent. */
  update(pluginId: string, patch: PluginPatch): Promise<PluginRecord>;
  /** Sets `lastUsedAt` to now (or `at`). */
  markUsed(pluginId: string, at?: string): Promise<void>;
  /** Deletes it with its versions, capabilities, executions and secrets; false when absent. */
  delete(pluginId: string): Promise<boolean>;
}

const TABLE = 'plugins';

/** The {@link PluginsRepository} on `context`. */
export function createPluginsRepository(context: RepositoryContext): PluginsRepository {
  const codec = createRowCodec(
    {
      pluginId: ['plugin_id', 'text'],
      name: ['name', 'text'],
      pluginType: ['plugin_type', 'text'],
      status: ['status', 'text'],
      version: ['version', 'text'],
      description: ['description', 'text'],
      source: ['source', 'text'],
      ref: ['ref', 'text'],
      installationPath: ['installation_path', 'text'],
      runtime: ['runtime', 'text'],
      certificationLevel: ['certification_level', 'text'],
      qualityScore: ['quality_score', 'real'],
      securityScore: ['security_score', 'real'],
      createdAt: ['created_at', 'timestamp'],
      updatedAt: ['updated_at', 'timestamp'],
      lastUsedAt: ['last_used_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) => decodeRow(codec, PluginRecordSchema, row, TABLE);
  const find = async (column: string, value: string) => {
    const row = await runQuery(context, `reading plugin ${value}`, () =>
      context.db(TABLE).where(column, value).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async create(plugin) {
      const input = parseInput(NewPluginSchema, plugin, 'plugin');
      const now = nowIso();
      const record = {
        ...input,
        pluginId: input.pluginId ?? newId(),
        createdAt: now,
        updatedAt: now,
      };
      await runQuery(
        context,
        `create plugin ${input.name}`,
        () => context.db(TABLE).insert(codec.toRow(record)),
        {
          conflict: `A plugin named "${input.name}" (or with id ${record.pluginId}) is already installed; remove it first or choose another name.`,
        },
      );
      return (await find('plugin_id', record.pluginId))!;
    },
    get: (pluginId) => find('plugin_id', pluginId),
    getByName: (name) => find('name', name),
    async list(options = {}) {
      const rows = await runQuery(context, 'listing plugins', () => {
        const query = context.db(TABLE).select('*').orderBy('name');
        if (options.status) query.where('status', options.status);
        return query;
      });
      return rows.map(decode);
    },
    async update(pluginId, patch) {
      const input = parseInput(PluginPatchSchema, patch, 'plugin update');
      const changed = await runQuery(
        context,
        `update plugin ${pluginId}`,
        () =>
          context
            .db(TABLE)
            .where('plugin_id', pluginId)
            .update(codec.toRow({ ...input, updatedAt: nowIso() })),
        { conflict: `Another plugin is already named "${input.name}"; choose another name.` },
      );
      if (changed === 0)
        throw notFound(`Plugin ${pluginId}`, 'list plugins with `mark1 db query plugins`');
      return (await find('plugin_id', pluginId))!;
    },
    async markUsed(pluginId, at) {
      const when = at === undefined ? nowIso() : parseInput(TimestampInputSchema, at, 'timestamp');
      await runQuery(context, `mark plugin ${pluginId} used`, () =>
        context.db(TABLE).where('plugin_id', pluginId).update({ last_used_at: when }),
      );
    },
    async delete(pluginId) {
      const deleted = await runQuery(context, `delete plugin ${pluginId}`, () =>
        context.db(TABLE).where('plugin_id', pluginId).delete(),
      );
      return deleted > 0;
    },
  };
}
