import type { ApiKeysRepository } from '@mark1/storage';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import type { ApiKeyAuthenticator } from './api-key-authenticator';
import type { JwtVerifier } from './jwt-verifier';
import { roleAllows, type Access, type Principal } from './principal';

/** Options of {@link createAuthGate}. */
export interface AuthGateOptions {
  readonly apiKeys: ApiKeysRepository;
  readonly keyAuthenticator: ApiKeyAuthenticator;
  /** Undefined when no JWT key is configured. */
  readonly jwtVerifier: JwtVerifier | undefined;
  /**
   * True when the server listens on loopback only. Only then may it run open (no credentials
   * needed) while no key exists.
   */
  readonly loopbackOnly: boolean;
  /**
   * Milliseconds the "does any key exist" answer is reused.
   * @default 2000
   */
  readonly keyCountTtlMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/** What a request presented. */
export interface Credentials {
  /** `Authorization: Bearer <token>` or `X-API-Key: <token>`, trimmed; undefined when absent. */
  readonly token: string | undefined;
}

/** Decides who a request is and whether it may proceed. */
export interface AuthGate {
  /**
   * Who presents `credentials` on an endpoint with `access`: undefined on a public endpoint without
   * credentials, anonymous in open mode, else the key's or token's principal. Throws
   * `UNAUTHENTICATED`, `API_KEY_*` or `TOKEN_INVALID`.
   */
  identify(
    credentials: Credentials,
    access: Access,
    address: string,
  ): Promise<Principal | undefined>;
  /** Throws `FORBIDDEN` unless `principal` may call an endpoint with `access`. */
  authorize(principal: Principal | undefined, access: Access): void;
  /** Whether requests without credentials are let in now (loopback, no key, no JWT key). */
  isOpen(): Promise<boolean>;
}

function anonymous(address: string): Principal {
  return {
    kind: 'anonymous',
    id: `anonymous:${address}`,
    role: 'admin',
    actor: 'api:anonymous',
    name: 'anonymous',
  };
}

/** Reads the bearer token or `X-API-Key` of a request's headers. */
export function credentialsOf(headers: Record<string, string | string[] | undefined>): Credentials {
  const authorization = headers.authorization;
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const bearer = header?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1];
  const apiKey = headers['x-api-key'];
  const token = bearer ?? (Array.isArray(apiKey) ? apiKey[0] : apiKey)?.trim();
  return { token: token === '' ? undefined : token };
}

/**
 * The server's authentication and authorization. API keys (`mark1_...`) and JWTs (when a key is
 * configured) are checked on every request that carries them, even on public endpoints. Without
 * credentials, a request gets in only to public endpoints, or anywhere while the server is open:
 * bound to loopback with no active key and no JWT key (re-checked every few seconds, so creating
 * the first key closes it).
 */
export function createAuthGate(options: AuthGateOptions): AuthGate {
  const ttl = options.keyCountTtlMs ?? 2000;
  const now = options.now ?? Date.now;
  let keyCount: { value: Promise<number>; at: number } | undefined;

  const activeKeys = (): Promise<number> => {
    if (!keyCount || now() - keyCount.at > ttl) {
      const value = options.apiKeys.countActive();
      keyCount = { value, at: now() };
      value.catch(() => (keyCount = undefined));
    }
    return keyCount.value;
  };

  const isOpen = async (): Promise<boolean> =>
    options.loopbackOnly && options.jwtVerifier === undefined && (await activeKeys()) === 0;

  const identify = async (token: string): Promise<Principal> => {
    if (token.startsWith('mark1_')) return options.keyAuthenticator.authenticate(token);
    if (!options.jwtVerifier) {
      throw apiError(
        ApiErrorCodes.TOKEN_INVALID,
        'The bearer token is not a Mark-1 API key (`mark1_...`) and this server accepts no JWTs (api.jwt_secret / api.jwt_public_key are unset).',
      );
    }
    return options.jwtVerifier.verify(token);
  };

  return {
    isOpen,
    async identify(credentials, access, address) {
      if (credentials.token === undefined) {
        if (access === 'public') return undefined;
        if (await isOpen()) return anonymous(address);
        throw apiError(
          ApiErrorCodes.UNAUTHENTICATED,
          'This endpoint needs credentials: send `Authorization: Bearer <API key or JWT>` (create a key with `mark1 api-key create --role viewer`).',
        );
      }
      return identify(credentials.token);
    },
    authorize(principal, access) {
      if (access === 'public' || !principal) return;
      if (!roleAllows(principal.role, access)) {
        throw apiError(
          ApiErrorCodes.FORBIDDEN,
          `This endpoint needs the ${access} role; ${principal.kind === 'api-key' ? 'API key' : 'token'} "${principal.name}" has ${principal.role}.`,
          { details: { required: access, role: principal.role } },
        );
      }
    },
  };
}
