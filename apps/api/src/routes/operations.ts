import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { IdParamsSchema, LimitQuerySchema } from '../schemas/common';
import { PluginOperationSchema } from '../schemas/plugins';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

/** `GET /operations` and `GET /operations/{id}`: background installs and updates. */
export function operationRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/operations',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary: 'Background installs and updates, newest first',
          querystring: LimitQuerySchema,
          response: withProblems({ 200: z.array(PluginOperationSchema) }),
        },
      },
      async (request) => services().storage.pluginOperations.list(request.query.limit),
    );

    app.get(
      '/operations/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['plugins'],
          summary:
            'One background install or update: pending, running, succeeded, failed or interrupted',
          params: IdParamsSchema,
          response: withProblems({ 200: PluginOperationSchema }),
        },
      },
      async (request) => {
        const operation = await services().storage.pluginOperations.get(request.params.id);
        if (!operation) {
          throw apiError(
            ApiErrorCodes.OPERATION_NOT_FOUND,
            `No plugin operation has the id ${request.params.id}; GET /api/v1/operations lists them.`,
          );
        }
        return operation;
      },
    );
  };
}
