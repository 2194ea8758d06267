import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import type { Storage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContextErrorCodes,
  createArtifactStore,
  createContextStore,
  type ArtifactStore,
  type ContextStore,
  type ContextStoreOptions,
} from '../../src/index';
import { temporaryFolder } from './temporary';

/** Where a conformance run gets its databases. */
export interface ContextStoreTarget {
  /** Opens a new, empty, migrated database (each call a different one). */
  open(): Promise<Storage>;
  /** Removes every database `open` made. */
  cleanup(): Promise<void>;
}

async function rejection(promise: Promise<unknown>): Promise<Mark1Error> {
  try {
    await promise;
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a Mark1Error');
}

/** A clock the test moves by hand, starting now (the repository filters expiry with the real clock). */
function manualClock() {
  let current = Date.now();
  return {
    now: () => new Date(current),
    advance: (seconds: number) => (current += seconds * 1000),
  };
}

/** JSON that gzip shrinks well: repeated records. */
function compressible(rows: number) {
  return Array.from({ length: rows }, (_, index) => ({
    id: index,
    status: 'succeeded',
    message: 'step finished without errors',
  }));
}

/**
 * The suite every database engine must pass: the same calls give the same results, values and
 * rankings on SQLite and PostgreSQL.
 */
export function describeContextStoreConformance(engine: string, target: ContextStoreTarget): void {
  describe(`context store on ${engine}`, () => {
    let folder: ReturnType<typeof temporaryFolder>;
    let storage: Storage;
    let artifacts: ArtifactStore;
    const open = (options: Partial<ContextStoreOptions> = {}) =>
      createContextStore({ storage, artifacts, ...options });

    beforeAll(async () => {
      folder = temporaryFolder();
      storage = await target.open();
      artifacts = createArtifactStore({ root: join(folder.path, 'artifacts') });
    });
    afterAll(async () => {
      await storage?.close();
      await target.cleanup();
      folder?.remove();
    });

    it('stores and reads back a value exactly: key order, unicode, NUL characters, numbers', async () => {
      const store = open();
      const data = {
        zeta: 1,
        alpha: [1.5, -2, 1e21],
        ключ: 'значение ✓',
        nul: 'a\u0000b',
        nested: { z: null, a: true },
      };
      const put = await store.put({
        key: 'exact',
        type: 'task',
        data,
        tags: ['demo', 'demo', ' unicode '],
      });
      expect(put).toMatchObject({
        key: 'exact',
        type: 'task',
        tags: ['demo', 'unicode'],
        compressed: false,
        storage: 'inline',
        expiresAt: null,
      });
      expect(put.sizeBytes).toBe(Buffer.byteLength(JSON.stringify(data)));
      store.clearCache();
      const entry = await store.get('exact');
      expect(entry?.data).toEqual(data);
      expect(Object.keys(entry!.data as object)).toEqual(Object.keys(data));
      expect(Object.keys((entry!.data as typeof data).nested)).toEqual(['z', 'a']);
    });

    it('replaces the value of an existing key and keeps its creation time', async () => {
      const store = open();
      const first = await store.put({ key: 'replace-me', type: 'session', data: { v: 1 } });
      const second = await store.put({
        key: 'replace-me',
        type: 'session',
        data: { v: 2 },
        tags: ['new'],
      });
      expect(second.createdAt).toBe(first.createdAt);
      store.clearCache();
      expect(await store.get('replace-me')).toMatchObject({ data: { v: 2 }, tags: ['new'] });
    });

    it('answers a missing key with undefined, and require with CONTEXT_NOT_FOUND', async () => {
      const store = open();
      expect(await store.get('never-stored')).toBeUndefined();
      const error = await rejection(store.require('never-stored'));
      expect(error.code).toBe(ContextErrorCodes.CONTEXT_NOT_FOUND);
      expect(error.message).toContain('mark1 db contexts');
    });

    it('serves repeated reads from the cache and counts hits and misses', async () => {
      const store = open({ cacheSizeBytes: 1024 * 1024 });
      await store.put({ key: 'cached', type: 'task', data: { value: 'x'.repeat(100) } });
      store.clearCache();
      const before = await store.stats();
      const cold = await store.get('cached');
      const warm = await store.get('cached');
      const after = await store.stats();
      expect(warm).toEqual(cold);
      expect(after.misses - before.misses).toBe(1);
      expect(after.hits - before.hits).toBe(1);
      expect(after.cacheEntries).toBe(1);
      expect(after.cacheBytes).toBeGreaterThan(100);
      expect(Object.isFrozen(warm!.data)).toBe(true);
      expect(() => {
        (warm!.data as { value: string }).value = 'changed';
      }).toThrow(TypeError);
    });

    it('evicts the least recently used entries when the cache passes its size in bytes', async () => {
      const store = open({ cacheSizeBytes: 3000 });
      for (let i = 0; i < 6; i += 1)
        await store.put({ key: `evict-${i}`, type: 'task', data: { blob: String(i).repeat(900) } });
      const stats = await store.stats();
      expect(stats.cacheBytes).toBeLessThanOrEqual(3000);
      expect(stats.cacheEntries).toBe(3);
      expect(stats.evictions).toBe(3);
      const misses = stats.misses;
      expect((await store.get('evict-0'))?.data).toEqual({ blob: '0'.repeat(900) });
      expect((await store.stats()).misses).toBe(misses + 1);
      expect((await store.get('evict-5'))?.data).toEqual({ blob: '5'.repeat(900) });
      expect((await store.stats()).misses).toBe(misses + 1);
    });

    it('keeps nothing in memory with a cache size of 0', async () => {
      const store = open({ cacheSizeBytes: 0 });
      await store.put({ key: 'uncached', type: 'task', data: [1] });
      await store.get('uncached');
      expect(await store.stats()).toMatchObject({
        cacheEntries: 0,
        cacheBytes: 0,
        hits: 0,
        misses: 1,
      });
    });

    it('compresses large values when compression is on, and reads them back', async () => {
      const store = open({ compression: true, compressThresholdBytes: 512 });
      const data = compressible(200);
      const put = await store.put({ key: 'compressed', type: 'step-output', data });
      expect(put.compressed).toBe(true);
      const row = await storage.contexts.getByKey('compressed');
      expect(row).toMatchObject({
        compressed: true,
        artifactRef: null,
        data: { encoding: 'gzip' },
      });
      expect(JSON.stringify(row!.data).length).toBeLessThan(put.sizeBytes / 4);
      store.clearCache();
      expect((await store.get('compressed'))?.data).toEqual(data);

      expect((await store.put({ key: 'small', type: 'task', data: { a: 1 } })).compressed).toBe(
        false,
      );
      const noise = Array.from({ length: 40 }, () => randomBytes(30).toString('base64'));
      // Random text does not shrink enough to pay for base64: it stays plain.
      expect((await store.put({ key: 'noise', type: 'task', data: noise })).compressed).toBe(false);
    });

    it('leaves values uncompressed when compression is off', async () => {
      const store = open({ compression: false, compressThresholdBytes: 10 });
      expect(
        (await store.put({ key: 'plain-large', type: 'task', data: compressible(200) })).compressed,
      ).toBe(false);
      expect(await storage.contexts.getByKey('plain-large')).toMatchObject({
        compressed: false,
        data: { encoding: 'json' },
      });
    });

    it('moves values past the inline limit into artifact files, compressed or not', async () => {
      for (const compression of [false, true]) {
        const store = open({ compression, inlineLimitBytes: 1000 });
        const data = compressible(400);
        const key = `big-${String(compression)}`;
        const put = await store.put({ key, type: 'step-output', data });
        expect(put).toMatchObject({ storage: 'file', compressed: compression });
        const row = await storage.contexts.getByKey(key);
        expect(row?.artifactRef).toMatch(/^[0-9a-f]{64}$/);
        expect(existsSync(artifacts.path(row!.artifactRef!))).toBe(true);
        store.clearCache();
        expect((await store.get(key))?.data).toEqual(data);
      }
    });

    it('holds artifacts as entries and refuses a ref the artifact store does not have', async () => {
      const store = open();
      const ref = await artifacts.putBytes('%PDF-1.4 report', {
        name: 'report.pdf',
        mediaType: 'application/pdf',
      });
      await store.put({ key: 'report', type: 'step-output', artifact: ref, tags: ['pdf'] });
      store.clearCache();
      const entry = await store.get('report');
      expect(entry?.data).toBeUndefined();
      expect(entry?.artifact).toEqual(ref);
      expect(readFileSync(entry!.artifact!.path, 'utf8')).toBe('%PDF-1.4 report');
      const missing = await rejection(
        store.put({ key: 'ghost', type: 'task', artifact: { ...ref, sha256: 'f'.repeat(64) } }),
      );
      expect(missing.code).toBe(ContextErrorCodes.ARTIFACT_NOT_FOUND);
    });

    it('honours TTLs on read, from the cache too, and purges expired entries', async () => {
      const clock = manualClock();
      const store = open({ now: clock.now, defaultTtlSeconds: 600 });
      const put = await store.put({ key: 'ttl-hour', type: 'ttl-test', data: { s: 1 }, ttl: '1h' });
      expect(Date.parse(put.expiresAt!) - clock.now().getTime()).toBe(3_600_000);
      const defaulted = await store.put({ key: 'ttl-default', type: 'ttl-test', data: { s: 2 } });
      expect(Date.parse(defaulted.expiresAt!) - clock.now().getTime()).toBe(600_000);
      await store.put({ key: 'ttl-never', type: 'ttl-test', data: { s: 3 }, expiresAt: null });

      clock.advance(601);
      expect(await store.get('ttl-default')).toBeUndefined();
      expect(await store.get('ttl-hour')).toMatchObject({ data: { s: 1 } });
      clock.advance(3000);
      expect(await store.get('ttl-hour')).toBeUndefined();
      expect((await store.list({ type: 'ttl-test' })).map((entry) => entry.key)).toEqual([
        'ttl-never',
      ]);
      expect(await store.purgeExpired()).toBe(2);
      expect(
        (await storage.contexts.list({ type: 'ttl-test', includeExpired: true })).map(
          (row) => row.key,
        ),
      ).toEqual(['ttl-never']);
      expect(await store.get('ttl-never')).toMatchObject({ data: { s: 3 } });
    });

    it('refuses bad input with CONTEXT_INVALID saying which field and how to fix it', async () => {
      const store = open();
      const cases: [unknown, string][] = [
        [{ key: '', type: 'task', data: 1 }, 'the key is empty'],
        [{ key: 'k'.repeat(256), type: 'task', data: 1 }, 'longer than 255'],
        [{ key: 'a\nb', type: 'task', data: 1 }, 'control character'],
        [{ key: 'k', type: 'has space', data: 1 }, 'the type must match'],
        [{ key: 'k', type: 'task' }, 'give the value as data'],
        [
          {
            key: 'k',
            type: 'task',
            data: 1,
            artifact: { sha256: 'a'.repeat(64), size: 1, path: '/x' },
          },
          'not both',
        ],
        [{ key: 'k', type: 'task', data: 1, ttl: 'soon' }, 'not a duration'],
        [{ key: 'k', type: 'task', data: 1, ttl: 0 }, 'more than 0 seconds'],
        [{ key: 'k', type: 'task', data: 1, tags: ['a,b'] }, 'comma'],
        [{ key: 'k', type: 'task', data: () => 1 }, 'has no JSON form'],
        [{ key: 'k', type: 'task', data: 1, colour: 'red' }, 'colour'],
      ];
      for (const [input, words] of cases) {
        const error = await rejection(store.put(input as never));
        expect(error.code, words).toBe(ContextErrorCodes.CONTEXT_INVALID);
        expect(error.message).toContain(words);
      }
    });

    it('lists by type and tag, most recently updated first, up to a limit', async () => {
      const store = open();
      for (const [key, type, tags] of [
        ['list-a', 'plugin', ['red']],
        ['list-b', 'plugin', ['blue']],
        ['list-c', 'plugin', ['red', 'blue']],
        ['list-d', 'workflow', ['red']],
      ] as const) {
        await store.put({ key, type, data: { key }, tags: [...tags] });
      }
      expect((await store.list({ type: 'plugin' })).map((entry) => entry.key)).toEqual([
        'list-c',
        'list-b',
        'list-a',
      ]);
      expect((await store.list({ tag: 'red', type: 'plugin' })).map((entry) => entry.key)).toEqual([
        'list-c',
        'list-a',
      ]);
      expect((await store.list({ type: 'plugin', limit: 2 })).map((entry) => entry.key)).toEqual([
        'list-c',
        'list-b',
      ]);
      expect((await store.list({ tag: 'red' })).map((entry) => entry.key)).toEqual([
        'list-d',
        'list-c',
        'list-a',
      ]);
    });

    it('searches keys, tags, types and JSON text, ranked the same on every engine', async () => {
      const store = open({
        compression: true,
        compressThresholdBytes: 100,
        inlineLimitBytes: 4000,
      });
      await store.put({
        key: 'invoice-2024',
        type: 'task',
        data: { total: 12 },
        tags: ['finance'],
      });
      await store.put({
        key: 'q3-report',
        type: 'workflow',
        data: { title: 'Quarterly invoice summary' },
        tags: ['finance'],
      });
      await store.put({
        key: 'misc',
        type: 'session',
        data: { note: 'nothing to see' },
        tags: ['invoice'],
      });
      await store.put({
        key: 'zipped',
        type: 'task',
        data: { lines: Array.from({ length: 20 }, () => 'invoice line item') },
      });
      await store.put({
        key: 'offloaded',
        type: 'task',
        data: {
          lines: Array.from(
            { length: 400 },
            (_, i) => `invoice ${i} ${randomBytes(8).toString('hex')}`,
          ),
        },
      });

      const hits = await store.search('invoice');
      expect(hits.map((hit) => hit.entry.key)).toEqual([
        'invoice-2024',
        'misc',
        'zipped',
        'q3-report',
      ]);
      expect(hits[0]).toMatchObject({ score: 8, matchedWords: 1, fields: ['key'] });
      expect(hits[2]!.fields).toEqual(['data']);
      expect(
        (await store.search('invoice finance')).map((hit) => hit.entry.key).slice(0, 2),
      ).toEqual(['invoice-2024', 'q3-report']);
      expect(
        (await store.search('invoice', { type: 'workflow' })).map((hit) => hit.entry.key),
      ).toEqual(['q3-report']);
      expect(await store.search('invoice', { limit: 1 })).toHaveLength(1);
      expect(await store.search('unmatched-word-xyz')).toEqual([]);
      expect((await rejection(store.search('  !!  '))).code).toBe(
        ContextErrorCodes.CONTEXT_INVALID,
      );
    });

    it('exports every live entry and imports them into a fresh database and home', async () => {
      const clock = manualClock();
      const sourceStorage = await target.open();
      const store = createContextStore({
        storage: sourceStorage,
        artifacts,
        compression: true,
        compressThresholdBytes: 200,
        inlineLimitBytes: 2000,
        now: clock.now,
      });
      const ref = await artifacts.putBytes(randomBytes(5000), { name: 'blob.bin' });
      await store.put({ key: 'exp-json', type: 'task', data: { a: [1, 2], b: 'ü' }, tags: ['x'] });
      await store.put({ key: 'exp-zip', type: 'task', data: compressible(50) });
      await store.put({ key: 'exp-file', type: 'step-output', data: compressible(300) });
      await store.put({ key: 'exp-artifact', type: 'step-output', artifact: ref });
      await store.put({ key: 'exp-ttl', type: 'session', data: 1, ttl: 3600 });
      await store.put({ key: 'exp-gone', type: 'session', data: 2, ttl: 1 });
      clock.advance(2);

      const file = join(folder.path, 'contexts.json');
      const exported = await store.exportToFile(file);
      const document = JSON.parse(readFileSync(file, 'utf8'));
      expect(document).toMatchObject({ format: 'mark1-contexts', version: 1 });
      const keys = document.entries.map((entry: { key: string }) => entry.key);
      expect(keys).toEqual(['exp-json', 'exp-zip', 'exp-file', 'exp-artifact', 'exp-ttl']);
      expect(exported).toBe(keys.length);

      const freshStorage = await target.open();
      const freshFolder = temporaryFolder();
      try {
        const freshArtifacts = createArtifactStore({ root: join(freshFolder.path, 'artifacts') });
        const fresh = createContextStore({
          storage: freshStorage,
          artifacts: freshArtifacts,
          now: clock.now,
        });
        const result = await fresh.importFromFile(file);
        expect(result).toEqual({ imported: keys.length, skipped: 0, expired: 0 });
        for (const key of ['exp-json', 'exp-zip', 'exp-file', 'exp-ttl']) {
          const original = await store.get(key);
          const copy = await fresh.get(key);
          expect(copy?.data, key).toEqual(original?.data);
          expect(copy).toMatchObject({
            type: original!.type,
            tags: original!.tags,
            expiresAt: original!.expiresAt,
          });
        }
        const artifact = await fresh.get('exp-artifact');
        expect(artifact?.artifact).toMatchObject({
          sha256: ref.sha256,
          size: 5000,
          name: 'blob.bin',
        });
        expect(readFileSync(artifact!.artifact!.path).equals(readFileSync(ref.path))).toBe(true);
        expect(artifact!.artifact!.path.startsWith(freshFolder.path)).toBe(true);

        await fresh.put({ key: 'exp-json', type: 'task', data: 'kept' });
        expect(await fresh.import(document, { onConflict: 'skip' })).toEqual({
          imported: 0,
          skipped: keys.length,
          expired: 0,
        });
        expect((await fresh.get('exp-json'))?.data).toBe('kept');
        await fresh.import(document);
        expect((await fresh.get('exp-json'))?.data).toEqual({ a: [1, 2], b: 'ü' });

        clock.advance(7200);
        expect(await fresh.import(document)).toMatchObject({ expired: 1 });
      } finally {
        await freshStorage.close();
        await sourceStorage.close();
        freshFolder.remove();
      }
    });

    it('refuses an export that is not one, or whose artifact bytes do not match their hash', async () => {
      const store = open();
      const notJson = join(folder.path, 'not.json');
      writeFileSync(notJson, '{ nope');
      const parse = await rejection(store.importFromFile(notJson));
      expect(parse.code).toBe(ContextErrorCodes.CONTEXT_IMPORT_INVALID);
      expect(parse.details.path).toBe(notJson);
      const shape = await rejection(store.import({ format: 'something-else', entries: 'no' }));
      expect(shape.code).toBe(ContextErrorCodes.CONTEXT_IMPORT_INVALID);
      expect(shape.message).toContain('format');

      const tampered = {
        format: 'mark1-contexts',
        version: 1,
        exportedAt: new Date().toISOString(),
        entries: [
          { key: 'fine', type: 'task', tags: [], expiresAt: null, data: 1 },
          {
            key: 'bad',
            type: 'task',
            tags: [],
            expiresAt: null,
            artifact: {
              sha256: 'a'.repeat(64),
              size: 3,
              base64: Buffer.from('abc').toString('base64'),
            },
          },
        ],
      };
      const integrity = await rejection(store.import(tampered));
      expect(integrity.code).toBe(ContextErrorCodes.ARTIFACT_INTEGRITY);
      expect(await store.get('fine')).toBeUndefined();
    });

    it('deletes by key and reports what it holds', async () => {
      const store: ContextStore = open();
      await store.put({ key: 'doomed', type: 'task', data: 1 });
      await store.get('doomed');
      const before = await store.stats();
      expect(await store.delete('doomed')).toBe(true);
      expect(await store.delete('doomed')).toBe(false);
      expect(await store.get('doomed')).toBeUndefined();
      const after = await store.stats();
      expect(after.entries).toBe(before.entries - 1);
      expect(after.cacheEntries).toBe(before.cacheEntries - 1);
    });
  });
}
