import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, linesOf, requireBuiltCli, runMark1, stackLines } from './support/cli';
import { seedDatabase } from './support/seed';

let sandbox: ReturnType<typeof createSandboxHome>;

beforeAll(async () => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  const init = runMark1(['init'], sandbox.env);
  if (init.status !== 0) throw new Error(`mark1 init failed: ${init.stderr}`);
  await seedDatabase(`sqlite://${join(sandbox.home, 'mark1.db')}`);
});
afterAll(() => sandbox?.remove());

const mark1 = (...args: string[]) => runMark1(args, sandbox.env);

describe('mark1 db status', () => {
  it('reports the engine, migrations and row counts', () => {
    const run = mark1('db', 'status');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/engine\s+SQLite/);
    expect(run.stdout).toContain('2 applied, none pending');
    expect(run.stdout).toMatch(/│ plugin_executions\s+│\s+4 │/);

    const json = JSON.parse(mark1('db', 'status', '--json').stdout) as {
      engine: string;
      migrations: { pending: string[] };
      tables: { table: string; rows: number }[];
    };
    expect(json.engine).toBe('sqlite');
    expect(json.migrations.pending).toEqual([]);
    expect(json.tables.find((table) => table.table === 'plugins')?.rows).toBe(2);
  });
});

describe('mark1 db query', () => {
  it('lists rows filtered by column values', () => {
    const run = mark1('db', 'query', 'plugins', '--where', 'status=disabled', '--json');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: { name: string }[] };
    expect(result.rows.map((row) => row.name)).toEqual(['dormant']);

    const executions = JSON.parse(
      mark1('db', 'query', 'plugin_executions', '--where', 'status=failed', '--json').stdout,
    ) as {
      rows: { error_message: string; inputs: unknown }[];
    };
    expect(executions.rows).toHaveLength(1);
    expect(executions.rows[0]!.inputs).toEqual({ file: 'input-3.csv' });

    expect(
      JSON.parse(mark1('db', 'query', 'plugin_executions', '--limit', '2', '--json').stdout).rows,
    ).toHaveLength(2);
    const human = mark1('db', 'query', 'plugins');
    expect(human.stdout).toContain('csv-converter');
  });

  it('refuses unknown tables and columns as usage errors (exit 2) listing what exists', () => {
    const table = mark1('db', 'query', 'users');
    expect(table.status).toBe(2);
    expect(linesOf(table.stderr)).toHaveLength(1);
    expect(table.stderr).toContain('[UNKNOWN_TABLE]');
    expect(table.stderr).toContain('plugin_executions');
    const column = mark1('db', 'query', 'plugins', '--where', 'colour=red');
    expect(column.status).toBe(2);
    expect(column.stderr).toContain('plugin_type');
  });
});

describe('mark1 db exec-sql', () => {
  it('runs a read-only statement', () => {
    const run = mark1(
      'db',
      'exec-sql',
      'SELECT status, COUNT(*) AS n FROM plugin_executions GROUP BY status ORDER BY status',
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      columns: ['status', 'n'],
      rows: [
        { status: 'failed', n: 1 },
        { status: 'succeeded', n: 3 },
      ],
    });
  });

  it('refuses writes and ATTACH with exit 1, and the data stays', () => {
    for (const sql of [
      'DELETE FROM plugins',
      'DROP TABLE plugins',
      `ATTACH DATABASE '${join(sandbox.root, 'other.db')}' AS other`,
      'WITH x AS (SELECT 1) UPDATE plugins SET status = 1',
    ]) {
      const run = mark1('db', 'exec-sql', sql);
      expect(run.status, sql).toBe(1);
      expect(linesOf(run.stderr), sql).toHaveLength(1);
      expect(run.stderr, sql).toContain('[READ_ONLY_VIOLATION]');
    }
    expect(
      JSON.parse(mark1('db', 'status', '--json').stdout).tables.find(
        (t: { table: string }) => t.table === 'plugins',
      ).rows,
    ).toBe(2);
  });
});

describe('mark1 db monitoring', () => {
  it('reports executions by status, success rate, slowest capabilities and recent failures', () => {
    const json = JSON.parse(mark1('db', 'monitoring', '--json').stdout) as {
      executions: { total: number; successRate: number };
      slowestCapabilities: { capability: string; maxSeconds: number; averageSeconds: number }[];
      recentFailures: { errorMessage: string }[];
      contexts: { count: number };
    };
    expect(json.executions.total).toBe(4);
    expect(json.executions.successRate).toBe(0.75);
    expect(json.slowestCapabilities[0]).toMatchObject({
      capability: 'convert',
      maxSeconds: 4,
      averageSeconds: 2.5,
    });
    expect(json.recentFailures[0]!.errorMessage).toBe('input.csv: no header row');
    expect(json.contexts.count).toBe(1);

    const human = mark1('db', 'monitoring');
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/success rate\s+75\.0%/);
    expect(human.stdout).toContain('input.csv: no header row');
  });
});

describe('usage and help', () => {
  it.each([
    [['db', 'query']],
    [['--bogus']],
    [['db', 'query', 'plugins', '--limit', 'zero']],
    [['db', 'query', 'plugins', '--where', 'no-equals-sign']],
    [['nonsense']],
    [['db']],
  ])('exits 2 for the usage error %j', (args) => {
    const run = mark1(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/error:|Usage:/);
    expect(stackLines(run.stderr)).toEqual([]);
  });

  it.each([
    ['init'],
    ['config'],
    ['config', 'show'],
    ['db'],
    ['db', 'status'],
    ['db', 'query'],
    ['db', 'exec-sql'],
    ['db', 'monitoring'],
    ['db', 'init'],
  ])('has help with examples for %s', (...command) => {
    const run = mark1(...command, '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain(`mark1 ${command.join(' ')}`);
  });
});
