// Shared by the PostgreSQL integration tests of every project (imported relatively, like tools/bench).
import pg from 'pg';

/** The PostgreSQL the integration tests use (CI starts it); override with MARK1_TEST_POSTGRES_URL. */
export const POSTGRES_URL =
  process.env.MARK1_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test file uses, so parallel runs do not collide. */
export function uniqueSchema(label: string): string {
  return `mark1_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** The test database URL with Mark-1's `?schema=` parameter. */
export function postgresUrlFor(schema: string): string {
  return `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** Fails with a clear message when PostgreSQL is not reachable. */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${(error as Error).message}). The *.int.test.ts files need it: start PostgreSQL (CI does), or point MARK1_TEST_POSTGRES_URL at one.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Runs SQL on the test database outside Mark-1 (to check what is really stored). */
export async function queryPostgres(
  schema: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`set search_path to "${schema}"`);
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
