import type * as PgNamespace from 'pg';
import type * as Sqlite3Namespace from 'sqlite3';
import { storageError, StorageErrorCodes } from '../errors';

type Sqlite3Module = typeof Sqlite3Namespace;
type PgModule = typeof PgNamespace;

function missing(packageName: string, engine: string, error: unknown): never {
  throw storageError(
    StorageErrorCodes.DRIVER_MISSING,
    `The ${engine} driver "${packageName}" is not installed or failed to load (${(error as Error).message.split('\n')[0]}). Install it with \`npm install ${packageName}\`.`,
    { cause: error, details: { package: packageName } },
  );
}

/** The `sqlite3` module, loaded on first use; throws `DRIVER_MISSING` naming the package. */
export async function loadSqlite3(): Promise<Sqlite3Module> {
  try {
    const loaded = (await import('sqlite3')) as Sqlite3Module & { default?: Sqlite3Module };
    return loaded.default ?? loaded;
  } catch (error) {
    return missing('sqlite3', 'SQLite', error);
  }
}

/** The `pg` module, loaded on first use; throws `DRIVER_MISSING` naming the package. */
export async function loadPg(): Promise<PgModule> {
  try {
    const loaded = (await import('pg')) as PgModule & { default?: PgModule };
    return loaded.default ?? loaded;
  } catch (error) {
    return missing('pg', 'PostgreSQL', error);
  }
}
