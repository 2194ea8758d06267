import { contextOptionsFromConfig, createArtifactStore, createContextStore } from '@mark1/context';
import { createExecutor, type Executor } from '@mark1/executor';
import { createRegistry } from '@mark1/registry';
import { createStorage, homeLayout, type Mark1Config, type Storage } from '@mark1/storage';
import type { Logger } from 'pino';
import { createRunEventNotifier } from '../events/run-event-notifier';
import { createMetrics } from '../metrics/metrics';
import { createPathGuard } from '../security/allowed-paths';
import type { ApiSettings } from './api-settings';
import { createBackgroundTasks } from './background-tasks';
import { createRunService } from './run-service';
import type { ApiServices } from './services';

/** The services and how to stop them. */
export interface OpenedServices {
  readonly services: ApiServices;
  readonly executor: Executor;
  /**
   * Stops in order: background installs get `graceMs` then are aborted (the registry rolls them
   * back); running runs get `graceMs`, then the executor stops them as `interrupted` (resumable)
   * and the database is closed last.
   */
  close(graceMs: number): Promise<{ interruptedRuns: string[] }>;
}

/** Options of {@link openServices}. */
export interface OpenServicesOptions {
  readonly config: Mark1Config;
  readonly settings: ApiSettings;
  readonly logger: Logger;
  /** Where the database URL came from, for connection errors. */
  readonly urlSource?: string;
}

/**
 * Opens the database (applying migrations), and wires the registry, the context store, the
 * executor (with the registry's resolver), metrics, path confinement and the run service. Plugin
 * operations left unfinished by a previous server are marked interrupted.
 */
export async function openServices(options: OpenServicesOptions): Promise<OpenedServices> {
  const { config, settings, logger } = options;
  const storage: Storage = await createStorage({
    config,
    ...(options.urlSource ? { urlSource: options.urlSource } : {}),
  });
  try {
    const interruptedOperations = await storage.pluginOperations.interruptUnfinished();
    if (interruptedOperations > 0)
      logger.warn(
        { count: interruptedOperations },
        'plugin operations of a previous server were interrupted',
      );
    const layout = homeLayout(config.home);
    const artifacts = createArtifactStore({ root: layout.artifactsDir });
    // The registry's install smoke tests run the new plugin's examples through the executor,
    // which itself finds installed plugins through the registry: each gets the other lazily.
    const registry = createRegistry({
      storage,
      config,
      actor: 'api',
      onWarning: (message) => logger.warn({ component: 'registry' }, message),
      smokeTester: {
        run: (plugin, capability, inputs, options) =>
          executor.callPlugin(plugin, capability, inputs, options),
      },
    });
    const contexts = createContextStore({
      storage,
      artifacts,
      ...contextOptionsFromConfig(config),
    });
    const executor = createExecutor({ storage, resolver: registry.resolver(), config, artifacts });
    const notifier = createRunEventNotifier();
    const metrics = createMetrics({
      activeOrchestrations: () => storage.orchestrations.countActive(),
      contextCacheBytes: async () => (await contexts.stats()).cacheBytes,
      databaseConnections: () => storage.connectionStats.current().open,
    });
    const runs = createRunService({
      executor,
      storage,
      notifier,
      metrics,
      logger,
      cwd: config.home,
    });
    const tasks = createBackgroundTasks((name, error) =>
      logger.error({ err: error, task: name }, 'background task failed'),
    );
    const services: ApiServices = {
      config,
      settings,
      storage,
      registry,
      contexts,
      runs,
      notifier,
      metrics,
      paths: createPathGuard(settings.allowedRoots),
      tasks,
    };
    return {
      services,
      executor,
      async close(graceMs) {
        const [, interruptedRuns] = await Promise.all([tasks.drain(graceMs), runs.drain(graceMs)]);
        await executor.close({ interrupt: true });
        await storage.close();
        return { interruptedRuns };
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
