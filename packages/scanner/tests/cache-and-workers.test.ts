import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScanProgress, scanRepository } from '../src/index';
import { copyFixture, fixture, temporaryFolder, withoutRunInfo } from './helpers/fixtures';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('content-hash cache', () => {
  let copy: { dir: string; cleanup: () => void };
  let cache: { dir: string; cleanup: () => void };
  beforeAll(() => {
    copy = copyFixture('llm-calls');
    cache = temporaryFolder('mark1-scan-cache-');
  });
  afterAll(() => {
    copy.cleanup();
    cache.cleanup();
  });

  it('parses every source file once, then reuses the facts without reading unchanged files', async () => {
    const before = readdirSync(copy.dir).sort();
    const cold = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(cold.scan).toMatchObject({ filesParsed: 5, filesFromCache: 0 });
    expect(cold.scan.cacheFile).toBe(join(cache.dir, readdirSync(cache.dir)[0]!));
    expect(readdirSync(cache.dir)).toHaveLength(1);
    expect(readdirSync(copy.dir).sort()).toEqual(before);
    const warm = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(warm.scan).toMatchObject({ filesParsed: 0, filesFromCache: 5 });
    expect(withoutRunInfo(warm)).toEqual(withoutRunInfo(cold));
  });

  it('recognises unchanged content under a new modification time, and reparses only what changed', async () => {
    const gpu = join(copy.dir, 'gpu.py');
    const later = new Date(Date.now() + 60_000);
    utimesSync(gpu, later, later);
    const touched = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(touched.scan).toMatchObject({ filesParsed: 0, filesFromCache: 5 });
    writeFileSync(
      join(copy.dir, 'risky.py'),
      `${readFileSync(join(copy.dir, 'risky.py'), 'utf8')}\n\ndef more():\n    return eval("2")\n`,
    );
    const changed = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(changed.scan).toMatchObject({ filesParsed: 1, filesFromCache: 4 });
    expect(
      changed.sensitiveCalls.filter((call) => call.callee === 'eval').map((call) => call.line),
    ).toEqual([30, 34]);
  });

  it('drops removed files from the cache', async () => {
    rmSync(join(copy.dir, 'web.js'));
    const scanned = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    const stored = JSON.parse(readFileSync(scanned.scan.cacheFile!, 'utf8')) as {
      entries: Record<string, unknown>;
    };
    expect(Object.keys(stored.entries).sort()).toEqual([
      'autopilot.py',
      'gpu.py',
      'providers.py',
      'risky.py',
    ]);
  });

  it('ignores a damaged cache file with a warning and rewrites it', async () => {
    const file = join(cache.dir, readdirSync(cache.dir)[0]!);
    writeFileSync(file, '{"format": "mark1-scan-cache", "version": 1');
    const recovered = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(recovered.warnings.map((w) => w.code)).toEqual(['CACHE_UNAVAILABLE']);
    expect(recovered.scan.filesParsed).toBe(4);
    const next = await scanRepository(copy.dir, { workers: 0, cacheDir: cache.dir });
    expect(next.scan.filesFromCache).toBe(4);
    expect(next.warnings).toEqual([]);
  });

  it('scans without the cache when its folder cannot be written', async () => {
    const blocker = join(cache.dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const profile = await scanRepository(copy.dir, {
      workers: 0,
      cacheDir: join(blocker, 'cache'),
    });
    expect(profile.warnings.map((w) => w.code)).toEqual(['CACHE_UNAVAILABLE']);
    expect(profile.capabilities.length).toBeGreaterThan(0);
  });
});

describe('worker threads', () => {
  it('parses in workers from TypeScript sources (through tsx) with the same result as in-thread', async () => {
    const inThread = await scanRepository(fixture('langchain-agent'), { workers: 0 });
    const progress: ScanProgress[] = [];
    const parallel = await scanRepository(fixture('langchain-agent'), {
      workers: 2,
      parallelThreshold: 0,
      onProgress: (event) => progress.push(event),
    });
    expect(parallel.scan.workers).toBe(2);
    expect(parallel.scan.inThreadReason).toBeUndefined();
    expect(withoutRunInfo(parallel)).toEqual(withoutRunInfo(inThread));
    expect(progress[0]).toEqual({ phase: 'walk', done: 0, total: 0 });
    expect(progress.filter((event) => event.phase === 'parse').at(-1)).toEqual({
      phase: 'parse',
      done: 2,
      total: 2,
    });
    expect(progress.at(-1)).toEqual({ phase: 'analyze', done: 1, total: 1 });
  });

  it('stays in the calling thread under the threshold, saying why', async () => {
    const profile = await scanRepository(fixture('fire-tool'), { workers: 2 });
    expect(profile.scan.workers).toBe(0);
    expect(profile.scan.inThreadReason).toMatch(
      /^\d+ bytes to parse, under parallelThreshold \(1500000\)$/,
    );
  });

  describe('the built package', () => {
    const outDir = join(PACKAGE_DIR, 'node_modules', '.cache', `scanner-dist-test-${process.pid}`);
    beforeAll(async () => {
      // The package's own build settings, with @mark1/sdk bundled in from its sources so the child
      // process needs no build of the sdk; tree-sitter stays external as in the published package.
      const { build } = await import('tsup');
      await build({
        entry: {
          index: join(PACKAGE_DIR, 'src/index.ts'),
          'scan-worker': join(PACKAGE_DIR, 'src/parallel/scan-worker.ts'),
        },
        format: ['esm', 'cjs'],
        outDir,
        shims: true,
        silent: true,
        target: 'node20',
        external: [/^tree-sitter/, 'yaml', 'zod'],
        noExternal: [/^@mark1\//],
        esbuildOptions: (options) => {
          options.conditions = ['@mark1/source'];
        },
      });
    }, 120_000);
    afterAll(() => rmSync(outDir, { recursive: true, force: true }));

    it.each([
      ['ESM', 'index.js', 'scan-worker.js'],
      ['CommonJS', 'index.cjs', 'scan-worker.cjs'],
    ])(
      '%s: starts its own worker file and finds the same capabilities',
      (_format, entry, worker) => {
        expect(existsSync(join(outDir, worker))).toBe(true);
        const load = entry.endsWith('.cjs')
          ? `require(${JSON.stringify(join(outDir, entry))})`
          : `await import(${JSON.stringify(join(outDir, entry))})`;
        const script = `${entry.endsWith('.cjs') ? "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" : ''}
        const { scanRepository } = ${load};
        const profile = await scanRepository(${JSON.stringify(fixture('langchain-agent'))}, { workers: 2, parallelThreshold: 0 });
        console.log(JSON.stringify({ workers: profile.scan.workers, reason: profile.scan.inThreadReason ?? null, capabilities: profile.capabilities.map((c) => c.name) }));`;
        const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          cwd: PACKAGE_DIR,
          encoding: 'utf8',
        });
        expect(JSON.parse(output)).toEqual({
          workers: 2,
          reason: null,
          capabilities: ['agent', 'calculator', 'get-weather'],
        });
      },
    );
  });
});
