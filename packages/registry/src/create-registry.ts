import { userInfo } from 'node:os';
import {
  type CapabilityCatalog,
  type CatalogEntry,
  createCatalog,
  type PluginResolver,
} from '@mark1/sdk';
import { homeLayout, type Mark1Config, type Storage } from '@mark1/storage';
import type { PipSources } from './environments/python-environment';
import { healthCheck, type PluginHealth } from './health/health-check';
import {
  installPlugin,
  type InstallOptions,
  type InstallResult,
  updatePlugin,
  type UpdateOptions,
} from './install/install-plugin';
import { recoverOperations, type RecoveryReport } from './install/operation-journal';
import { scannerManifestGenerator } from './install/scanner-manifest';
import type { SmokeTester } from './install/smoke-test';
import { testPlugin, type PluginTestResult } from './install/test-plugin';
import { uninstallPlugin, type UninstallResult } from './install/uninstall-plugin';
import { findPlugin, findVersion, manifestOf } from './lookup/find-plugin';
import {
  describePlugin,
  listPlugins,
  type PluginDetails,
  type PluginSummary,
} from './lookup/plugin-details';
import { createRegistryResolver } from './lookup/registry-resolver';
import { createPluginLayout } from './plugin-layout';
import type { ManifestGenerator, RegistryContext } from './registry-context';
import {
  createCapabilitySearch,
  type CapabilityHit,
  type CapabilitySearch,
  type CapabilitySummary,
  summarizeCapability,
} from './search/capability-search';
import { createSecretCipher, type SecretCipher } from './secrets/secret-cipher';
import { loadSecretKey } from './secrets/secret-key';
import { createPluginValueStore } from './secrets/plugin-values';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './sources/source-limits';
import { rollbackPlugin, type RollbackResult } from './versions/rollback';

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** The database (from `createStorage`). */
  storage: Storage;
  /** Mark-1's configuration: the plugins folder, the home folder (keyfile) and `secretKey`. */
  config: Mark1Config;
  /**
   * Runs a capability for the install smoke test and `plugin test`; the apps wire it to the
   * executor. Without one, smoke tests are reported as skipped with the reason.
   */
  smokeTester?: SmokeTester;
  /**
   * Writes a manifest for a repository that has none; `false` refuses such repositories with
   * `MANIFEST_MISSING`.
   * @default a scan with `@mark1/scanner` and its `generateManifest`
   */
  generateManifest?: ManifestGenerator | false;
  /**
   * The Python that creates plugin virtualenvs.
   * @default 'python3'
   */
  python?: string;
  /**
   * The npm that installs Node plugins' dependencies.
   * @default 'npm'
   */
  npm?: string;
  /** Where pip finds packages (`--find-links`, `--no-index`); install options may override it. */
  pip?: PipSources;
  /** Caps on unpacked archives and copied folders. */
  limits?: Partial<SourceLimits>;
  /**
   * Environment for git, pip and npm (MARK1_SECRET_KEY is always removed) and for `--env NAME`.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Who acts, for the audit log.
   * @default `user:<login name>`
   */
  actor?: string;
  /**
   * Milliseconds a capability search index is trusted before the plugins table is checked for
   * changes made by other processes (changes made through this registry are seen at once).
   * @default 1000
   */
  searchRecheckMs?: number;
  /** Receives warnings that concern no one operation (a readable keyfile, a failed recovery). */
  onWarning?: (message: string) => void;
}

/** Installed plugins: install, lifecycle, discovery, and the seams the executor and planner use. */
export interface Registry {
  /** Installs a git repository, folder or archive as a plugin (see `installPlugin`). */
  install(source: string, options?: InstallOptions): Promise<InstallResult>;
  /** Installs the newest content of a plugin's source as a new active version (see `updatePlugin`). */
  update(plugin: string, options?: UpdateOptions): Promise<InstallResult>;
  /** Makes an earlier installed version active again, instantly. */
  rollback(plugin: string, options?: { to?: string }): Promise<RollbackResult>;
  /** Removes a plugin, its versions, rows and folder. */
  uninstall(plugin: string): Promise<UninstallResult>;
  /** Lets workflows use a plugin again. */
  enable(plugin: string): Promise<PluginSummary>;
  /** Keeps a plugin installed but out of workflows, the catalog and the resolver. */
  disable(plugin: string): Promise<PluginSummary>;
  /** Installed plugins, sorted by name. */
  list(): Promise<PluginSummary[]>;
  /** Everything about one plugin (by name or id). */
  info(plugin: string): Promise<PluginDetails>;
  /** Runs a plugin's capability examples through the smoke tester. */
  test(plugin: string, options?: { signal?: AbortSignal }): Promise<PluginTestResult>;
  /** Checks installed plugins' folders, environments and configuration. */
  healthCheck(plugin?: string): Promise<PluginHealth[]>;
  /** Capabilities of enabled plugins' active versions. */
  capabilities(): Promise<CapabilitySummary[]>;
  /** Capabilities ranked by BM25 for plain words (names, descriptions, tags, input/output types). */
  searchCapabilities(query: string, options?: { limit?: number }): Promise<CapabilityHit[]>;
  /** The planner's and validator's view: enabled plugins at their active versions. */
  catalog(): Promise<CapabilityCatalog>;
  /** The executor's way to find an installed, enabled plugin. */
  resolver(): PluginResolver;
  /** Rolls back operations interrupted by a crash (also done once before the first operation). */
  recover(): Promise<RecoveryReport>;
}

