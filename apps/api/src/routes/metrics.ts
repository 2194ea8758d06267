import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

/** `GET /metrics`: Prometheus exposition of the server's metrics. */
export function metricsRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/metrics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['monitoring'],
          summary: 'Prometheus metrics',
          description:
            'mark1_plugin_executions_total, mark1_plugin_execution_duration_seconds, mark1_active_orchestrations, mark1_context_cache_size_bytes, mark1_database_connections, mark1_http_request_duration_seconds and process metrics, in the Prometheus text format.',
          response: withProblems({
            200: {
              description: 'Prometheus text exposition format 0.0.4.',
              content: { 'text/plain': { schema: z.string() } },
            },
          }),
        },
      },
      async (_request, reply) => {
        const { metrics } = services();
        const text = await metrics.render();
        return reply.type(metrics.contentType).send(text);
      },
    );
  };
}
