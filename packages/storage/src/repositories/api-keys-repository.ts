import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  notFound,
  nowIso,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** What an API key may do, least first: viewer reads, operator runs and cancels, admin manages. */
export const API_KEY_ROLES = ['viewer', 'operator', 'admin'] as const;
/** An API key's role. */
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** The text every API key token starts with, so leaked keys are easy to recognise and scan for. */
export const API_KEY_TOKEN_PREFIX = 'mark1_';

/** An API key as stored (`api_keys`): never the key itself, only its scrypt hash. */
export const ApiKeyRecordSchema = z.object({
  /** Public id, also the second part of the token (`mark1_<id>_<secret>`). */
  id: z.string(),
  /** A label for people (`ci`, `grafana`). */
  name: z.string(),
  role: z.enum(API_KEY_ROLES),
  /** Who created it (`cli:<user>`, `api:<key id>`). */
  createdBy: z.string(),
  createdAt: TimestampSchema,
  /** When it stops working, or null for never. */
  expiresAt: TimestampSchema.nullable(),
  /** Last time it authenticated a request (updated at most once a minute). */
  lastUsedAt: TimestampSchema.nullable(),
  /** When it was revoked, or null while it is valid. */
  revokedAt: TimestampSchema.nullable(),
});
/** An API key as stored. */
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/** What `apiKeys.create` accepts. */
export const NewApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'the name is empty')
    .max(100, 'the name is longer than 100 characters'),
  role: z.enum(API_KEY_ROLES),
  createdBy: z.string().min(1),
  /** @default never */
  expiresAt: TimestampInputSchema.nullable().optional(),
});
/** What `apiKeys.create` accepts. */
export type NewApiKey = z.input<typeof NewApiKeySchema>;

/** A new key: its record, and the token, which is shown once and never stored. */
export interface CreatedApiKey {
  readonly key: ApiKeyRecord;
  /** `mark1_<id>_<secret>`: what clients send as `Authorization: Bearer <token>`. */
  readonly token: string;
}

/** Filters of `apiKeys.list`. */
export interface ApiKeyListOptions {
  /**
   * Include revoked keys.
   * @default false
   */
  includeRevoked?: boolean;
}

/** API keys of the bundled API server (`api_keys`), stored as scrypt hashes. */
export interface ApiKeysRepository {
  /** Creates a key and returns its token, which exists nowhere else afterwards. */
  create(input: NewApiKey): Promise<CreatedApiKey>;
  /** One key by id, or undefined. */
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Keys, newest first. */
  list(options?: ApiKeyListOptions): Promise<ApiKeyRecord[]>;
  /** Revokes a key (keeping the first revocation time); `NOT_FOUND` when there is none. */
  revoke(id: string): Promise<ApiKeyRecord>;
  /**
   * The key a token belongs to when its secret matches the stored hash (a slow scrypt check), even
   * when the key is revoked or expired: the caller decides, and can say why. Undefined for a token
   * that is malformed, unknown or wrong.
   */
  verify(token: string): Promise<ApiKeyRecord | undefined>;
  /** Records that a key was used now. */
  touch(id: string): Promise<void>;
  /** Keys neither revoked nor expired. */
  countActive(): Promise<number>;
}

const TABLE = 'api_keys';
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const ID_LENGTH = 12;
const SECRET_BYTES = 32;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds), recorded in each hash. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const TOKEN_PATTERN = new RegExp(
  `^${API_KEY_TOKEN_PREFIX}([${ID_ALPHABET}]{${ID_LENGTH}})_([A-Za-z0-9_-]{43})$`,
);

function newKeyId(): string {
  const bytes = randomBytes(ID_LENGTH);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

function scryptAsync(
  secret: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keylen, options, (error, derived) =>
      error ? reject(error) : resolve(derived),
    );
  });
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(
    secret,
    salt,
    HASH_BYTES,
    scryptOptions(SCRYPT.N, SCRYPT.r, SCRYPT.p),
  );
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64'),
    hash.toString('base64'),
  ].join('$');
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const derived = await scryptAsync(
    secret,
    Buffer.from(salt, 'base64'),
    expected.length,
    scryptOptions(Number(n), Number(r), Number(p)),
  );
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

/** The {@link ApiKeysRepository} on `context`. */
export function createApiKeysRepository(context: RepositoryContext): ApiKeysRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'text'],
      name: ['name', 'text'],
      role: ['role', 'text'],
      createdBy: ['created_by', 'text'],
      createdAt: ['created_at', 'timestamp'],
      expiresAt: ['expires_at', 'timestamp'],
      lastUsedAt: ['last_used_at', 'timestamp'],
      revokedAt: ['revoked_at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) => decodeRow(codec, ApiKeyRecordSchema, row, TABLE);
  const getRow = (id: string) =>
    runQuery(context, `reading API key ${id}`, () =>
      context.db(TABLE).where('id', id).first(),
    ) as Promise<Record<string, unknown> | undefined>;
  const get = async (id: string) => {
    const row = await getRow(id);
    return row ? decode(row) : undefined;
  };

  return {
    async create(input) {
      const parsed = parseInput(NewApiKeySchema, input, 'API key');
      const id = newKeyId();
      const secret = randomBytes(SECRET_BYTES).toString('base64url');
      const record = {
        id,
        name: parsed.name,
        role: parsed.role,
        createdBy: parsed.createdBy,
        createdAt: nowIso(),
        expiresAt: parsed.expiresAt ?? null,
      };
      const keyHash = await hashSecret(secret);
      await runQuery(context, `create API key ${parsed.name}`, () =>
        context.db(TABLE).insert({ ...codec.toRow(record), key_hash: keyHash }),
      );
      return { key: (await get(id))!, token: `${API_KEY_TOKEN_PREFIX}${id}_${secret}` };
    },
    get,
    async list(options = {}) {
      const rows = await runQuery(context, 'listing API keys', () => {
        const query = context
          .db(TABLE)
          .select('*')
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ]);
        if (!options.includeRevoked) query.whereNull('revoked_at');
        return query;
      });
      return rows.map(decode);
    },
    async revoke(id) {
      await runQuery(context, `revoke API key ${id}`, () =>
        context.db(TABLE).where('id', id).whereNull('revoked_at').update({ revoked_at: nowIso() }),
      );
      const key = await get(id);
      if (!key) {
        throw notFound(`API key ${id}`, 'list keys with `mark1 api-key list`');
      }
      return key;
    },
    async verify(token) {
      const match = TOKEN_PATTERN.exec(token.trim());
      if (!match) return undefined;
      const row = await getRow(match[1]!);
      if (!row || !(await secretMatches(match[2]!, String(row.key_hash)))) return undefined;
      return decode(row);
    },
    async touch(id) {
      await runQuery(context, `touch API key ${id}`, () =>
        context.db(TABLE).where('id', id).update({ last_used_at: nowIso() }),
      );
    },
    async countActive() {
      const now = nowIso();
      const row = (await runQuery(context, 'counting API keys', () =>
        context
          .db(TABLE)
          .whereNull('revoked_at')
          .andWhere((query) => query.whereNull('expires_at').orWhere('expires_at', '>', now))
          .count({ count: '*' })
          .first(),
      )) as { count: number | string } | undefined;
      return Number(row?.count ?? 0);
    },
  };
}