/** Builds a {@link Registry} on a storage and configuration. */
export function createRegistry(options: RegistryOptions): Registry {
  const { storage, config } = options;
  const layout = createPluginLayout(config.plugins.directory);
  const warn = options.onWarning ?? (() => undefined);
  let cipher: SecretCipher | undefined;
  const values = createPluginValueStore(() => {
    if (!cipher) {
      const key = loadSecretKey({
        secretKey: config.secretKey,
        keyFile: homeLayout(config.home).keyFile,
      });
      key.warnings.forEach(warn);
      cipher = createSecretCipher(key.key);
    }
    return cipher;
  });
  let search: { stamp: string; checkedAt: number; index: CapabilitySearch } | undefined;
  const searchRecheckMs = options.searchRecheckMs ?? 1000;
  let recovered: Promise<void> | undefined;

  const recover = (): Promise<RecoveryReport> =>
    recoverOperations(layout, async (record) => {
      const plugin = await storage.plugins.getByName(record.plugin);
      if (record.operation === 'uninstall') return plugin === undefined;
      if (!plugin || !record.committedPath) return false;
      return (await storage.pluginVersions.list(plugin.pluginId)).some(
        (version) => version.path === record.committedPath,
      );
    });

  const context: RegistryContext = {
    storage,
    layout,
    values,
    smokeTester: options.smokeTester,
    generateManifest:
      options.generateManifest === false
        ? undefined
        : (options.generateManifest ?? scannerManifestGenerator),
    settings: {
      python: options.python ?? 'python3',
      npm: options.npm ?? 'npm',
      pip: options.pip ?? {},
      limits: { ...DEFAULT_SOURCE_LIMITS, ...options.limits },
      env: options.env ?? process.env,
      actor:
        options.actor ??
        `user:${(() => {
          try {
            return userInfo().username;
          } catch {
            return 'unknown';
          }
        })()}`,
    },
    ensureRecovered() {
      recovered ??= recover().then(
        (report) => {
          for (const item of report.rolledBack) {
            warn(
              `rolled back an interrupted ${item.operation} of ${item.plugin} (removed ${item.removed.length} folder${item.removed.length === 1 ? '' : 's'})`,
            );
          }
        },
        (error: unknown) =>
          warn(
            `could not clean up interrupted installs: ${(error as Error)?.message ?? String(error)}`,
          ),
      );
      return recovered;
    },
    invalidate() {
      search = undefined;
    },
  };

  const setStatus = async (
    name: string,
    status: 'enabled' | 'disabled',
  ): Promise<PluginSummary> => {
    await context.ensureRecovered();
    const plugin = await findPlugin(storage, name);
    if (plugin.status !== status) {
      await storage.withTransaction(async (repositories) => {
        await repositories.plugins.update(plugin.pluginId, { status });
        await repositories.auditLog.record({
          actor: context.settings.actor,
          action: status === 'enabled' ? 'plugin.enable' : 'plugin.disable',
          target: plugin.name,
          outcome: 'success',
        });
      });
      context.invalidate();
    }
    return (await listPlugins(context)).find((item) => item.id === plugin.pluginId)!;
  };

  let refreshing: Promise<CapabilitySearch> | undefined;
  const refreshSearch = async (): Promise<CapabilitySearch> => {
    const stamp = (await storage.plugins.list())
      .map((plugin) => `${plugin.pluginId}:${plugin.version}:${plugin.status}:${plugin.updatedAt}`)
      .join('|');
    if (search?.stamp !== stamp) {
      search = {
        stamp,
        checkedAt: performance.now(),
        index: createCapabilitySearch(await storage.pluginCapabilities.listActive()),
      };
    } else {
      search.checkedAt = performance.now();
    }
    return search.index;
  };
  const searchIndex = async (): Promise<CapabilitySearch> => {
    // Changes made through this registry drop the index at once (invalidate); changes made by
    // other processes (another CLI call, the API) are noticed by the stamp, checked at most once
    // per `searchRecheckMs` so a burst of searches does not read the plugins table each time, and
    // concurrent searches share one check (and one rebuild) instead of each doing their own.
    if (search && performance.now() - search.checkedAt < searchRecheckMs) return search.index;
    refreshing ??= refreshSearch().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  return {
    install: (source, installOptions) => installPlugin(context, source, installOptions),
    update: (plugin, updateOptions) => updatePlugin(context, plugin, updateOptions),
    rollback: (plugin, rollbackOptions) => rollbackPlugin(context, plugin, rollbackOptions?.to),
    uninstall: (plugin) => uninstallPlugin(context, plugin),
    enable: (plugin) => setStatus(plugin, 'enabled'),
    disable: (plugin) => setStatus(plugin, 'disabled'),
    list: () => listPlugins(context),
    info: (plugin) => describePlugin(context, plugin),
    test: (plugin, testOptions) => testPlugin(context, plugin, testOptions),
    healthCheck: (plugin) => healthCheck(context, plugin),
    async capabilities() {
      await context.ensureRecovered();
      return (await storage.pluginCapabilities.listActive()).map(summarizeCapability);
    },
    async searchCapabilities(query, searchOptions = {}) {
      await context.ensureRecovered();
      return (await searchIndex()).search(query, searchOptions.limit ?? 10);
    },
    async catalog() {
      await context.ensureRecovered();
      const entries: CatalogEntry[] = [];
      for (const plugin of await storage.plugins.list({ status: 'enabled' })) {
        const version = await findVersion(storage, plugin).catch(() => undefined);
        if (!version) continue;
        const manifest = manifestOf(version);
        for (const capability of manifest.capabilities) {
          entries.push({
            plugin: plugin.name,
            pluginVersion: version.version,
            pluginDescription: manifest.plugin.description,
            pluginTags: manifest.plugin.tags,
            capability,
          });
        }
      }
      return createCatalog(entries);
    },
    resolver: () => createRegistryResolver(context),
    recover,
  };
}
