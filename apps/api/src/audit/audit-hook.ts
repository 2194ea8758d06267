import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLogRepository, AuditOutcome } from '@mark1/storage';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode === 401 || statusCode === 403 || statusCode === 429) return 'denied';
  return statusCode < 400 ? 'success' : 'failure';
}

function errorCodeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `onSend` hook that writes one `audit_log` row for every mutating request on a known route,
 * allowed or not: who (the principal's actor, or the address), what (the route's audit action),
 * (`api.<route's action>`, apart from the rows the packages write themselves), which target (the
 * `:id` in the path), the outcome (success, failure, denied) and the status.
 * The row is written before the answer leaves, so a client that got an answer finds its row.
 */
export function createAuditHook(auditLog: () => AuditLogRepository | undefined) {
  return async function audit(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
  ): Promise<unknown> {
    const action = request.routeOptions.config?.audit;
    const route = request.routeOptions.url;
    if (!MUTATING.has(request.method) || route === undefined || action === false) return payload;
    const repository = auditLog();
    if (!repository) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const code = reply.statusCode >= 400 ? errorCodeOf(payload) : undefined;
    try {
      await repository.record({
        actor: request.principal?.actor ?? `api:unauthenticated:${request.ip}`,
        action: `api.${action ?? `${request.method} ${route}`}`,
        target: typeof params.id === 'string' ? params.id : null,
        outcome: outcomeOf(reply.statusCode),
        details: {
          method: request.method,
          route,
          statusCode: reply.statusCode,
          requestId: request.id,
          ...(code ? { code } : {}),
          ...(request.idempotentReplay ? { idempotentReplay: true } : {}),
        },
      });
    } catch (error) {
      request.log.error({ err: error }, 'could not write the audit log row');
    }
    return payload;
  };
}
