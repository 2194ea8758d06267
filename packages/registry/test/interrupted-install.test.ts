import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture } from './support/git';
import { createHarness, type Harness } from './support/harness';
import { startHangingServer, type HangingServer } from './support/hanging-server';

let harness: Harness;
let server: HangingServer;
let source: string;
beforeAll(async () => {
  harness = await createHarness();
  server = await startHangingServer();
  source = copyFixture('py-with-dep', join(harness.work, 'py-with-dep'));
});
afterAll(async () => {
  await server?.close();
  await harness?.close();
});

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('an interrupted install leaves nothing behind', () => {
  it('cancelled in-process (Ctrl-C) while pip waits on the index: children killed, files and rows removed', async () => {
    const controller = new AbortController();
    void server.nextRequest().then(() => controller.abort(new Error('interrupted')));
    const error = await harness.registry
      .install(source, {
        yes: true,
        signal: controller.signal,
        pip: { findLinks: [server.url], noIndex: true },
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'OPERATION_CANCELLED' });
    expect(await harness.rows()).toEqual({ plugins: 0, versions: 0, capabilities: 0, secrets: 0 });
    expect(harness.leftovers()).toEqual([]);
  });

  it('killed with SIGKILL mid-install: the next start kills its children and removes its folder and staging', async () => {
    const requested = server.nextRequest();
    const child = spawn(
      process.execPath,
      [
        '--conditions=@mark1/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./support/install-child.ts', import.meta.url)),
        harness.home,
        source,
        server.url,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    await Promise.race([
      requested,
      exited.then(() =>
        Promise.reject(new Error(`the install ended before pip started:\n${output}`)),
      ),
    ]);
    expect(output).toContain('environment:');
    child.kill('SIGKILL');
    await exited;

    // The dead install left its journal, its version folder and a pip process still waiting.
    const staging = join(harness.pluginsDir, '.staging');
    const journals = readdirSync(staging).filter((name) => name.endsWith('.json'));
    expect(journals).toHaveLength(1);
    const journal = JSON.parse(readFileSync(join(staging, journals[0]!), 'utf8')) as {
      targets: string[];
      children: number[];
    };
    expect(existsSync(journal.targets[0]!)).toBe(true);
    const orphans = journal.children.filter(alive);
    expect(orphans.length).toBeGreaterThan(0);
    expect(await harness.rows()).toEqual({ plugins: 0, versions: 0, capabilities: 0, secrets: 0 });

    // The next start (any registry operation) rolls it back.
    const next = harness.reopen();
    expect(await next.list()).toEqual([]);
    expect(harness.leftovers()).toEqual([]);
    // SIGKILL is delivered at once, but the process leaves the process table asynchronously.
    for (let attempt = 0; attempt < 100 && orphans.some(alive); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(orphans.filter(alive)).toEqual([]);
    expect(harness.warnings.join('\n')).toMatch(
      /rolled back an interrupted install of py-with-dep/,
    );
  }, 120_000);

  it('recovery leaves a committed install alone and only drops its journal', async () => {
    const result = await harness.registry.install(source, { noDeps: true });
    const report = await harness.reopen().recover();
    expect(report).toEqual({ rolledBack: [], completed: [], staleStaging: [] });
    expect(existsSync(result.path)).toBe(true);
  });
});
