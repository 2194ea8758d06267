import { API_KEY_ROLES } from '@mark1/storage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParamsSchema } from '../schemas/common';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(API_KEY_ROLES),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

const CreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(API_KEY_ROLES),
    /** ISO 8601 time after which the key stops working. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .meta({ id: 'CreateApiKeyRequest' });

/**
 * API key management (admin): list, create (the token is shown once), revoke. `onRevoked` lets the
 * authenticator forget a revoked key at once.
 */
export function apiKeyRoutes(
  services: ServiceAccess,
  onRevoked: (keyId: string) => void,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api-keys',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['auth'],
          summary: 'API keys (never their tokens)',
          querystring: z.object({ includeRevoked: z.stringbool().default(false) }),
          response: withProblems({ 200: z.array(ApiKeySchema) }),
        },
      },
      async (request) =>
        services().storage.apiKeys.list({ includeRevoked: request.query.includeRevoked }),
    );

    app.post(
      '/api-keys',
      {
        config: { access: 'admin', audit: 'api_key.create', idempotency: false },
        schema: {
          tags: ['auth'],
          summary: 'Create an API key; its token is in this answer only',
          body: CreateApiKeySchema,
          response: withProblems({ 201: z.object({ key: ApiKeySchema, token: z.string() }) }),
        },
      },
      async (request, reply) => {
        const created = await services().storage.apiKeys.create({
          ...request.body,
          createdBy: request.principal?.actor ?? 'api:unknown',
        });
        return reply
          .code(201)
          .header('location', `/api/v1/api-keys/${created.key.id}`)
          .send(created);
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        config: { access: 'admin', audit: 'api_key.revoke' },
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API key; requests with it fail from now on',
          params: IdParamsSchema,
          response: withProblems({ 200: ApiKeySchema }),
        },
      },
      async (request) => {
        const key = await services().storage.apiKeys.revoke(request.params.id);
        onRevoked(key.id);
        return key;
      },
    );
  };
}
