import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test/support/temporary';
import { ContextErrorCodes } from '../errors';
import { createArtifactStore, type ArtifactStore } from './artifact-store';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function errorOf(run: () => unknown): Mark1Error {
  try {
    run();
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a Mark1Error');
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

/** Every file under `folder`, relative, the temporary-files folder included. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe('artifact store', () => {
  let folder: ReturnType<typeof temporaryFolder>;
  let root: string;
  let store: ArtifactStore;

  beforeEach(() => {
    folder = temporaryFolder();
    root = join(folder.path, 'artifacts');
    store = createArtifactStore({ root });
  });
  afterEach(() => folder.remove());

  it('stores bytes at root/<two hex digits>/<sha256>, read-only, with the hash and size in the ref', async () => {
    const ref = await store.putBytes('hello, artifacts', {
      name: 'greeting.txt',
      mediaType: 'text/plain',
    });
    const expected = sha('hello, artifacts');
    expect(ref).toEqual({
      sha256: expected,
      size: 16,
      path: join(root, expected.slice(0, 2), expected),
      name: 'greeting.txt',
      mediaType: 'text/plain',
    });
    expect(readFileSync(ref.path, 'utf8')).toBe('hello, artifacts');
    expect(statSync(ref.path).mode & 0o222).toBe(0);
    expect(store.has(expected)).toBe(true);
    expect(store.path(expected.toUpperCase())).toBe(ref.path);
    expect((await store.read(expected)).toString()).toBe('hello, artifacts');
    expect(await store.verify(expected)).toBe(true);
  });

  it('deduplicates: the same content from bytes, a string, a copied file and a moved file is one file', async () => {
    const content = Buffer.from('a,b\r\n1,2\r\n');
    const source = join(folder.path, 'table.csv');
    writeFileSync(source, content);
    const moved = join(folder.path, 'moved.csv');
    writeFileSync(moved, content);

    const refs = [
      await store.putBytes(content),
      await store.putBytes(content.toString()),
      store.putBytesSync(new Uint8Array(content)),
      await store.putFile(source),
      await store.putFile(moved, { move: true }),
    ];
    expect(new Set(refs.map((ref) => ref.path)).size).toBe(1);
    expect(refs[3]!.name).toBe('table.csv');
    expect(existsSync(source)).toBe(true);
    expect(existsSync(moved)).toBe(false);
    expect(filesUnder(root)).toEqual([join(sha(content).slice(0, 2), sha(content))]);
  });

  it('moves a file into the store, hashing it, when the content is new', async () => {
    const source = join(folder.path, 'report.bin');
    const bytes = Buffer.alloc(300_000, 7);
    writeFileSync(source, bytes);
    const ref = await store.putFile(source, { move: true, mediaType: 'application/octet-stream' });
    expect(existsSync(source)).toBe(false);
    expect(ref.sha256).toBe(sha(bytes));
    expect(ref.size).toBe(bytes.length);
    expect(readFileSync(ref.path).equals(bytes)).toBe(true);
  });

  it('copies large files in one pass and leaves no temporary file behind', async () => {
    const source = join(folder.path, 'big.bin');
    const bytes = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31) % 251;
    writeFileSync(source, bytes);
    const ref = await store.putFile(source);
    expect(ref.sha256).toBe(sha(bytes));
    expect(readFileSync(ref.path).equals(bytes)).toBe(true);
    expect(readdirSync(join(root, '.incoming'))).toEqual([]);
  });

  it('never lets a reader see part of a file while it is written (temporary file + rename)', async () => {
    const bytes = Buffer.alloc(16 * 1024 * 1024, 'x');
    const target = store.pathFor(sha(bytes));
    let done = false;
    const seenSizes: number[] = [];
    const watcher = (async () => {
      while (!done) {
        if (existsSync(target)) seenSizes.push(statSync(target).size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await store.putBytes(bytes);
    done = true;
    await watcher;
    expect(seenSizes.every((size) => size === bytes.length)).toBe(true);
    expect(statSync(target).size).toBe(bytes.length);
  });

  it('lets many writers store the same content at once: one file, every ref the same', async () => {
    const content = 'x'.repeat(200_000);
    const refs = await Promise.all(Array.from({ length: 12 }, () => store.putBytes(content)));
    expect(new Set(refs.map((ref) => ref.sha256)).size).toBe(1);
    expect(filesUnder(root)).toEqual([join(sha(content).slice(0, 2), sha(content))]);
  });

  it('notices a stored file that was changed behind its back', async () => {
    const ref = await store.putBytes('original');
    chmodSync(ref.path, 0o644);
    writeFileSync(ref.path, 'tampered');
    expect(await store.verify(ref.sha256)).toBe(false);
  });

  it('says clearly when content is absent, a hash is malformed, or a source file is missing', async () => {
    const absent = sha('never stored');
    expect(store.has(absent)).toBe(false);
    const missing = errorOf(() => store.path(absent));
    expect(missing.code).toBe(ContextErrorCodes.ARTIFACT_NOT_FOUND);
    expect(missing.message).toContain(absent);
    expect((await rejection(store.read(absent))).code).toBe(ContextErrorCodes.ARTIFACT_NOT_FOUND);
    expect(errorOf(() => store.has('not-a-hash')).code).toBe(
      ContextErrorCodes.ARTIFACT_HASH_INVALID,
    );
    const noSource = await rejection(store.putFile(join(folder.path, 'nope.txt')));
    expect(noSource.code).toBe(ContextErrorCodes.ARTIFACT_SOURCE_MISSING);
    expect(noSource.message).toContain('does not exist');
    mkdirSync(join(folder.path, 'a-folder'));
    expect((await rejection(store.putFile(join(folder.path, 'a-folder')))).code).toBe(
      ContextErrorCodes.ARTIFACT_SOURCE_MISSING,
    );
  });

  it('fails with ARTIFACT_WRITE_FAILED when the artifacts folder cannot be created', async () => {
    const blocker = join(folder.path, 'blocker');
    writeFileSync(blocker, 'a file where the folder should be');
    const blocked = createArtifactStore({ root: join(blocker, 'artifacts') });
    const error = await rejection(blocked.putBytes('data'));
    expect(error.code).toBe(ContextErrorCodes.ARTIFACT_WRITE_FAILED);
    expect(error.message).toContain('writable');
  });
});
