import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretCipher } from './secret-cipher';
import { deriveSecretKey, loadSecretKey } from './secret-key';

describe('secret key', () => {
  it('creates a 0600 keyfile once and reads the same key afterwards', () => {
    const home = mkdtempSync(join(tmpdir(), 'mark1-key-'));
    const keyFile = join(home, 'nested', 'secret.key');
    const first = loadSecretKey({ keyFile });
    expect(first.origin).toBe('keyfile');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.key).toHaveLength(32);
    expect(loadSecretKey({ keyFile }).key.equals(first.key)).toBe(true);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').equals(first.key)).toBe(
      true,
    );
  });

  it('prefers MARK1_SECRET_KEY: 32 bytes as hex are used as is, a passphrase is derived', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey({ secretKey: hex, keyFile: '/nonexistent/key' }).key.toString('hex')).toBe(
      hex,
    );
    const derived = deriveSecretKey('correct horse battery staple');
    expect(derived).toHaveLength(32);
    expect(derived.equals(deriveSecretKey('correct horse battery staple'))).toBe(true);
    expect(() => deriveSecretKey('  ')).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }),
    );
  });

  it('refuses a corrupt keyfile and warns about one others can read', () => {
    const home = mkdtempSync(join(tmpdir(), 'mark1-key-'));
    const keyFile = join(home, 'secret.key');
    writeFileSync(keyFile, 'not a key', { mode: 0o600 });
    expect(() => loadSecretKey({ keyFile })).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }),
    );
    writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    chmodSync(keyFile, 0o644);
    expect(loadSecretKey({ keyFile }).warnings.join()).toMatch(/chmod 600/);
  });
});

describe('secret cipher', () => {
  const cipher = createSecretCipher(Buffer.alloc(32, 1));

  it('round-trips values with a fresh IV each time, never storing the plain text', () => {
    const a = cipher.encrypt('plugin-a', 'TOKEN', 's3cr3t-value');
    const b = cipher.encrypt('plugin-a', 'TOKEN', 's3cr3t-value');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toContain('s3cr3t');
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain('s3cr3t');
    expect(cipher.decrypt('plugin-a', 'TOKEN', a)).toBe('s3cr3t-value');
    expect(cipher.decrypt('plugin-a', 'EMPTY', cipher.encrypt('plugin-a', 'EMPTY', ''))).toBe('');
  });

  it('binds a value to its plugin and name, and to the key', () => {
    const stored = cipher.encrypt('plugin-a', 'TOKEN', 'value');
    expect(() => cipher.decrypt('plugin-b', 'TOKEN', stored)).toThrow(
      expect.objectContaining({ code: 'SECRET_DECRYPT_FAILED' }),
    );
    expect(() => cipher.decrypt('plugin-a', 'OTHER', stored)).toThrow(
      expect.objectContaining({ code: 'SECRET_DECRYPT_FAILED' }),
    );
    expect(() =>
      createSecretCipher(Buffer.alloc(32, 2)).decrypt('plugin-a', 'TOKEN', stored),
    ).toThrow(/another key/);
    const tampered = { ...stored, ciphertext: Buffer.from('tampered!').toString('base64') };
    expect(() => cipher.decrypt('plugin-a', 'TOKEN', tampered)).toThrow(
      expect.objectContaining({ code: 'SECRET_DECRYPT_FAILED' }),
    );
  });
});
