import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  nowIso,
  parseInput,
  runQuery,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** An encrypted secret of one plugin (`secrets`). Storage never sees the plain value. */
export const SecretRecordSchema = z.object({
  id: z.number().int(),
  pluginId: z.string(),
  /** The secret's name (an environment variable name, usually). */
  name: z.string(),
  /** Encrypted value, base64. */
  ciphertext: z.string(),
  /** Initialisation vector, base64. */
  iv: z.string(),
  /** Authentication tag (AES-GCM), base64. */
  authTag: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
/** An encrypted secret of one plugin. */
export type SecretRecord = z.infer<typeof SecretRecordSchema>;

/** What `secrets.set` accepts: the value already encrypted by the caller. */
export const EncryptedSecretSchema = z.object({
  ciphertext: z.string().min(1),
  iv: z.string().min(1),
  authTag: z.string().min(1),
});
/** An encrypted value. */
export type EncryptedSecret = z.input<typeof EncryptedSecretSchema>;

/** Encrypted plugin secrets (`secrets`), unique per plugin and name; deleted with their plugin. */
export interface SecretsRepository {
  /** Stores or replaces a secret; `NOT_FOUND` when the plugin does not exist. */
  set(pluginId: string, name: string, secret: EncryptedSecret): Promise<SecretRecord>;
  /** One secret, or undefined. */
  get(pluginId: string, name: string): Promise<SecretRecord | undefined>;
  /** A plugin's secrets, sorted by name. */
  list(pluginId: string): Promise<SecretRecord[]>;
  /** Deletes one; false when absent. */
  delete(pluginId: string, name: string): Promise<boolean>;
}

const TABLE = 'secrets';

/** The {@link SecretsRepository} on `context`. */
export function createSecretsRepository(context: RepositoryContext): SecretsRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      pluginId: ['plugin_id', 'text'],
      name: ['name', 'text'],
      ciphertext: ['ciphertext', 'text'],
      iv: ['iv', 'text'],
      authTag: ['auth_tag', 'text'],
      createdAt: ['created_at', 'timestamp'],
      updatedAt: ['updated_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) => decodeRow(codec, SecretRecordSchema, row, TABLE);
  const get = async (pluginId: string, name: string) => {
    const row = await runQuery(context, `reading secret ${name} of plugin ${pluginId}`, () =>
      context.db(TABLE).where({ plugin_id: pluginId, name }).first(),
    );
    return row ? decode(row) : undefined;
  };

  return {
    async set(pluginId, name, secret) {
      const value = parseInput(EncryptedSecretSchema, secret, `secret ${name}`);
      parseInput(z.string().min(1), name, 'secret name');
      const now = nowIso();
      const row = codec.toRow({ ...value, pluginId, name, createdAt: now, updatedAt: now });
      const { created_at: _createdAt, ...changes } = row;
      await runQuery(
        context,
        `store secret ${name} of plugin ${pluginId}`,
        () => context.db(TABLE).insert(row).onConflict(['plugin_id', 'name']).merge(changes),
        {
          missingReference: `Plugin ${pluginId} does not exist; install it before setting its secrets.`,
        },
      );
      return (await get(pluginId, name))!;
    },
    get,
    async list(pluginId) {
      const rows = await runQuery(context, `listing secrets of plugin ${pluginId}`, () =>
        context.db(TABLE).where('plugin_id', pluginId).orderBy('name'),
      );
      return rows.map(decode);
    },
    async delete(pluginId, name) {
      const deleted = await runQuery(context, `delete secret ${name} of plugin ${pluginId}`, () =>
        context.db(TABLE).where({ plugin_id: pluginId, name }).delete(),
      );
      return deleted > 0;
    },
  };
}
