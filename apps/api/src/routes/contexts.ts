import type { ContextSummary } from '@mark1/context';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdempotencyHeadersSchema, IdParamsSchema } from '../schemas/common';
import {
  ContextEntrySchema,
  ContextExportViewSchema,
  ContextSearchHitSchema,
  ContextSummarySchema,
  ExportContextsQuerySchema,
  ListContextsQuerySchema,
  PutContextRequestSchema,
  SearchContextsQuerySchema,
} from '../schemas/contexts';
import { withProblems } from '../schemas/responses';
import type { ServiceAccess } from '../server/services';

/** A summary without the artifact's server path. */
function view<T extends ContextSummary>(entry: T): T {
  if (!entry.artifact) return entry;
  const { path: _path, ...artifact } = entry.artifact;
  return { ...entry, artifact: artifact as T['artifact'] };
}

/** Context endpoints: list, put, get, search, export, delete. */
export function contextRoutes(services: ServiceAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contexts',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['contexts'],
          summary: 'Contexts, most recently updated first (without values)',
          querystring: ListContextsQuerySchema,
          response: withProblems({ 200: z.array(ContextSummarySchema) }),
        },
      },
      async (request) => (await services().contexts.list(request.query)).map(view),
    );

    app.post(
      '/contexts',
      {
        config: { access: 'operator', audit: 'context.put' },
        schema: {
          tags: ['contexts'],
          summary: 'Store a JSON value under a key (replacing any value it had)',
          headers: IdempotencyHeadersSchema,
          body: PutContextRequestSchema,
          response: withProblems({ 201: ContextEntrySchema }),
        },
      },
      async (request, reply) => {
        const entry = await services().contexts.put(request.body);
        return reply
          .code(201)
          .header('location', `/api/v1/contexts/${encodeURIComponent(entry.key)}`)
          .send(view(entry));
      },
    );

    app.get(
      '/contexts/search',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['contexts'],
          summary: 'Contexts matching plain words in their key, tags, type or value, best first',
          querystring: SearchContextsQuerySchema,
          response: withProblems({ 200: z.array(ContextSearchHitSchema) }),
        },
      },
      async (request) => {
        const { q, ...options } = request.query;
        return (await services().contexts.search(q, options)).map((hit) => ({
          ...hit,
          entry: view(hit.entry),
        }));
      },
    );

    app.get(
      '/contexts/export',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['contexts'],
          summary:
            'Every unexpired context with its value, in the format `mark1 db context-import` reads',
          querystring: ExportContextsQuerySchema,
          response: withProblems({ 200: ContextExportViewSchema }),
        },
      },
      async (request) => services().contexts.export(request.query),
    );

    app.get(
      '/contexts/:id',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['contexts'],
          summary: 'One context and its value, by key',
          params: IdParamsSchema,
          response: withProblems({ 200: ContextEntrySchema }),
        },
      },
      async (request) => view(await services().contexts.require(request.params.id)),
    );

    app.delete(
      '/contexts/:id',
      {
        config: { access: 'operator', audit: 'context.delete' },
        schema: {
          tags: ['contexts'],
          summary: 'Delete a context by key',
          params: IdParamsSchema,
          response: withProblems({ 200: z.object({ deleted: z.boolean() }) }),
        },
      },
      async (request) => ({ deleted: await services().contexts.delete(request.params.id) }),
    );
  };
}
