import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';
import type { ServerState } from '../server/server-state';

const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
});

const ReadySchema = z.object({
  status: z.literal('ready'),
  database: z.object({
    engine: z.enum(['sqlite', 'postgres']),
    /** Applied migrations. */
    migrations: z.number().int(),
  }),
});

const StatusSchema = z.object({
  version: z.string(),
  phase: z.enum(['starting', 'ready', 'stopping']),
  uptimeSeconds: z.number(),
  /** `open`: loopback without keys, anyone on this machine may call; `keys`: credentials required. */
  auth: z.enum(['open', 'keys']),
  database: z.object({ engine: z.enum(['sqlite', 'postgres']), url: z.string() }),
  plugins: z.object({ installed: z.number().int(), enabled: z.number().int() }),
  runs: z.object({ activeHere: z.number().int(), running: z.number().int() }),
  orchestrations: z.object({ active: z.number().int() }),
  contexts: z.object({ entries: z.number().int(), cacheBytes: z.number().int() }),
  backgroundTasks: z.number().int(),
});

/** Dependencies of the health routes. */
export interface HealthRouteDeps {
  readonly services: ServiceAccess;
  readonly state: ServerState;
  /** Whether the server currently lets requests without credentials in. */
  readonly isOpen: () => Promise<boolean>;
}

/** `GET /health` (liveness), `GET /ready` (database reachable, migrations current), `GET /status`. */
export function healthRoutes(deps: HealthRouteDeps): FastifyPluginAsyncZod {
  const uptime = () => Math.round((Date.now() - deps.state.startedAt) / 100) / 10;
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['monitoring'],
          summary: 'Liveness: the process answers',
          description:
            'Answers 200 as long as the process runs, without touching the database (a Kubernetes liveness probe).',
          response: withProblems({ 200: HealthSchema }),
        },
      },
      async () => ({ status: 'ok' as const, version: deps.state.version, uptimeSeconds: uptime() }),
    );

    app.get(
      '/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['monitoring'],
          summary: 'Readiness: database reachable, migrations current',
          description:
            'Answers 503 while starting or stopping, when the database cannot be reached, or when migrations are pending (a Kubernetes readiness probe).',
          response: withProblems({ 200: ReadySchema }),
        },
      },
      async () => {
        if (deps.state.phase !== 'ready') {
          throw apiError(
            ApiErrorCodes.SERVICE_UNAVAILABLE,
            `The server is ${deps.state.phase}; it takes no new work.`,
            {
              details: { phase: deps.state.phase, retryAfterSeconds: 5 },
            },
          );
        }
        const { storage } = deps.services();
        let migrations;
        try {
          migrations = await storage.migrationStatus();
        } catch (error) {
          throw apiError(
            ApiErrorCodes.SERVICE_UNAVAILABLE,
            `The database cannot be reached: ${(error as Error).message}`,
            {
              cause: error,
              details: { retryAfterSeconds: 5 },
            },
          );
        }
        if (migrations.pending.length > 0) {
          throw apiError(
            ApiErrorCodes.SERVICE_UNAVAILABLE,
            `The database schema is behind: ${migrations.pending.join(', ')} pending. Run \`mark1 db init\` or restart the server to apply them.`,
            { details: { pending: migrations.pending } },
          );
        }
        return {
          status: 'ready' as const,
          database: { engine: storage.engine, migrations: migrations.applied.length },
        };
      },
    );

    app.get(
      '/status',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['monitoring'],
          summary: 'What the server is doing',
          response: withProblems({ 200: StatusSchema }),
        },
      },
      async () => {
        const services = deps.services();
        const [plugins, running, active, contexts, open] = await Promise.all([
          services.storage.plugins.list(),
          services.storage.runs.list({ state: 'running', limit: 1000 }),
          services.storage.orchestrations.countActive(),
          services.contexts.stats(),
          deps.isOpen(),
        ]);
        return {
          version: deps.state.version,
          phase: deps.state.phase,
          uptimeSeconds: uptime(),
          auth: open ? ('open' as const) : ('keys' as const),
          database: { engine: services.storage.engine, url: services.storage.url },
          plugins: {
            installed: plugins.length,
            enabled: plugins.filter((plugin) => plugin.status === 'enabled').length,
          },
          runs: { activeHere: services.runs.active, running: running.length },
          orchestrations: { active },
          contexts: { entries: contexts.entries, cacheBytes: contexts.cacheBytes },
          backgroundTasks: services.tasks.running,
        };
      },
    );
  };
}
