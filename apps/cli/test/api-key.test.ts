import { join } from 'node:path';
import { createStorage } from '@mark1/storage';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxHome, requireBuiltCli, runMark1 } from './support/cli';

beforeAll(requireBuiltCli);

let sandbox: ReturnType<typeof createSandboxHome>;
beforeEach(() => {
  sandbox = createSandboxHome();
  expect(runMark1(['init'], sandbox.env).status).toBe(0);
});
afterEach(() => sandbox.remove());

describe('mark1 api-key', () => {
  it('creates a key, shows it once, stores only its hash, and verifies it', async () => {
    const run = runMark1(
      ['--json', 'api-key', 'create', '--role', 'operator', '--name', 'ci'],
      sandbox.env,
    );
    expect(run.status, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout) as {
      key: { id: string; role: string; name: string };
      token: string;
    };
    expect(created.key).toMatchObject({ role: 'operator', name: 'ci' });
    expect(created.token).toMatch(new RegExp(`^mark1_${created.key.id}_[A-Za-z0-9_-]{43}$`));

    const listed = runMark1(['api-key', 'list'], sandbox.env);
    expect(listed.stdout).toContain(created.key.id);
    expect(listed.stdout).not.toContain(created.token);

    const storage = await createStorage({
      url: `sqlite://${join(sandbox.home, 'mark1.db')}`,
      migrate: false,
    });
    try {
      expect((await storage.apiKeys.verify(created.token))?.id).toBe(created.key.id);
      const audit = await storage.auditLog.list({ action: 'api_key.create' });
      expect(audit[0]).toMatchObject({ target: created.key.id, outcome: 'success' });
      expect(audit[0]!.actor).toMatch(/^cli:/);
    } finally {
      await storage.close();
    }
  });

  it('prints the key for people with a warning that it is shown once', () => {
    const run = runMark1(
      ['api-key', 'create', '--role', 'viewer', '--expires', '30d'],
      sandbox.env,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/key\s+mark1_[a-z0-9]{12}_/);
    expect(run.stdout).toContain('only time the key is shown');
    const [key] = JSON.parse(runMark1(['--json', 'api-key', 'list'], sandbox.env).stdout) as {
      expiresAt: string;
      name: string;
    }[];
    expect(key!.name).toBe('viewer key');
    const days = (Date.parse(key!.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it('revokes a key, which then stays listed only with --all', () => {
    const created = JSON.parse(
      runMark1(['--json', 'api-key', 'create', '--role', 'admin'], sandbox.env).stdout,
    ) as { key: { id: string } };
    const revoke = runMark1(['api-key', 'revoke', created.key.id], sandbox.env);
    expect(revoke.status, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain('revoked');
    expect(JSON.parse(runMark1(['--json', 'api-key', 'list'], sandbox.env).stdout)).toEqual([]);
    const all = JSON.parse(
      runMark1(['--json', 'api-key', 'list', '--all'], sandbox.env).stdout,
    ) as { id: string; revokedAt: string }[];
    expect(all[0]).toMatchObject({ id: created.key.id, revokedAt: expect.any(String) });
  });

  it('refuses an unknown role or expiry as a usage error, and an unknown key as a failure', () => {
    const role = runMark1(['api-key', 'create', '--role', 'root'], sandbox.env);
    expect(role.status).toBe(2);
    expect(role.stderr).toContain('viewer, operator, admin');
    const missing = runMark1(['api-key', 'create'], sandbox.env);
    expect(missing.status).toBe(2);
    const expires = runMark1(
      ['api-key', 'create', '--role', 'viewer', '--expires', 'soon'],
      sandbox.env,
    );
    expect(expires.status).toBe(2);
    const unknown = runMark1(['api-key', 'revoke', 'nosuchkey123'], sandbox.env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/API key nosuchkey123 does not exist.*\[NOT_FOUND\]/);
  });
});
