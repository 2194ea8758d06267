import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../schemas/responses';

/** `GET /openapi.json`: the OpenAPI 3.1 document of this server, generated from its route schemas. */
export function openApiRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/openapi.json',
      {
        config: { access: 'public' },
        schema: {
          tags: ['monitoring'],
          summary: 'The OpenAPI 3.1 document',
          response: withProblems({
            200: z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.'),
          }),
        },
      },
      async () => app.swagger() as unknown as Record<string, unknown>,
    );
  };
}
