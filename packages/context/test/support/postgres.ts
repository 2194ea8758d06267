import { execFileSync } from 'node:child_process';

import { POSTGRES_URL } from '../../../../tools/testing/postgres';

export { postgresUrlFor, uniqueSchema } from '../../../../tools/testing/postgres';

/**
 * Runs SQL on the test database outside Mark-1, through psql (the PostgreSQL client installed with
 * the server), and returns its unaligned output. Used to drop test schemas and to look at raw rows.
 */
export function psql(sql: string): string {
  try {
    return execFileSync(
      'psql',
      [POSTGRES_URL, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    throw new Error(
      `psql failed on ${POSTGRES_URL} (${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}). The *.int.test.ts files need PostgreSQL: start it (CI does), or point MARK1_TEST_POSTGRES_URL at one.`,
      { cause: error },
    );
  }
}

/** Drops a test schema and everything in it. */
export function dropSchema(schema: string): void {
  psql(`drop schema if exists "${schema}" cascade`);
}
