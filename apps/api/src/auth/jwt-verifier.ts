import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { errors as joseErrors, jwtVerify } from 'jose';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';
import { ROLES, type Principal, type Role } from './principal';

/** Options of {@link createJwtVerifier}: a shared secret or a public key, and the claims to require. */
export interface JwtVerifierOptions {
  /** HS256/384/512 shared secret. */
  readonly secret?: string;
  /** Path of a PEM (SPKI) public key for RS*, PS*, ES* or EdDSA tokens. */
  readonly publicKeyFile?: string;
  /** Required `iss`. */
  readonly issuer?: string;
  /** Required `aud`. */
  readonly audience?: string;
}

/** Verifies JWTs and turns their claims into a principal. */
export interface JwtVerifier {
  /** The caller a token names; throws `TOKEN_INVALID` saying why it is refused. */
  verify(token: string): Promise<Principal>;
}

function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec':
      return ['ES256', 'ES384', 'ES512'];
    case 'ed25519':
    case 'ed448':
      return ['EdDSA', 'Ed25519'];
    default:
      return [];
  }
}

function readPublicKey(path: string): KeyObject {
  try {
    return createPublicKey(readFileSync(path, 'utf8'));
  } catch (error) {
    throw apiError(
      ApiErrorCodes.TOKEN_INVALID,
      `Cannot read the JWT public key ${path} (${(error as Error).message}); set api.jwt_public_key to a PEM (SPKI) public key file.`,
      {
        cause: error,
      },
    );
  }
}

function refusal(reason: string, cause?: unknown) {
  return apiError(ApiErrorCodes.TOKEN_INVALID, `The bearer token is not accepted: ${reason}.`, {
    cause,
  });
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `its "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'its signature does not match the configured key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'it is signed with an algorithm the configured key does not allow';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return 'it is not a well-formed JWT';
  return 'it could not be verified';
}

/**
 * A verifier for the configured key, or undefined when no JWT key is configured. Tokens must be
 * signed with that key, carry `exp` and `sub`, and name a role in `mark1_role` (or `role`):
 * viewer, operator or admin.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier | undefined {
  if (!options.secret && !options.publicKeyFile) return undefined;
  const key = options.secret
    ? createSecretKey(Buffer.from(options.secret, 'utf8'))
    : readPublicKey(options.publicKeyFile!);
  const algorithms = options.secret ? ['HS256', 'HS384', 'HS512'] : algorithmsFor(key);
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms,
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
        }));
      } catch (error) {
        throw refusal(describeJoseError(error), error);
      }
      const role = (payload.mark1_role ?? payload.role) as unknown;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        throw refusal(`its "mark1_role" claim must be one of ${ROLES.join(', ')}`);
      }
      const subject = String(payload.sub);
      return {
        kind: 'jwt',
        id: `jwt:${subject}`,
        role: role as Role,
        actor: `api:jwt:${subject}`,
        name: subject,
      };
    },
  };
}
