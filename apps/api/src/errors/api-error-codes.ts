import { Mark1Error, type Mark1ErrorOptions } from '@mark1/sdk';

/** Error codes raised by the API server itself (the packages' codes pass through unchanged). */
export const ApiErrorCodes = {
  /** The request carries no credentials and the server requires them. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The API key is malformed, unknown, or its secret does not match. */
  API_KEY_INVALID: 'API_KEY_INVALID',
  /** The API key was revoked (`mark1 api-key revoke`, `DELETE /api-keys/{id}`). */
  API_KEY_REVOKED: 'API_KEY_REVOKED',
  /** The API key is past its expiry time. */
  API_KEY_EXPIRED: 'API_KEY_EXPIRED',
  /** The JWT's signature, expiry, issuer, audience or role claim is not acceptable, or JWTs are not enabled. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  /** The caller is authenticated, but its role may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The caller made too many requests; `Retry-After` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request body is larger than the configured limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request body's content type is not one this endpoint reads. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The request's body, query or path parameters do not match the endpoint's schema. */
  REQUEST_INVALID: 'REQUEST_INVALID',
  /** No endpoint has this method and path. */
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  /** A path in the request lies outside the folders the configuration allows (`api.allowed_roots`). */
  PATH_NOT_ALLOWED: 'PATH_NOT_ALLOWED',
  /** The `Idempotency-Key` header is empty or longer than 255 characters. */
  IDEMPOTENCY_KEY_INVALID: 'IDEMPOTENCY_KEY_INVALID',
  /** The `Idempotency-Key` was already used for a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this `Idempotency-Key` is still being answered; retry shortly. */
  IDEMPOTENCY_KEY_IN_PROGRESS: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  /** No orchestration has this id. */
  ORCHESTRATION_NOT_FOUND: 'ORCHESTRATION_NOT_FOUND',
  /** The plan for an orchestration cannot run (invalid, empty, or inputs missing); the orchestration is recorded with its plan. */
  PLAN_NOT_RUNNABLE: 'PLAN_NOT_RUNNABLE',
  /** No plugin operation (background install or update) has this id. */
  OPERATION_NOT_FOUND: 'OPERATION_NOT_FOUND',
  /** The server is starting, stopping, or cannot reach its database. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The server would listen beyond loopback with no API key or JWT key configured, so it refuses to start. */
  INSECURE_BIND: 'INSECURE_BIND',
  /** Something failed that carries no Mark-1 code; the log holds the details under the request id. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

/** A code raised by the API server. */
export type ApiErrorCode = (typeof ApiErrorCodes)[keyof typeof ApiErrorCodes];

/** A {@link Mark1Error} with an API code. */
export function apiError(
  code: ApiErrorCode,
  message: string,
  options: Mark1ErrorOptions = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}
