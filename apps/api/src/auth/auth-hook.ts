import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { httpStatusFor } from '../errors/http-status';
import { credentialsOf, type AuthGate } from './auth-gate';
import type { RateLimiter } from './rate-limiter';

function rateLimited(caller: string, retryAfterSeconds: number, limit: number) {
  return apiError(
    ApiErrorCodes.RATE_LIMITED,
    `Too many requests from ${caller}: the limit is ${limit} per minute (api.rate_limit). Retry after ${retryAfterSeconds} s.`,
    { details: { retryAfterSeconds, limitPerMinute: limit } },
  );
}

/**
 * The `onRequest` hook that admits requests: authenticates them, checks the route's role, and
 * takes one token from the caller's rate-limit bucket (public routes are never limited). Failed
 * authentications count against the caller's address, so guessing keys is rate limited too.
 */
export function createAuthHook(gate: AuthGate, limiter: RateLimiter, perMinute: number) {
  return async function admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const access = request.routeOptions.config?.access ?? 'public';
    const credentials = credentialsOf(request.headers);
    try {
      request.principal = await gate.identify(credentials, access, request.ip);
    } catch (error) {
      if (credentials.token !== undefined && httpStatusFor(error) === 401 && limiter.enabled) {
        const decision = limiter.take(`address:${request.ip}`);
        if (!decision.allowed) throw rateLimited(request.ip, decision.retryAfterSeconds, perMinute);
      }
      throw error;
    }
    gate.authorize(request.principal, access);
    if (access === 'public' || !limiter.enabled) return;
    const caller = request.principal?.id ?? `address:${request.ip}`;
    const decision = limiter.take(caller);
    reply.header('ratelimit-limit', String(decision.limit));
    reply.header('ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed)
      throw rateLimited(
        request.principal?.name ?? request.ip,
        decision.retryAfterSeconds,
        perMinute,
      );
  };
}
