import { scanRepository } from '@mark1/scanner';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdempotencyHeadersSchema } from '../schemas/common';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

const ScanRequestSchema = z
  .object({
    /** An absolute folder under one of the allowed folders (api.allowed_roots). */
    path: z.string().min(1).max(4096),
  })
  .strict()
  .meta({ id: 'ScanRequest' });

/** `POST /scan`: a repository profile of a folder the server may read. */
export function scanRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/scan',
      {
        config: { access: 'operator', audit: 'repository.scan' },
        schema: {
          tags: ['scanner'],
          summary: 'Analyse a repository under an allowed folder',
          description:
            'Returns the RepositoryProfile of @mark1/scanner: files, languages, entry points, capability candidates, dependencies, environment variables.',
          headers: IdempotencyHeadersSchema,
          body: ScanRequestSchema,
          response: withProblems({
            200: z
              .record(z.string(), z.unknown())
              .describe('A RepositoryProfile.')
              .meta({ id: 'RepositoryProfile' }),
          }),
        },
      },
      async (request) => {
        const path = services().paths.confine(request.body.path, 'path');
        return (await scanRepository(path)) as unknown as Record<string, unknown>;
      },
    );
  };
}
