import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  chunkSize,
  decodeRow,
  inTransaction,
  JsonObjectSchema,
  parseInput,
  runQuery,
  type RepositoryContext,
} from './repository-context';

/** One capability of one plugin version (`plugin_capabilities`). */
export const PluginCapabilityRecordSchema = z.object({
  id: z.number().int(),
  pluginId: z.string(),
  /** The plugin version that declares it. */
  version: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Data types it accepts (DataType names). */
  inputTypes: z.array(z.string()),
  /** Data types it produces. */
  outputTypes: z.array(z.string()),
  /** JSON Schema of its inputs (seed 000's `parameters`). */
  parameters: JsonObjectSchema.nullable(),
  tags: z.array(z.string()),
});
/** One capability of one plugin version. */
export type PluginCapabilityRecord = z.infer<typeof PluginCapabilityRecordSchema>;

/** A capability as `pluginCapabilities.replace` accepts it. */
export const NewPluginCapabilitySchema = z.object({
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  /** @default [] */
  inputTypes: z.array(z.string()).default([]),
  /** @default [] */
  outputTypes: z.array(z.string()).default([]),
  parameters: JsonObjectSchema.nullable().optional(),
  /** @default [] */
  tags: z.array(z.string()).default([]),
});
/** A capability as `pluginCapabilities.replace` accepts it. */
export type NewPluginCapability = z.input<typeof NewPluginCapabilitySchema>;

/** A capability of an enabled plugin's active version, with the plugin's name. */
export interface ActiveCapabilityRecord extends PluginCapabilityRecord {
  /** The plugin's name. */
  readonly pluginName: string;
}

/** Filters of `pluginCapabilities.list`. */
export interface CapabilityListOptions {
  /** Only this plugin's capabilities. */
  pluginId?: string;
  /** Only this version's (with `pluginId`). */
  version?: string;
  /** Only capabilities with this name. */
  name?: string;
}

/** Capabilities of installed plugin versions (`plugin_capabilities`). */
export interface PluginCapabilitiesRepository {
  /** Replaces every capability of one plugin version, in one transaction. */
  replace(
    pluginId: string,
    version: string,
    capabilities: readonly NewPluginCapability[],
  ): Promise<PluginCapabilityRecord[]>;
  /** Capabilities, sorted by plugin then name. */
  list(options?: CapabilityListOptions): Promise<PluginCapabilityRecord[]>;
  /** Capabilities of enabled plugins at their active version, sorted by plugin name then capability. */
  listActive(): Promise<ActiveCapabilityRecord[]>;
}

const TABLE = 'plugin_capabilities';

/** The {@link PluginCapabilitiesRepository} on `context`. */
export function createPluginCapabilitiesRepository(
  context: RepositoryContext,
): PluginCapabilitiesRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      pluginId: ['plugin_id', 'text'],
      version: ['version', 'text'],
      name: ['name', 'text'],
      description: ['description', 'text'],
      inputTypes: ['input_types', 'json'],
      outputTypes: ['output_types', 'json'],
      parameters: ['parameters', 'json'],
      tags: ['tags', 'json'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, PluginCapabilityRecordSchema, row, TABLE);
  const list = async (scope: RepositoryContext, options: CapabilityListOptions) => {
    const rows = await runQuery(scope, 'listing capabilities', () => {
      const query = scope
        .db(TABLE)
        .select('*')
        .orderBy([{ column: 'plugin_id' }, { column: 'name' }]);
      if (options.pluginId) query.where('plugin_id', options.pluginId);
      if (options.version) query.where('version', options.version);
      if (options.name) query.where('name', options.name);
      return query;
    });
    return rows.map(decode);
  };

  return {
    async replace(pluginId, version, capabilities) {
      const inputs = capabilities.map((capability, index) =>
        parseInput(
          NewPluginCapabilitySchema,
          capability,
          `capability #${index + 1} of ${pluginId}@${version}`,
        ),
      );
      return inTransaction(context, async (scope) => {
        const rows = inputs.map((input) => codec.toRow({ ...input, pluginId, version }));
        await runQuery(
          scope,
          `store the capabilities of ${pluginId}@${version}`,
          async () => {
            await scope.db(TABLE).where({ plugin_id: pluginId, version }).delete();
            const size = chunkSize(8);
            for (let start = 0; start < rows.length; start += size) {
              await scope.db(TABLE).insert(rows.slice(start, start + size));
            }
          },
          {
            conflict: `Two capabilities of ${pluginId}@${version} share a name; capability names must be unique per plugin.`,
            missingReference: `Plugin ${pluginId} does not exist; create it before storing its capabilities.`,
          },
        );
        return list(scope, { pluginId, version });
      });
    },
    list: (options = {}) => list(context, options),
    async listActive() {
      const rows = await runQuery(context, 'listing active capabilities', () =>
        context
          .db(TABLE)
          .join('plugins', function joinActiveVersion() {
            this.on('plugins.plugin_id', '=', `${TABLE}.plugin_id`).andOn(
              'plugins.version',
              '=',
              `${TABLE}.version`,
            );
          })
          .where('plugins.status', 'enabled')
          .select(`${TABLE}.*`, 'plugins.name as plugin_name')
          .orderBy([{ column: 'plugins.name' }, { column: `${TABLE}.name` }]),
      );
      return rows.map((row: Record<string, unknown>) => ({
        ...decode(row),
        pluginName: String(row.plugin_name),
      }));
    },
  };
}
