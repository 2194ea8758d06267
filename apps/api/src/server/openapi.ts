import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from '../auth/principal';

/** The OpenAPI version the document declares. */
export const OPENAPI_VERSION = '3.1.0';

/** Request bodies that are not JSON (uploads), added to the document by path and method. */
const EXTRA_REQUEST_BODIES: Record<string, Record<string, Record<string, unknown>>> = {
  '/api/v1/plugins/install': {
    post: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['archive'],
          properties: {
            archive: {
              type: 'string',
              contentMediaType: 'application/octet-stream',
              description: 'A .tar.gz, .tgz, .tar or .zip of the plugin.',
            },
            ref: { type: 'string' },
            name: { type: 'string' },
            env: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*=' } },
            noDeps: { type: 'boolean' },
            yes: { type: 'boolean' },
          },
        },
        encoding: {
          archive: {
            contentType:
              'application/gzip, application/x-tar, application/zip, application/octet-stream',
          },
        },
      },
    },
  },
};

type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
};

/**
 * `@fastify/swagger` options: an OpenAPI 3.1 document built from the routes' zod schemas (the same
 * schemas that validate requests), with bearer-token security on every route that is not public
 * and each route's least role in `x-mark1-role`.
 */
export function swaggerOptions(version: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: OPENAPI_VERSION,
      info: {
        title: 'Mark-1 API',
        version,
        description:
          'Everything the `mark1` CLI does, over HTTP: plugins, capabilities, workflows and runs (with live progress as Server-Sent Events), orchestrations from plain words, contexts, repository scans. Errors are RFC 9457 problem details carrying the Mark-1 error code.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This server' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key (`mark1_<id>_<secret>`, from `mark1 api-key create`) or a JWT signed with the configured key.',
          },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'An API key, as an alternative to the bearer header.',
          },
        },
      },
      tags: [
        { name: 'orchestrate', description: 'Plain words → a planned workflow, optionally run' },
        { name: 'workflows', description: 'Validate and run workflows; follow runs' },
        { name: 'plugins', description: 'Install, manage and call plugins' },
        { name: 'capabilities', description: 'What installed plugins can do' },
        { name: 'contexts', description: 'Stored context values' },
        { name: 'scanner', description: 'Repository analysis' },
        { name: 'auth', description: 'API keys' },
        { name: 'monitoring', description: 'Health, readiness, status, metrics, this document' },
      ],
    },
    transform(input) {
      const transformed = jsonSchemaTransform(input);
      const access = (input.route.config as { access?: Access } | undefined)?.access ?? 'public';
      const schema = { ...(transformed.schema as Record<string, unknown>) };
      schema.security = access === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }];
      schema['x-mark1-role'] = access;
      return { ...transformed, schema };
    },
    transformObject(input) {
      const document = jsonSchemaTransformObject(input) as OpenApiDocument;
      for (const [path, methods] of Object.entries(EXTRA_REQUEST_BODIES)) {
        for (const [method, content] of Object.entries(methods)) {
          const operation = document.paths?.[path]?.[method] as
            { requestBody?: { content?: Record<string, unknown> } } | undefined;
          if (!operation) continue;
          operation.requestBody = {
            ...operation.requestBody,
            content: { ...operation.requestBody?.content, ...content },
          };
        }
      }
      return document as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
