import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createStorage, type ApiKeyRole, type Storage } from '@mark1/storage';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from './support/http';
import { createSandbox, type Sandbox } from './support/sandbox';
import { runServerToExit, startServer, type ApiServer } from './support/server';
import { tarGz } from './support/tar';

const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';

let sandbox: Sandbox;
let storage: Storage;
let server: ApiServer;
const tokens = {} as Record<ApiKeyRole | 'limited' | 'toRevoke' | 'expired', string>;
const keyIds = {} as Record<string, string>;

async function newKey(name: string, role: ApiKeyRole, expiresAt?: string) {
  const created = await storage.apiKeys.create({
    name,
    role,
    createdBy: 'test',
    ...(expiresAt ? { expiresAt } : {}),
  });
  keyIds[name] = created.key.id;
  return created.token;
}

function jwt(
  claims: Record<string, unknown>,
  options: { secret?: string; expiresIn?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ci-pipeline')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

beforeAll(async () => {
  sandbox = createSandbox('auth');
  storage = await createStorage({ url: `sqlite://${join(sandbox.home, 'mark1.db')}` });
  for (const role of ['viewer', 'operator', 'admin'] as const)
    tokens[role] = await newKey(role, role);
  tokens.limited = await newKey('limited', 'viewer');
  tokens.toRevoke = await newKey('toRevoke', 'operator');
  tokens.expired = await newKey('expired', 'admin', '2020-01-01T00:00:00Z');
  server = await startServer({
    home: sandbox.home,
    env: {
      MARK1_API_ALLOWED_ROOTS: sandbox.allowed,
      MARK1_API_RATE_LIMIT: '40',
      MARK1_API_BODY_LIMIT: '64KB',
      MARK1_API_UPLOAD_LIMIT: '64KB',
      MARK1_API_JWT_SECRET: JWT_SECRET,
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await storage?.close();
  sandbox?.remove();
});

/** One endpoint of each class, called so that an allowed caller gets a 2xx or a 404 past the role check. */
const ENDPOINTS = {
  read: { method: 'GET', path: '/api/v1/plugins', least: 'viewer' },
  operate: { method: 'POST', path: '/api/v1/runs/no-such-run/cancel', least: 'operator' },
  administer: { method: 'DELETE', path: '/api/v1/plugins/no-such-plugin', least: 'admin' },
} as const;
const RANK = { viewer: 0, operator: 1, admin: 2 } as const;

describe('roles against endpoint classes', () => {
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    for (const [kind, endpoint] of Object.entries(ENDPOINTS)) {
      const allowed = RANK[role] >= RANK[endpoint.least];
      it(`${role} ${allowed ? 'may' : 'may not'} ${kind} (${endpoint.method} ${endpoint.path})`, async () => {
        const response = await call(server.url, endpoint.method, endpoint.path, {
          token: tokens[role],
        });
        if (allowed) {
          expect([200, 404]).toContain(response.status);
          if (response.status === 404)
            expect(response.body.code).toMatch(/RUN_NOT_FOUND|PLUGIN_NOT_FOUND/);
        } else {
          expect(response.status).toBe(403);
          expect(response.body).toMatchObject({
            code: 'FORBIDDEN',
            details: { required: endpoint.least, role },
          });
        }
      });
    }
  }

  it('keeps public endpoints open and key management to admins', async () => {
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/v1/ready')).status).toBe(200);
    expect((await call(server.url, 'GET', '/metrics')).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/v1/status')).status).toBe(401);
    expect(
      (await call(server.url, 'GET', '/api/v1/api-keys', { token: tokens.operator })).status,
    ).toBe(403);
    const keys = await call(server.url, 'GET', '/api/v1/api-keys', { token: tokens.admin });
    expect(keys.status).toBe(200);
    expect(JSON.stringify(keys.body)).not.toMatch(/mark1_[a-z0-9]{12}_|scrypt/);
  });
});

describe('credentials', () => {
  it('refuses a missing, malformed, unknown or wrong key with 401 and a problem body', async () => {
    const missing = await call(server.url, 'GET', '/api/v1/plugins');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHENTICATED');
    const secret = tokens.viewer.slice(-43);
    const wrongSecret = `${tokens.viewer.slice(0, -43)}${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    for (const token of ['mark1_garbage', `mark1_zzzzzzzzzzzz_${secret}`, wrongSecret]) {
      const response = await call(server.url, 'GET', '/api/v1/plugins', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('API_KEY_INVALID');
    }
    const viaHeader = await call(server.url, 'GET', '/api/v1/plugins', {
      headers: { 'x-api-key': tokens.viewer },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('refuses an expired key, a key revoked by an admin at once, and one revoked by another process within a second', async () => {
    const expired = await call(server.url, 'GET', '/api/v1/plugins', { token: tokens.expired });
    expect(expired.body.code).toBe('API_KEY_EXPIRED');

    expect(
      (await call(server.url, 'GET', '/api/v1/plugins', { token: tokens.toRevoke })).status,
    ).toBe(200);
    const revoked = await call(server.url, 'DELETE', `/api/v1/api-keys/${keyIds.toRevoke}`, {
      token: tokens.admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await call(server.url, 'GET', '/api/v1/plugins', { token: tokens.toRevoke });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('API_KEY_REVOKED');

    const elsewhere = await newKey('elsewhere', 'viewer');
    expect((await call(server.url, 'GET', '/api/v1/plugins', { token: elsewhere })).status).toBe(
      200,
    );
    await storage.apiKeys.revoke(keyIds.elsewhere!);
    // Another process's revocation is seen once the server reads the key's row again (within a second).
    const refused = await waitFor(
      () => call(server.url, 'GET', '/api/v1/plugins', { token: elsewhere }),
      (response) => response.status === 401,
      30,
    );
    expect(refused.body.code).toBe('API_KEY_REVOKED');
  });

  it('accepts JWTs signed with the configured secret and naming a role, and nothing else', async () => {
    const operator = await jwt({ mark1_role: 'operator' });
    expect(
      (await call(server.url, 'POST', '/api/v1/runs/no-such-run/cancel', { token: operator }))
        .status,
    ).toBe(404);
    expect(
      (await call(server.url, 'DELETE', '/api/v1/plugins/x', { token: operator })).status,
    ).toBe(403);
    const cases = [
      await jwt({ mark1_role: 'admin' }, { secret: 'another-secret-that-is-also-long-enough!!' }),
      await jwt({ mark1_role: 'admin' }, { expiresIn: '-1h' }),
      await jwt({ mark1_role: 'root' }),
      await jwt({}),
      'not.a.jwt',
    ];
    for (const token of cases) {
      const response = await call(server.url, 'GET', '/api/v1/plugins', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('TOKEN_INVALID');
    }
  });

  it('rate limits each key: 429 with Retry-After, while other keys go on', async () => {
    let limited;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      limited = await call(server.url, 'GET', '/api/v1/capabilities', { token: tokens.limited });
      if (limited.status === 429) break;
      expect(limited.status).toBe(200);
    }
    expect(limited!.status).toBe(429);
    expect(limited!.body.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      (await call(server.url, 'GET', '/api/v1/capabilities', { token: tokens.viewer })).status,
    ).toBe(200);
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
  });
});

describe('limits on what requests carry', () => {
  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const response = await call(server.url, 'POST', '/api/v1/contexts', {
      token: tokens.operator,
      json: { key: 'big', type: 'general', data: 'x'.repeat(100 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await call(server.url, 'POST', '/api/v1/contexts', {
      token: tokens.operator,
      json: { key: 'small', type: 'general', data: { a: 1 } },
    });
    expect(small.status).toBe(201);
    expect(small.headers.get('location')).toBe('/api/v1/contexts/small');
    expect(
      (await call(server.url, 'GET', '/api/v1/contexts/small', { token: tokens.viewer })).body.data,
    ).toEqual({ a: 1 });
  });

  it('refuses an upload over the limit with 413', async () => {
    const form = new FormData();
    form.append('archive', new Blob([Buffer.alloc(200 * 1024, 7)]), 'plugin.tar.gz');
    const response = await call(server.url, 'POST', '/api/v1/plugins/install', {
      token: tokens.admin,
      body: form,
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unpacks uploads with the registry’s safe unpacker: an archive with ../ entries installs nothing', async () => {
    const archive = tarGz([
      {
        name: 'evil/mark1.plugin.yml',
        content:
          'schema_version: "1.0"\nplugin: { name: evil, version: 1.0.0, runtime: node }\ncapabilities: []\n',
      },
      { name: 'evil/../../../../escaped.txt', content: 'gotcha' },
    ]);
    const form = new FormData();
    form.append('archive', new Blob([archive]), 'evil.tar.gz');
    const accepted = await call(server.url, 'POST', '/api/v1/plugins/install', {
      token: tokens.admin,
      body: form,
    });
    expect(accepted.status).toBe(202);
    const operation = await waitFor(
      () => call(server.url, 'GET', accepted.headers.get('location')!, { token: tokens.viewer }),
      (response) => ['succeeded', 'failed'].includes(response.body.state),
    );
    expect(operation.body.state).toBe('failed');
    expect(operation.body.error.code).toBe('UNSAFE_PATH');
    expect(existsSync(join(sandbox.root, 'escaped.txt'))).toBe(false);
    expect(
      (await call(server.url, 'GET', '/api/v1/plugins', { token: tokens.viewer })).body,
    ).toEqual([]);
  });

  it('refuses paths outside the allowed folders for scans, installs and run inputs', async () => {
    const scan = await call(server.url, 'POST', '/api/v1/scan', {
      token: tokens.operator,
      json: { path: sandbox.outside },
    });
    expect(scan.body.code).toBe('PATH_NOT_ALLOWED');
    const install = await call(server.url, 'POST', '/api/v1/plugins/install', {
      token: tokens.admin,
      json: { source: `file://${sandbox.outside}` },
    });
    expect(install.body.code).toBe('PATH_NOT_ALLOWED');
    const relative = await call(server.url, 'POST', '/api/v1/scan', {
      token: tokens.operator,
      json: { path: '../outside' },
    });
    expect(relative.body.code).toBe('PATH_NOT_ALLOWED');
    expect(relative.status).toBe(403);
  });
});

describe('audit', () => {
  it('records denied, failed and successful mutations with the caller', async () => {
    const rows = await storage.auditLog.list({ limit: 1000 });
    const denied = rows
      .filter((row) => row.action === 'api.plugin.uninstall' && row.outcome === 'denied')
      .map((row) => row.actor);
    expect(denied).toEqual(
      expect.arrayContaining([
        `api:key:${keyIds.viewer}`,
        `api:key:${keyIds.operator}`,
        'api:jwt:ci-pipeline',
      ]),
    );
    expect(
      rows.some(
        (row) =>
          row.action === 'api.plugin.uninstall' &&
          row.outcome === 'failure' &&
          row.actor === `api:key:${keyIds.admin}`,
      ),
    ).toBe(true);
    expect(
      rows.some(
        (row) =>
          row.action === 'api.run.cancel' &&
          row.outcome === 'failure' &&
          row.actor === 'api:jwt:ci-pipeline',
      ),
    ).toBe(true);
    expect(rows.some((row) => row.action === 'api.context.put' && row.outcome === 'success')).toBe(
      true,
    );
    expect(
      rows.some(
        (row) =>
          row.action === 'api.context.put' &&
          row.outcome === 'failure' &&
          row.details?.code === 'PAYLOAD_TOO_LARGE',
      ),
    ).toBe(true);
    expect(
      rows.some((row) => row.action === 'api.api_key.revoke' && row.target === keyIds.toRevoke),
    ).toBe(true);
  });
});

describe('binding', () => {
  it('refuses to listen beyond loopback without any key, and says how to fix it', async () => {
    const bare = createSandbox('bind');
    try {
      const result = await runServerToExit({ home: bare.home, args: ['--host', '0.0.0.0'] });
      expect(result.code).toBe(1);
      expect(result.output).toContain('[INSECURE_BIND]');
      expect(result.output).toContain('mark1 api-key create');
    } finally {
      bare.remove();
    }
  });

  it('runs open on loopback without keys, with a warning, and closes once a key exists', async () => {
    const open = createSandbox('open');
    const openServer = await startServer({ home: open.home });
    try {
      expect(
        openServer
          .logLines()
          .some(
            (line) => line.level === 'warn' && String(line.msg).includes('open to every process'),
          ),
      ).toBe(true);
      expect((await call(openServer.url, 'GET', '/api/v1/status')).body.auth).toBe('open');
      const local = await createStorage({ url: `sqlite://${join(open.home, 'mark1.db')}` });
      try {
        await local.apiKeys.create({ name: 'first', role: 'admin', createdBy: 'test' });
      } finally {
        await local.close();
      }
      const closed = await waitFor(
        () => call(openServer.url, 'GET', '/api/v1/plugins'),
        (response) => response.status === 401,
        100,
      );
      expect(closed.body.code).toBe('UNAUTHENTICATED');
    } finally {
      await openServer.stop();
      open.remove();
    }
  });
});
