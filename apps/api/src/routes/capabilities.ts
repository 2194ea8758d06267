import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CapabilityHitSchema, CapabilitySummarySchema } from '../schemas/plugins';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

const SearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('Plain words: what the capability should do, its data types, tags.'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/** `GET /capabilities` and `GET /capabilities/search?q=`. */
export function capabilityRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/capabilities',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['capabilities'],
          summary: 'Capabilities of enabled plugins at their active versions',
          response: withProblems({ 200: z.array(CapabilitySummarySchema) }),
        },
      },
      async () => services().registry.capabilities(),
    );

    app.get(
      '/capabilities/search',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['capabilities'],
          summary: 'Capabilities ranked by BM25 for plain words',
          querystring: SearchQuerySchema,
          response: withProblems({ 200: z.array(CapabilityHitSchema) }),
        },
      },
      async (request) =>
        services().registry.searchCapabilities(request.query.q, { limit: request.query.limit }),
    );
  };
}
