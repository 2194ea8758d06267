import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, requireBuiltCli, runMark1 } from './support/cli';
import {
  dropSchema,
  postgresUrlFor,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';
import { seedDatabase } from './support/seed';

const schema = uniqueSchema('cli');
let sandbox: ReturnType<typeof createSandboxHome>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  requireBuiltCli();
  await requirePostgres();
  sandbox = createSandboxHome();
  env = { ...sandbox.env, MARK1_DATABASE_URL: postgresUrlFor(schema) };
});
afterAll(async () => {
  sandbox?.remove();
  await dropSchema(schema);
});

describe('the CLI on PostgreSQL', () => {
  it('initialises, reports, queries, refuses writes and monitors', async () => {
    const init = runMark1(['init', '--json'], env);
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({
      database: { engine: 'postgres', applied: ['0001_initial_schema', '0002_api_server'] },
    });
    await seedDatabase(postgresUrlFor(schema));

    const status = JSON.parse(runMark1(['db', 'status', '--json'], env).stdout) as {
      engine: string;
      schema: string;
    };
    expect(status).toMatchObject({ engine: 'postgres', schema });

    const query = JSON.parse(
      runMark1(['db', 'query', 'plugins', '--where', 'status=enabled', '--json'], env).stdout,
    );
    expect(query.rows.map((row: { name: string }) => row.name)).toEqual(['csv-converter']);

    for (const sql of [
      'DELETE FROM plugins',
      'WITH gone AS (DELETE FROM plugins RETURNING 1) SELECT * FROM gone',
      'COMMIT; DELETE FROM plugins',
    ]) {
      const run = runMark1(['db', 'exec-sql', sql], env);
      expect(run.status, sql).toBe(1);
      expect(run.stderr, sql).toMatch(/\[(READ_ONLY_VIOLATION|SQL_ERROR)\]/);
    }
    const count = JSON.parse(
      runMark1(['db', 'exec-sql', 'SELECT COUNT(*)::int AS n FROM plugins', '--json'], env).stdout,
    );
    expect(count.rows).toEqual([{ n: 2 }]);

    const monitoring = JSON.parse(runMark1(['db', 'monitoring', '--json'], env).stdout);
    expect(monitoring.executions.successRate).toBe(0.75);
  });
});
