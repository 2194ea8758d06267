import { describeConfigSource, loadConfig } from '@mark1/storage';
import type { Logger } from 'pino';
import packageJson from '../../package.json';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { apiSettingsFrom, type ApiSettings, type ApiSettingsOverrides } from './api-settings';
import { createApp } from './create-app';
import type { ApiApp } from './fastify-types';
import { createLogger } from './logger';
import { openServices, type OpenedServices } from './open-services';
import { createServerState, type ServerState } from './server-state';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Environment the configuration is read from. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Folder relative paths in the environment are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** Home folder (beats MARK1_HOME). */
  readonly home?: string;
  /** `--host` and `--port`. */
  readonly overrides?: ApiSettingsOverrides;
  /** A logger to use instead of JSON lines on standard output. */
  readonly logger?: Logger;
}

/** A listening server. */
export interface RunningServer {
  readonly app: ApiApp;
  readonly settings: ApiSettings;
  readonly state: ServerState;
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly logger: Logger;
  /**
   * Stops gracefully: no new connections, open event streams end, requests in flight are answered,
   * background installs and running runs get the shutdown grace period, then what is still running
   * is marked interrupted. Safe to call twice.
   */
  shutdown(reason: string): Promise<void>;
}

/**
 * Loads the configuration, opens the services, refuses to listen beyond loopback without any key
 * (`INSECURE_BIND`), warns when it runs open on loopback, and listens.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const loaded = loadConfig({
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.home ? { home: options.home } : {}),
  });
  const settings = apiSettingsFrom(loaded.config, options.overrides);
  const logger = options.logger ?? createLogger({ level: settings.logLevel });
  for (const warning of loaded.warnings) logger.warn({ component: 'config' }, warning);
  const state = createServerState(packageJson.version);

  let opened: OpenedServices | undefined;
  let app: ApiApp | undefined;
  try {
    opened = await openServices({
      config: loaded.config,
      settings,
      logger,
      urlSource: describeConfigSource(loaded.sourceOf('database.url')),
    });
    const jwtConfigured = Boolean(settings.jwt.secret || settings.jwt.publicKeyFile);
    const keys = await opened.services.storage.apiKeys.countActive();
    if (!settings.loopbackOnly && !jwtConfigured && keys === 0) {
      throw apiError(
        ApiErrorCodes.INSECURE_BIND,
        `Refusing to listen on ${settings.host}: it is reachable beyond this machine and no API key or JWT key is configured. Create a key first (\`mark1 api-key create --role admin\`), set api.jwt_secret, or listen on 127.0.0.1.`,
        { details: { host: settings.host } },
      );
    }
    if (keys === 0 && !jwtConfigured) {
      logger.warn(
        { host: settings.host },
        'no API key exists: the API is open to every process on this machine (loopback only); create one with `mark1 api-key create --role admin` to require keys',
      );
    }
    // Builds the capability search index (and runs the registry's crash recovery) before the first
    // burst of requests, so a hundred first searches do not each build it.
    await opened.services.registry
      .searchCapabilities('mark1', { limit: 1 })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'could not prepare the capability search index');
      });
    app = await createApp({ settings, services: opened.services, logger, state });
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await opened?.close(0).catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}`;
  state.phase = 'ready';
  logger.info(
    { url, database: opened.services.storage.url, allowedRoots: settings.allowedRoots },
    'mark1 api listening',
  );

  const services = opened;
  const server = app;
  let stopping: Promise<void> | undefined;
  return {
    app: server,
    settings,
    state,
    url,
    port,
    logger,
    shutdown(reason) {
      stopping ??= (async () => {
        logger.info({ reason, graceMs: settings.shutdownGraceMs }, 'shutting down');
        state.stop();
        await server.close();
        const { interruptedRuns } = await services.close(settings.shutdownGraceMs);
        logger.info({ interruptedRuns }, 'stopped');
      })();
      return stopping;
    },
  };
}
