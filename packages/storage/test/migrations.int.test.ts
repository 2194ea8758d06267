import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../src/index';
import {
  dropSchema,
  postgresUrlFor,
  queryPostgres,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';

const schema = uniqueSchema('migrate');

beforeAll(requirePostgres);
afterAll(() => dropSchema(schema));

describe('migrations on PostgreSQL', () => {
  it('lets several processes create the same new schema at once', async () => {
    const url = postgresUrlFor(schema);
    const storages = await Promise.all([
      createStorage({ url }),
      createStorage({ url }),
      createStorage({ url }),
    ]);
    for (const storage of storages) {
      expect((await storage.migrationStatus()).pending).toEqual([]);
      await storage.close();
    }
  });

  it('creates JSON columns as jsonb and timestamps with time zone', async () => {
    const columns = await queryPostgres(
      schema,
      `select column_name, data_type from information_schema.columns
        where table_schema = '${schema}' and table_name = 'step_runs' order by ordinal_position`,
    );
    const types = Object.fromEntries(columns.map((row) => [row.column_name, row.data_type]));
    expect(types.outputs).toBe('jsonb');
    expect(types.started_at).toBe('timestamp with time zone');
    expect(types.item_index).toBe('integer');
  });

  it('reports status with the schema and without the password', async () => {
    const storage = await createStorage({ url: postgresUrlFor(schema), migrate: false });
    const status = await storage.status();
    expect(status.engine).toBe('postgres');
    expect(status.schema).toBe(schema);
    expect(status.tables).toHaveLength(11);
    expect(status.tables.every((table) => table.rows === 0)).toBe(true);
    expect(status.sizeBytes).toBeGreaterThan(0);
    await storage.close();
  });
});
