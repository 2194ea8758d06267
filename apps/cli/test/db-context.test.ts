import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, linesOf, requireBuiltCli, runMark1, stackLines } from './support/cli';

let sandbox: ReturnType<typeof createSandboxHome>;

beforeAll(() => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  const init = runMark1(['init'], sandbox.env);
  if (init.status !== 0) throw new Error(`mark1 init failed: ${init.stderr}`);
});
afterAll(() => sandbox?.remove());

const mark1 = (...args: string[]) => runMark1(args, sandbox.env);

function json<T>(args: string[], env = sandbox.env): T {
  const run = runMark1([...args, '--json'], env);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

interface Summary {
  key: string;
  type: string;
  tags: string[];
  compressed: boolean;
  expiresAt: string | null;
}

describe('mark1 db create-context, contexts, get-context', () => {
  it('stores a JSON value and shows it in the list and on its own', () => {
    const created = mark1(
      'db',
      'create-context',
      'my_key',
      '{"data": "value", "n": [1, 2]}',
      '--type',
      'task',
      '--tags',
      'alpha, beta',
      '--ttl',
      '1h',
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/✓ stored context my_key \(task, \d+ B, inline, expires \d{4}-/);

    const listed = json<Summary[]>(['db', 'contexts']);
    const entry = listed.find((item) => item.key === 'my_key')!;
    expect(entry).toMatchObject({ type: 'task', tags: ['alpha', 'beta'], compressed: false });
    const hours = (Date.parse(entry.expiresAt!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(0.9);
    expect(hours).toBeLessThanOrEqual(1);
    expect(mark1('db', 'contexts').stdout).toMatch(/│ my_key\s+│ task\s+│ alpha, beta/);

    expect(json<{ data: unknown }>(['db', 'get-context', '--key', 'my_key']).data).toEqual({
      data: 'value',
      n: [1, 2],
    });
    const human = mark1('db', 'get-context', '--key', 'my_key');
    expect(human.stdout).toMatch(/type\s+task/);
    expect(human.stdout).toContain('"data": "value"');
  });

  it('reads the value from @file and filters the list by type with a limit', () => {
    const file = join(sandbox.root, 'value.json');
    writeFileSync(file, JSON.stringify({ from: 'file' }));
    expect(
      mark1('db', 'create-context', 'from-file', `@${file}`, '--type', 'workflow').status,
    ).toBe(0);
    expect(
      mark1('db', 'create-context', 'second-workflow', '[1]', '--type', 'workflow').status,
    ).toBe(0);
    expect(json<{ data: unknown }>(['db', 'get-context', '--key', 'from-file']).data).toEqual({
      from: 'file',
    });
    expect(
      json<Summary[]>(['db', 'contexts', '--type', 'workflow']).map((item) => item.key),
    ).toEqual(['second-workflow', 'from-file']);
    expect(json<Summary[]>(['db', 'contexts', '--type', 'workflow', '--limit', '1'])).toHaveLength(
      1,
    );
  });

  it('compresses large values when MARK1_CONTEXT_COMPRESSION is on', () => {
    const big = JSON.stringify(
      Array.from({ length: 300 }, (_, id) => ({ id, status: 'succeeded' })),
    );
    const run = runMark1(['db', 'create-context', 'big', big, '--json'], sandbox.env, {
      MARK1_CONTEXT_COMPRESSION: 'true',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ key: 'big', compressed: true });
    expect(json<{ data: unknown[] }>(['db', 'get-context', '--key', 'big']).data).toHaveLength(300);
  });

  it('fails clearly, on one line and without a stack, for a missing key, bad JSON and a bad TTL', () => {
    const missing = mark1('db', 'get-context', '--key', 'nope');
    expect(missing.status).toBe(1);
    expect(linesOf(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toContain('[CONTEXT_NOT_FOUND]');
    expect(missing.stderr).toContain('mark1 db contexts');
    expect(stackLines(missing.stderr)).toEqual([]);

    const badJson = mark1('db', 'create-context', 'k', '{bad');
    expect(badJson.status).not.toBe(0);
    expect(badJson.stderr).toContain('[CONTEXT_INVALID]');
    expect(badJson.stderr).toContain('not JSON');

    const badTtl = mark1('db', 'create-context', 'k', '1', '--ttl', 'soon');
    expect(badTtl.status).not.toBe(0);
    expect(badTtl.stderr).toContain('not a duration');
  });
});

describe('mark1 db context-search', () => {
  it('ranks matches in keys above tags and values', () => {
    expect(
      mark1('db', 'create-context', 'invoice-2024', '{"total": 12}', '--type', 'task').status,
    ).toBe(0);
    expect(
      mark1('db', 'create-context', 'notes', '{"text": "pay the invoice"}', '--type', 'task')
        .status,
    ).toBe(0);
    expect(
      mark1('db', 'create-context', 'misc', '{}', '--type', 'task', '--tags', 'invoice').status,
    ).toBe(0);
    const hits = json<{ entry: { key: string }; fields: string[] }[]>([
      'db',
      'context-search',
      'invoice',
    ]);
    expect(hits.map((hit) => hit.entry.key)).toEqual(['invoice-2024', 'misc', 'notes']);
    expect(hits[2]!.fields).toEqual(['data']);
    expect(json<unknown[]>(['db', 'context-search', 'invoice', '--limit', '1'])).toHaveLength(1);
    const human = mark1('db', 'context-search', 'invoice');
    expect(human.stdout).toMatch(/│ 1 │ invoice-2024/);
    expect(mark1('db', 'context-search', 'zzz-nothing').stdout).toContain('no context matches');
  });
});

describe('mark1 db context-export and context-import', () => {
  it('moves every context to a fresh home and database', () => {
    const file = join(sandbox.root, 'contexts_backup.json');
    const exported = mark1('db', 'context-export', file);
    expect(exported.status, exported.stderr).toBe(0);
    const document = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      entries: { key: string }[];
    };
    expect(document.format).toBe('mark1-contexts');
    expect(exported.stdout).toContain(`exported ${document.entries.length} contexts`);

    const other = createSandboxHome();
    try {
      expect(runMark1(['init'], other.env).status).toBe(0);
      const imported = runMark1(['db', 'context-import', file, '--json'], other.env);
      expect(imported.status, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({
        imported: document.entries.length,
        skipped: 0,
        expired: 0,
      });
      expect(
        json<{ data: unknown }>(['db', 'get-context', '--key', 'my_key'], other.env).data,
      ).toEqual({ data: 'value', n: [1, 2] });
      expect(
        json<{ data: unknown[] }>(['db', 'get-context', '--key', 'big'], other.env).data,
      ).toHaveLength(300);

      const again = runMark1(['db', 'context-import', file, '--skip-existing'], other.env);
      expect(again.stdout).toContain(`imported 0 contexts`);
      expect(again.stdout).toContain(`${document.entries.length} existing kept`);
    } finally {
      other.remove();
    }
  });

  it('refuses a file that is not an export', () => {
    const file = join(sandbox.root, 'not-an-export.json');
    writeFileSync(file, '{"hello": "world"}');
    const run = mark1('db', 'context-import', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[CONTEXT_IMPORT_INVALID]');
    expect(run.stderr).toContain('mark1 db context-export');
  });
});

describe('mark1 db delete-context', () => {
  it('deletes a context and says when there is none', () => {
    expect(mark1('db', 'create-context', 'doomed', '1').status).toBe(0);
    expect(mark1('db', 'delete-context', '--key', 'doomed').stdout).toContain(
      'deleted context doomed',
    );
    expect(mark1('db', 'get-context', '--key', 'doomed').status).toBe(1);
    expect(mark1('db', 'delete-context', '--key', 'doomed').stderr).toContain(
      '[CONTEXT_NOT_FOUND]',
    );
  });
});
