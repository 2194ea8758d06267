import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Storage, StorageErrorCodes } from '../../src/index';
import type { ConformanceTarget } from './repository-conformance';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

/**
 * Read-only SQL must be refused by the engine itself, whatever the text tries: plain writes,
 * schema changes, writes hidden in CTEs or functions, attached databases, stacked statements.
 * After each attempt the data must be intact.
 */
export function describeReadOnlySql(engine: string, target: ConformanceTarget): void {
  describe(`read-only SQL on ${engine}`, () => {
    let storage: Storage;
    const names = ['alpha', 'beta', 'gamma'];

    beforeAll(async () => {
      storage = await target.open();
      for (const name of names) await storage.plugins.create({ name, pluginType: 'cli_tool' });
      await storage.auditLog.record({ actor: 'test', action: 'seed', outcome: 'success' });
    });
    afterAll(async () => {
      await storage?.close();
      await target.cleanup();
    });

    const intact = async () => {
      expect((await storage.plugins.list()).map((plugin) => plugin.name)).toEqual(names);
      expect(await storage.auditLog.list()).toHaveLength(1);
    };

    it('answers a SELECT with columns and rows', async () => {
      const result = await storage.executeReadOnly(
        'SELECT name, status FROM plugins ORDER BY name',
      );
      expect(result.columns).toEqual(['name', 'status']);
      expect(result.rows).toEqual(names.map((name) => ({ name, status: 'enabled' })));
      expect(result.truncated).toBe(false);
    });

    it('truncates to maxRows and says so', async () => {
      const result = await storage.executeReadOnly('SELECT name FROM plugins ORDER BY name', {
        maxRows: 2,
      });
      expect(result.rows).toHaveLength(2);
      expect(result.rowCount).toBe(3);
      expect(result.truncated).toBe(true);
    });

    const writes: [string, string][] = [
      ['DELETE', 'DELETE FROM plugins'],
      ['UPDATE', "UPDATE plugins SET status = 'disabled'"],
      [
        'INSERT',
        "INSERT INTO audit_log (actor, action, outcome, at) VALUES ('x', 'y', 'success', '2030-01-01')",
      ],
      ['DROP', 'DROP TABLE audit_log'],
      ['CREATE', 'CREATE TABLE intruder (id integer)'],
    ];
    for (const [label, sql] of writes) {
      it(`refuses ${label} as READ_ONLY_VIOLATION and loses nothing`, async () => {
        expect(await codeOf(storage.executeReadOnly(sql))).toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        await intact();
      });
    }

    it('refuses a write hidden in a CTE', async () => {
      const sql =
        storage.engine === 'postgres'
          ? 'WITH gone AS (DELETE FROM plugins RETURNING name) SELECT name FROM gone'
          : 'WITH doomed AS (SELECT name FROM plugins) DELETE FROM plugins WHERE name IN (SELECT name FROM doomed)';
      expect(await codeOf(storage.executeReadOnly(sql))).toBe(
        StorageErrorCodes.READ_ONLY_VIOLATION,
      );
      await intact();
    });

    it('never runs a second statement stacked after the first', async () => {
      expect(await codeOf(storage.executeReadOnly('COMMIT; DELETE FROM plugins'))).toBe(
        StorageErrorCodes.SQL_ERROR,
      );
      await intact();
      // PostgreSQL's extended protocol refuses to parse a second statement; SQLite compiles only
      // the first, and the rest is refused rather than silently dropped.
      expect(await codeOf(storage.executeReadOnly('SELECT 1 AS one; DELETE FROM plugins'))).toBe(
        StorageErrorCodes.SQL_ERROR,
      );
      expect(await codeOf(storage.executeReadOnly('SELECT 1 AS one; -- done\n'))).toBe('NO_ERROR');
      await intact();
    });

    if (engine === 'SQLite') {
      it('refuses ATTACH and VACUUM INTO, creating no file', async () => {
        const attached = join(tmpdir(), `mark1-attach-${process.pid}-${Date.now()}.db`);
        expect(
          await codeOf(storage.executeReadOnly(`ATTACH DATABASE '${attached}' AS other`)),
        ).toBe(StorageErrorCodes.READ_ONLY_VIOLATION);
        const copy = join(tmpdir(), `mark1-vacuum-${process.pid}-${Date.now()}.db`);
        expect(await codeOf(storage.executeReadOnly(`VACUUM INTO '${copy}'`))).toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        expect(existsSync(attached)).toBe(false);
        expect(existsSync(copy)).toBe(false);
        expect(await codeOf(storage.executeReadOnly('PRAGMA query_only = OFF'))).toBe('NO_ERROR');
        expect(await codeOf(storage.executeReadOnly('DELETE FROM plugins'))).toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        await intact();
      });
    } else {
      it('refuses writes made by functions (nextval) and rolls everything back', async () => {
        expect(await codeOf(storage.executeReadOnly("SELECT nextval('audit_log_id_seq')"))).toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        expect(await codeOf(storage.executeReadOnly('SET TRANSACTION READ WRITE'))).not.toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        expect(await codeOf(storage.executeReadOnly('DELETE FROM plugins'))).toBe(
          StorageErrorCodes.READ_ONLY_VIOLATION,
        );
        await intact();
      });
    }

    it('reports a syntax error as SQL_ERROR', async () => {
      expect(await codeOf(storage.executeReadOnly('SELEC nothing'))).toBe(
        StorageErrorCodes.SQL_ERROR,
      );
      expect(await codeOf(storage.executeReadOnly('   '))).toBe(StorageErrorCodes.SQL_ERROR);
    });
  });
}
