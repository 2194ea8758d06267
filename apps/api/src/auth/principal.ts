import { API_KEY_ROLES, type ApiKeyRole } from '@mark1/storage';

/** A role: viewer reads, operator runs and cancels, admin installs, removes plugins and manages keys. */
export type Role = ApiKeyRole;

/** Roles, least first. */
export const ROLES: readonly Role[] = API_KEY_ROLES;

/** Who is calling. */
export interface Principal {
  /** How the caller proved it: an API key, a JWT, or nothing (open mode on loopback). */
  readonly kind: 'api-key' | 'jwt' | 'anonymous';
  /**
   * Stable identity for rate limits and idempotency scopes: `key:<id>`, `jwt:<sub>`, or
   * `anonymous:<address>`.
   */
  readonly id: string;
  readonly role: Role;
  /** The audit log's `actor`: `api:key:<id>`, `api:jwt:<sub>`, `api:anonymous`. */
  readonly actor: string;
  /** The key's name or the token's subject, for logs. */
  readonly name: string;
}

/** Where an endpoint stands: open to anyone, or needing at least a role. */
export type Access = 'public' | Role;

/** True when `role` is `required` or above. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
