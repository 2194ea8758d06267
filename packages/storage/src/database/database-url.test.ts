import { Mark1Error } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { StorageErrorCodes } from '../errors';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url';

function codeOf(url: string): string {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error.code;
    throw error;
  }
  return 'OK';
}

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:///var/lib/mark1.db', '/var/lib/mark1.db'],
    ['sqlite://./data/mark1.db', '/base/data/mark1.db'],
    ['sqlite:///./data/mark1.db', '/base/data/mark1.db'],
    ['sqlite:relative.db', '/base/relative.db'],
    ['file:///tmp/my%20db.sqlite', '/tmp/my db.sqlite'],
    ['file:./local.db', '/base/local.db'],
  ])('reads %s as the SQLite file %s', (url, filename) => {
    const target = parseDatabaseUrl(url, { baseDir: '/base' });
    expect(target).toMatchObject({
      engine: 'sqlite',
      filename,
      displayUrl: `sqlite://${filename}`,
    });
  });

  it('reads PostgreSQL URLs, keeps the schema apart and hides the password', () => {
    const target = parseDatabaseUrl(
      'postgresql://me:s3cret@db.example:6543/mark1?schema=team_a&sslmode=disable',
    );
    expect(target).toMatchObject({ engine: 'postgres', schema: 'team_a', host: 'db.example:6543' });
    if (target.engine !== 'postgres') throw new Error('expected postgres');
    expect(target.connectionString).not.toContain('schema=');
    expect(target.connectionString).toContain('sslmode=disable');
    expect(target.displayUrl).toBe(
      'postgresql://me:****@db.example:6543/mark1?schema=team_a&sslmode=disable',
    );
    expect(parseDatabaseUrl('postgres://localhost/x')).toMatchObject({
      host: 'localhost:5432',
      schema: undefined,
    });
  });

  it('refuses other schemes with one clear error naming the accepted forms', () => {
    try {
      parseDatabaseUrl('mysql://root:pw@localhost/mark1', { source: 'env MARK1_DATABASE_URL' });
      throw new Error('expected an error');
    } catch (error) {
      if (!Mark1Error.isInstance(error)) throw error;
      expect(error.code).toBe(StorageErrorCodes.DATABASE_URL_UNSUPPORTED);
      expect(error.message).toContain('"mysql:"');
      expect(error.message).toContain('env MARK1_DATABASE_URL');
      expect(error.message).toContain('postgres://');
      expect(error.message).not.toContain(':pw@');
    }
    expect(codeOf('/just/a/path.db')).toBe(StorageErrorCodes.DATABASE_URL_UNSUPPORTED);
    expect(codeOf('sqlite://')).toBe(StorageErrorCodes.DATABASE_URL_INVALID);
    expect(codeOf('postgres://localhost/db?schema=bad-name;drop')).toBe(
      StorageErrorCodes.DATABASE_URL_INVALID,
    );
  });

  it('redacts only the password', () => {
    expect(redactDatabaseUrl('postgres://u:p@h/d')).toBe('postgres://u:****@h/d');
    expect(redactDatabaseUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactDatabaseUrl('sqlite:///a:b@c')).toBe('sqlite:///a:b@c');
  });
});
