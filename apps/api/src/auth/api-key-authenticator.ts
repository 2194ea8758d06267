import { createHash, timingSafeEqual } from 'node:crypto';
import { API_KEY_TOKEN_PREFIX, type ApiKeyRecord, type ApiKeysRepository } from '@mark1/storage';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import type { Principal } from './principal';

/** Options of {@link createApiKeyAuthenticator}. */
export interface ApiKeyAuthenticatorOptions {
  /** The repository keys are checked against. */
  readonly apiKeys: ApiKeysRepository;
  /**
   * Most verified tokens remembered, so the slow KDF runs once per key and process.
   * @default 1000
   */
  readonly cacheSize?: number;
  /**
   * Milliseconds between two `last_used_at` updates of one key.
   * @default 60000
   */
  readonly touchIntervalMs?: number;
  /**
   * Milliseconds a key's row, once read, answers for it: a revocation or expiry written by another
   * process takes effect within this time (revocations through this server at once, see `forget`).
   * @default 1000
   */
  readonly recordTtlMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/** Turns an API key token into a principal. */
export interface ApiKeyAuthenticator {
  /** The caller behind `token`; throws `API_KEY_INVALID`, `API_KEY_REVOKED` or `API_KEY_EXPIRED`. */
  authenticate(token: string): Promise<Principal>;
  /** Drops what is remembered of a key (it was revoked through this server). */
  forget(keyId: string): void;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function principalOf(key: ApiKeyRecord): Principal {
  return {
    kind: 'api-key',
    id: `key:${key.id}`,
    role: key.role,
    actor: `api:key:${key.id}`,
    name: key.name,
  };
}

/**
 * Checks API keys. A token's secret is verified once with scrypt; afterwards a SHA-256 of the whole
 * token stands in for it, compared in constant time. The key's row is read again at most every
 * `recordTtlMs`, so a revocation by another process (the CLI) takes effect within that time; one
 * made through this server takes effect at once.
 */
export function createApiKeyAuthenticator(
  options: ApiKeyAuthenticatorOptions,
): ApiKeyAuthenticator {
  const cacheSize = options.cacheSize ?? 1000;
  const touchInterval = options.touchIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const recordTtl = options.recordTtlMs ?? 1000;
  const verified = new Map<string, Buffer>();
  const records = new Map<string, { key: ApiKeyRecord; readAt: number }>();
  const reading = new Map<string, Promise<ApiKeyRecord | undefined>>();
  const touched = new Map<string, number>();
  // One scrypt check per token at a time: a burst of requests with a new token waits for the first.
  const inFlight = new Map<string, Promise<ApiKeyRecord | undefined>>();
  const readKey = async (id: string): Promise<ApiKeyRecord | undefined> => {
    const cached = records.get(id);
    if (cached && now() - cached.readAt < recordTtl) return cached.key;
    let read = reading.get(id);
    if (!read) {
      read = options.apiKeys
        .get(id)
        .then((key) => {
          if (key) records.set(id, { key, readAt: now() });
          else records.delete(id);
          return key;
        })
        .finally(() => reading.delete(id));
      reading.set(id, read);
    }
    return read;
  };

  const invalid = () =>
    apiError(
      ApiErrorCodes.API_KEY_INVALID,
      'The API key is not valid: check that it was copied whole (`mark1_<id>_<secret>`), or create a new one with `mark1 api-key create`.',
    );

  const check = (key: ApiKeyRecord): Principal => {
    if (key.revokedAt !== null) {
      throw apiError(
        ApiErrorCodes.API_KEY_REVOKED,
        `API key ${key.id} (${key.name}) was revoked at ${key.revokedAt}; ask an admin for a new one.`,
        {
          details: { keyId: key.id },
        },
      );
    }
    if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now()) {
      throw apiError(
        ApiErrorCodes.API_KEY_EXPIRED,
        `API key ${key.id} (${key.name}) expired at ${key.expiresAt}; ask an admin for a new one.`,
        {
          details: { keyId: key.id },
        },
      );
    }
    const last = touched.get(key.id) ?? 0;
    if (now() - last >= touchInterval) {
      touched.set(key.id, now());
      void options.apiKeys.touch(key.id).catch(() => touched.delete(key.id));
    }
    return principalOf(key);
  };

  return {
    async authenticate(token) {
      const id = token.startsWith(API_KEY_TOKEN_PREFIX)
        ? token.slice(API_KEY_TOKEN_PREFIX.length).split('_')[0]
        : undefined;
      if (!id) throw invalid();
      const remembered = verified.get(id);
      if (remembered) {
        const given = digest(token);
        if (timingSafeEqual(given, remembered)) {
          const key = await readKey(id);
          if (!key) {
            verified.delete(id);
            throw invalid();
          }
          return check(key);
        }
      }
      const given = digest(token).toString('hex');
      let verifying = inFlight.get(given);
      if (!verifying) {
        verifying = options.apiKeys.verify(token).finally(() => inFlight.delete(given));
        inFlight.set(given, verifying);
      }
      const key = await verifying;
      if (!key) throw invalid();
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(id, digest(token));
      records.set(id, { key, readAt: now() });
      return check(key);
    },
    forget(keyId) {
      verified.delete(keyId);
      records.delete(keyId);
    },
  };
}
