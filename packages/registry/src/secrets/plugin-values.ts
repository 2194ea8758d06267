import type { PluginManifest } from '@mark1/sdk';
import type { Repositories } from '@mark1/storage';
import type { SecretCipher } from './secret-cipher';

/** The configuration values of one plugin, split the way the executor hands them over. */
export interface PluginValues {
  /** Values of variables the manifest does not mark secret, plus manifest defaults. */
  readonly variables: Record<string, string>;
  /** Values of variables the manifest marks `secret: true`. */
  readonly secrets: Record<string, string>;
}

/**
 * Stores and reads the values a user gave a plugin (`--env`, prompts). Every value is stored
 * encrypted in the `secrets` table, bound to its plugin and name; which ones are secret (masked,
 * never printed) is decided by the active manifest.
 */
export interface PluginValueStore {
  /** Encrypts and stores `values` (replacing values of the same names) with `repositories`. */
  save(
    repositories: Repositories,
    pluginId: string,
    values: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Names of the stored values, without decrypting them. */
  names(repositories: Repositories, pluginId: string): Promise<string[]>;
  /** Decrypts every stored value of the plugin. */
  load(repositories: Repositories, pluginId: string): Promise<Record<string, string>>;
}

/** A {@link PluginValueStore}; `cipher` is asked for only when a value is stored or read. */
export function createPluginValueStore(cipher: () => SecretCipher): PluginValueStore {
  return {
    async save(repositories, pluginId, values) {
      const entries = Object.entries(values);
      if (entries.length === 0) return;
      const current = cipher();
      for (const [name, value] of entries) {
        await repositories.secrets.set(pluginId, name, current.encrypt(pluginId, name, value));
      }
    },
    async names(repositories, pluginId) {
      return (await repositories.secrets.list(pluginId)).map((row) => row.name);
    },
    async load(repositories, pluginId) {
      const rows = await repositories.secrets.list(pluginId);
      if (rows.length === 0) return {};
      const current = cipher();
      return Object.fromEntries(
        rows.map((row) => [row.name, current.decrypt(pluginId, row.name, row)]),
      );
    },
  };
}

/** Splits stored values into variables and secrets by the manifest; defaults fill unset variables. */
export function splitPluginValues(
  manifest: PluginManifest,
  values: Readonly<Record<string, string>>,
): PluginValues {
  const secretNames = new Set(
    manifest.environment.filter((variable) => variable.secret).map((variable) => variable.name),
  );
  const variables: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const variable of manifest.environment) {
    if (!variable.secret && variable.default !== undefined)
      variables[variable.name] = variable.default;
  }
  for (const [name, value] of Object.entries(values)) {
    if (secretNames.has(name)) secrets[name] = value;
    else variables[name] = value;
  }
  return { variables, secrets };
}
