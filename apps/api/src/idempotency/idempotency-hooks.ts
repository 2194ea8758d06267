import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyKeysRepository } from '@mark1/storage';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';

/** The header clients send to make a POST safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer replayed from an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const REPLAYED_RESPONSE_HEADERS = ['location', 'content-type'];
/** Seconds a key claimed by a request that never answered stays locked. */
const STALE_AFTER_SECONDS = 300;

function headerValue(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_HEADER];
  return Array.isArray(value) ? value[0] : value;
}

function fingerprintOf(request: FastifyRequest): string {
  const hash = createHash('sha256')
    .update(request.method)
    .update('\n')
    .update(request.url.split('?')[0]!)
    .update('\n');
  if (request.isMultipart()) {
    // An upload is streamed to the handler, so its size stands for its body.
    hash.update(`multipart:${request.headers['content-length'] ?? ''}`);
  } else {
    hash.update(JSON.stringify(request.body ?? null));
  }
  return hash.digest('hex');
}

/** Hooks that make POSTs with an `Idempotency-Key` header answer once, durably. */
export interface IdempotencyHooks {
  /** `preHandler`: claims the key, or answers from the stored response. */
  claim(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** `onSend`: stores the answer of a claimed key (gives the key up on a 5xx, so a retry runs again). */
  store(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
  /** `onRequestAbort`/`onError`: gives up a key whose request never answered. */
  release(request: FastifyRequest): Promise<void>;
}

/**
 * Idempotency for POST requests. The first request with a key (per caller: API key, JWT subject
 * or address) runs and its answer (status, body, `Location`) is stored in the database; a retry with
 * the same key and body gets that answer again, marked `Idempotent-Replayed: true`, even after a
 * restart; the same key with another body is refused (`IDEMPOTENCY_KEY_REUSED`, 422), and a retry
 * while the first is still running gets `IDEMPOTENCY_KEY_IN_PROGRESS` (409).
 */
export function createIdempotencyHooks(
  repository: () => IdempotencyKeysRepository | undefined,
): IdempotencyHooks {
  return {
    async claim(request, reply) {
      if (request.method !== 'POST' || request.routeOptions.config?.idempotency === false) return;
      const key = headerValue(request);
      if (key === undefined) return;
      const idempotency = repository();
      if (!idempotency) return;
      if (key.trim() === '' || key.length > 255) {
        throw apiError(
          ApiErrorCodes.IDEMPOTENCY_KEY_INVALID,
          'The Idempotency-Key header must hold 1 to 255 characters (a UUID is a good choice).',
        );
      }
      const scope = request.principal?.id ?? `address:${request.ip}`;
      const outcome = await idempotency.begin({
        scope,
        key,
        method: request.method,
        path: request.url.split('?')[0]!,
        fingerprint: fingerprintOf(request),
        staleAfterSeconds: STALE_AFTER_SECONDS,
      });
      switch (outcome.outcome) {
        case 'started':
          request.idempotency = { scope, key };
          return;
        case 'mismatch':
          throw apiError(
            ApiErrorCodes.IDEMPOTENCY_KEY_REUSED,
            `Idempotency-Key "${key}" was already used for a different request (${outcome.record.method} ${outcome.record.path} with another body); use a new key for a new request.`,
            { details: { key } },
          );
        case 'in-progress':
          throw apiError(
            ApiErrorCodes.IDEMPOTENCY_KEY_IN_PROGRESS,
            `The first request with Idempotency-Key "${key}" is still being answered; retry in a moment.`,
            { details: { key, retryAfterSeconds: 1 } },
          );
        case 'replay': {
          request.idempotentReplay = true;
          const headers = outcome.record.headers ?? {};
          for (const name of REPLAYED_RESPONSE_HEADERS) {
            if (headers[name] !== undefined) reply.header(name, headers[name]);
          }
          reply.header(REPLAYED_HEADER, 'true');
          reply.code(outcome.record.statusCode ?? 200);
          if (headers['content-type'] === undefined)
            reply.header('content-type', 'application/json; charset=utf-8');
          // Sent as text: a JSON string with a JSON content type goes out as it is, unchecked.
          return reply.send(JSON.stringify(outcome.record.response));
        }
      }
    },
    async store(request, reply, payload) {
      const claimed = request.idempotency;
      const idempotency = repository();
      if (!claimed || !idempotency || request.idempotentReplay) return payload;
      request.idempotency = undefined;
      try {
        if (reply.statusCode >= 500) {
          await idempotency.release(claimed.scope, claimed.key);
          return payload;
        }
        let response: unknown = null;
        if (typeof payload === 'string' && payload !== '') {
          try {
            response = JSON.parse(payload);
          } catch {
            response = payload;
          }
        }
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_RESPONSE_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await idempotency.complete(claimed.scope, claimed.key, {
          statusCode: reply.statusCode,
          response,
          headers,
        });
      } catch (error) {
        request.log.error({ err: error }, 'could not store the answer of an idempotent request');
      }
      return payload;
    },
    async release(request) {
      const claimed = request.idempotency;
      const idempotency = repository();
      if (!claimed || !idempotency) return;
      request.idempotency = undefined;
      await idempotency.release(claimed.scope, claimed.key).catch((error: unknown) => {
        request.log.error({ err: error }, 'could not release an idempotency key');
      });
    },
  };
}
