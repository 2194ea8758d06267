import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { createApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { createAuthGate, type AuthGate } from '../auth/auth-gate';
import { createAuthHook } from '../auth/auth-hook';
import { createJwtVerifier } from '../auth/jwt-verifier';
import { createRateLimiter } from '../auth/rate-limiter';
import { createAuditHook } from '../audit/audit-hook';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { normalizeError } from '../errors/normalize-error';
import { PROBLEM_CONTENT_TYPE, retryAfterOf, toProblem } from '../errors/problem-details';
import { createIdempotencyHooks } from '../idempotency/idempotency-hooks';
import { apiKeyRoutes } from '../routes/api-keys';
import { capabilityRoutes } from '../routes/capabilities';
import { contextRoutes } from '../routes/contexts';
import { healthRoutes } from '../routes/health';
import { metricsRoutes } from '../routes/metrics';
import { openApiRoutes } from '../routes/openapi';
import { operationRoutes } from '../routes/operations';
import { orchestrationRoutes } from '../routes/orchestrations';
import { pluginRoutes } from '../routes/plugins';
import { runRoutes } from '../routes/runs';
import { workflowRoutes } from '../routes/workflows';
import { scanRoutes } from '../routes/scan';
import type { ApiSettings } from './api-settings';
import type { ApiApp } from './fastify-types';
import { swaggerOptions } from './openapi';
import type { ServerState } from './server-state';
import type { ApiServices, ServiceAccess } from './services';

/** The prefix of every endpoint. */
export const API_PREFIX = '/api/v1';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  readonly settings: ApiSettings;
  /** The wired packages; absent when the app is built only to generate the OpenAPI document. */
  readonly services?: ApiServices;
  readonly logger: Logger;
  readonly state: ServerState;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

function serviceAccess(services: ApiServices | undefined): ServiceAccess {
  return () => {
    if (!services) {
      throw apiError(
        ApiErrorCodes.SERVICE_UNAVAILABLE,
        'This server was built without its services (OpenAPI generation only).',
      );
    }
    return services;
  };
}

/**
 * The API as a Fastify app, not yet listening: zod-validated routes under `/api/v1` (plus
 * `/health`, `/ready` and `/metrics` at the root for probes and scrapers), authentication, roles and
 * rate limits on every request, idempotency keys on POSTs, an audit row for every mutating request,
 * RFC 9457 problem details for every error, HTTP metrics and one structured log line per request.
 */
export async function createApp(options: CreateAppOptions): Promise<ApiApp> {
  const { settings, services, logger, state } = options;
  const access = serviceAccess(services);
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimit,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 512 },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.decorate('listRoutes', () => [...routes]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: settings.uploadLimit,
      files: 1,
      fields: 20,
      fieldSize: 64 * 1024,
      parts: 25,
    },
  });
  await app.register(fastifySwagger, swaggerOptions(state.version));

  let gate: AuthGate | undefined;
  const keyAuthenticator = services
    ? createApiKeyAuthenticator({ apiKeys: services.storage.apiKeys })
    : undefined;
  if (services && keyAuthenticator) {
    gate = createAuthGate({
      apiKeys: services.storage.apiKeys,
      keyAuthenticator,
      jwtVerifier: createJwtVerifier(settings.jwt),
      loopbackOnly: settings.loopbackOnly,
    });
  }
  const limiter = createRateLimiter({ perMinute: settings.rateLimitPerMinute });
  const idempotency = createIdempotencyHooks(() => services?.storage.idempotencyKeys);
  const started = new WeakMap<FastifyRequest, bigint>();

  app.addHook('onRequest', async (request, reply) => {
    started.set(request, process.hrtime.bigint());
    reply.header('x-request-id', request.id);
  });
  if (gate) app.addHook('onRequest', createAuthHook(gate, limiter, settings.rateLimitPerMinute));
  app.addHook('preHandler', idempotency.claim);
  app.addHook('onSend', idempotency.store);
  app.addHook(
    'onSend',
    createAuditHook(() => services?.storage.auditLog),
  );
  app.addHook('onRequestAbort', idempotency.release);
  app.addHook('onResponse', async (request, reply) => {
    const start = started.get(request);
    const seconds = start === undefined ? 0 : Number(process.hrtime.bigint() - start) / 1e9;
    const route = request.routeOptions.url ?? 'unmatched';
    services?.metrics.observeHttpRequest(request.method, route, reply.statusCode, seconds);
    const line = {
      method: request.method,
      route,
      statusCode: reply.statusCode,
      ms: Math.round(seconds * 10_000) / 10,
      actor: request.principal?.actor,
    };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request');
  });

  app.setErrorHandler(async (error, request, reply: FastifyReply) => {
    const normalized = normalizeError(error, settings);
    const problem = toProblem(normalized, {
      requestId: request.id,
      instance: request.url.split('?')[0]!,
    });
    if (problem.status >= 500)
      request.log.error(
        { err: error, code: problem.code },
        'error answered with %d',
        problem.status,
      );
    else request.log.debug({ code: problem.code }, 'refused with %d', problem.status);
    const retryAfter = retryAfterOf(normalized);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const problem = toProblem(
      apiError(
        ApiErrorCodes.ROUTE_NOT_FOUND,
        `No endpoint answers ${request.method} ${request.url.split('?')[0]}; GET ${API_PREFIX}/openapi.json lists them.`,
      ),
      { requestId: request.id, instance: request.url.split('?')[0]! },
    );
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  const isOpen = async () => (gate ? gate.isOpen() : false);
  await app.register(healthRoutes({ services: access, state, isOpen }));
  await app.register(metricsRoutes(access));
  await app.register(
    async (api) => {
      await api.register(healthRoutes({ services: access, state, isOpen }));
      await api.register(metricsRoutes(access));
      await api.register(openApiRoutes());
      await api.register(orchestrationRoutes(access, state));
      await api.register(workflowRoutes(access));
      await api.register(runRoutes(access, state));
      await api.register(pluginRoutes(access));
      await api.register(operationRoutes(access));
      await api.register(capabilityRoutes(access));
      await api.register(contextRoutes(access));
      await api.register(scanRoutes(access));
      await api.register(apiKeyRoutes(access, (keyId) => keyAuthenticator?.forget(keyId)));
    },
    { prefix: API_PREFIX },
  );
  return app as unknown as ApiApp;
}
