import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mark1Error } from '@mark1/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createStorage, StorageErrorCodes } from '../src/index';
import { runWithReadOnlyFolder } from '../../../tools/testing/read-only-folder';
import { temporaryFolder } from './support/sqlite';

const folder = temporaryFolder();
afterAll(() => folder.remove());

async function errorOf(promise: Promise<unknown>): Promise<Mark1Error> {
  try {
    await promise;
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function sqliteTables(file: string): string[] {
  const script = `const s=require('sqlite3');const d=new s.Database(process.argv[1],s.OPEN_READONLY);d.all("select name from sqlite_master where type='table' order by name",(e,r)=>{console.log(JSON.stringify(e?[]:r.map(x=>x.name)));d.close()})`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, file], {
      encoding: 'utf8',
      cwd: dirname(fileURLToPath(import.meta.url)),
    }),
  ) as string[];
}

describe('opening a database', () => {
  it('refuses an unknown URL scheme with one clear error', async () => {
    const error = await errorOf(
      createStorage({ url: 'mongodb://localhost/mark1', urlSource: 'env MARK1_DATABASE_URL' }),
    );
    expect(error.code).toBe(StorageErrorCodes.DATABASE_URL_UNSUPPORTED);
    expect(error.message).toContain('env MARK1_DATABASE_URL');
  });

  it('says PostgreSQL is unreachable on a closed port, naming host and fix', async () => {
    const port = await closedPort();
    const error = await errorOf(
      createStorage({
        url: `postgres://postgres:pw@127.0.0.1:${port}/test`,
        urlSource: 'env MARK1_DATABASE_URL',
      }),
    );
    expect(error.code).toBe(StorageErrorCodes.DATABASE_UNREACHABLE);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('connection refused');
    expect(error.message).toContain('MARK1_DATABASE_URL');
    expect(error.message).not.toContain(':pw@');
  });

  it('does not create a missing file when asked not to', async () => {
    const error = await errorOf(
      createStorage({ url: `sqlite://${join(folder.path, 'absent.db')}`, createIfMissing: false }),
    );
    expect(error.code).toBe(StorageErrorCodes.DATABASE_NOT_INITIALIZED);
    expect(error.message).toContain('mark1 init');
  });

  it('says a file that is not SQLite is not a database', async () => {
    const file = join(folder.path, 'garbage.db');
    writeFileSync(
      file,
      'this is not a database file, just text that is long enough to have a header',
    );
    const error = await errorOf(createStorage({ url: `sqlite://${file}` }));
    expect(error.code).toBe(StorageErrorCodes.DATABASE_ERROR);
    expect(error.message).toContain(file);
  });

  it('says the folder is read-only when SQLite cannot write there', () => {
    const readOnly = join(folder.path, 'locked');
    mkdirSync(readOnly);
    const child = join(dirname(fileURLToPath(import.meta.url)), 'support', 'open-storage-child.ts');
    const result = runWithReadOnlyFolder(readOnly, process.execPath, [
      '--conditions=@mark1/source',
      '--import',
      'tsx',
      child,
      `sqlite://${join(readOnly, 'mark1.db')}`,
    ]);
    const outcome = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      code?: string;
      message?: string;
    };
    expect(outcome.code, `setup: ${result.setup}; stderr: ${result.stderr}`).toBe(
      StorageErrorCodes.DATABASE_READ_ONLY,
    );
    expect(outcome.message).toContain(readOnly);
    expect(outcome.message).toMatch(/read-only|not writable/);
  });
});

describe('migrations', () => {
  it('reports pending migrations, applies them once, then none', async () => {
    const url = `sqlite://${join(folder.path, 'migrate.db')}`;
    const fresh = await createStorage({ url, migrate: false });
    expect((await fresh.migrationStatus()).pending).toEqual([
      '0001_initial_schema',
      '0002_api_server',
    ]);
    expect((await fresh.status()).tables.every((table) => table.rows === null)).toBe(true);
    expect(await fresh.migrate()).toEqual(['0001_initial_schema', '0002_api_server']);
    expect(await fresh.migrate()).toEqual([]);
    const status = await fresh.migrationStatus();
    expect(status.pending).toEqual([]);
    expect(status.applied[0]?.appliedAt).toMatch(/^\d{4}-/);
    await fresh.close();
  });

  it('lets two processes migrate the same new database at once', async () => {
    const url = `sqlite://${join(folder.path, 'race.db')}`;
    const both = await Promise.all([createStorage({ url }), createStorage({ url })]);
    for (const storage of both) {
      expect((await storage.migrationStatus()).pending).toEqual([]);
      await storage.close();
    }
  });

  it('fails a migration cleanly: MIGRATION_FAILED, nothing half-done', async () => {
    const file = join(folder.path, 'conflict.db');
    const seed = await createStorage({ url: `sqlite://${file}`, migrate: false });
    await seed.close();
    execFileSync(
      process.execPath,
      [
        '-e',
        `const s=require('sqlite3');const d=new s.Database(process.argv[1]);d.exec('create table runs (x integer)',()=>d.close())`,
        file,
      ],
      { cwd: dirname(fileURLToPath(import.meta.url)) },
    );
    const error = await errorOf(createStorage({ url: `sqlite://${file}` }));
    expect(error.code).toBe(StorageErrorCodes.MIGRATION_FAILED);
    expect(error.message).toContain('0001_initial_schema');
    expect(error.message).toContain('mark1 db init');
    const tables = sqliteTables(file);
    expect(tables).toContain('runs');
    expect(tables).not.toContain('plugins');
    const again = await createStorage({ url: `sqlite://${file}`, migrate: false });
    expect((await again.migrationStatus()).pending).toEqual([
      '0001_initial_schema',
      '0002_api_server',
    ]);
    await again.close();
  });
});
