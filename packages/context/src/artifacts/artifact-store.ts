import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contextError, ContextErrorCodes } from '../errors';
import { normalizeSha256, type ArtifactRef } from './artifact-ref';

/** Options of {@link createArtifactStore}. */
export interface ArtifactStoreOptions {
  /** Folder holding the artifacts, usually `homeLayout(home).artifactsDir` (`MARK1_HOME/artifacts`). Created when missing. */
  root: string;
}

/** Options of {@link ArtifactStore.putFile} and {@link ArtifactStore.putBytes}. */
export interface PutArtifactOptions {
  /** Name to carry in the returned ref (a file name). @default the source file's base name for `putFile`, none for `putBytes` */
  name?: string;
  /** Media type to carry in the returned ref. @default none */
  mediaType?: string;
}

/** Options of {@link ArtifactStore.putFile}. */
export interface PutFileOptions extends PutArtifactOptions {
  /** Move the file into the store instead of copying it (the source is gone afterwards). @default false */
  move?: boolean;
}

/**
 * Content-addressed files: each content is stored once, at `root/<first two hex digits>/<sha256>`,
 * written through a temporary file and a rename so a reader never sees half a file, and made
 * read-only because every ref with the same hash shares it.
 */
export interface ArtifactStore {
  /** The folder holding the artifacts. */
  readonly root: string;
  /** Stores a copy of the file at `path` (or moves it there with `move`) and returns its ref. */
  putFile(path: string, options?: PutFileOptions): Promise<ArtifactRef>;
  /** Stores bytes (a string is stored as UTF-8) and returns their ref. */
  putBytes(data: Uint8Array | string, options?: PutArtifactOptions): Promise<ArtifactRef>;
  /** {@link putBytes} without waiting: for synchronous callers such as `convertValue`. */
  putBytesSync(data: Uint8Array | string, options?: PutArtifactOptions): ArtifactRef;
  /** Where the content with this hash lives; throws `ARTIFACT_NOT_FOUND` when it is absent. */
  path(sha256: string): string;
  /** Where content with this hash lives or would live, without checking that it is there. */
  pathFor(sha256: string): string;
  /** Whether content with this hash is stored. */
  has(sha256: string): boolean;
  /** The ref of stored content, with the name and media type given; throws `ARTIFACT_NOT_FOUND` when absent. */
  ref(sha256: string, options?: PutArtifactOptions): ArtifactRef;
  /** The content with this hash; throws `ARTIFACT_NOT_FOUND` when absent. */
  read(sha256: string): Promise<Buffer>;
  /** Re-hashes stored content; false when the file no longer matches its hash (edited or damaged). */
  verify(sha256: string): Promise<boolean>;
}

const INCOMING = '.incoming';

function describeWriteError(root: string, error: unknown): never {
  throw contextError(
    ContextErrorCodes.ARTIFACT_WRITE_FAILED,
    `Cannot write artifacts under ${root} (${(error as Error).message}). Check that the folder is writable and the disk has room, or point MARK1_HOME elsewhere.`,
    { cause: error, details: { root } },
  );
}

/**
 * An {@link ArtifactStore} over the folder `options.root`. Two processes storing the same content
 * at once both succeed: each writes its own temporary file and the renames land the same bytes.
 */
export function createArtifactStore(options: ArtifactStoreOptions): ArtifactStore {
  const root = resolve(options.root);
  const incoming = join(root, INCOMING);
  let prepared = false;

  const prepare = () => {
    if (prepared) return;
    try {
      mkdirSync(incoming, { recursive: true });
    } catch (error) {
      describeWriteError(root, error);
    }
    prepared = true;
  };
  const temporaryPath = () =>
    join(incoming, `${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const contentPath = (hash: string) => join(root, hash.slice(0, 2), hash);
  const refFor = (hash: string, size: number, extra: PutArtifactOptions): ArtifactRef => ({
    sha256: hash,
    size,
    path: contentPath(hash),
    ...(extra.name === undefined ? {} : { name: extra.name }),
    ...(extra.mediaType === undefined ? {} : { mediaType: extra.mediaType }),
  });
  const existing = (hash: string): string => {
    const path = contentPath(normalizeSha256(hash));
    if (!existsSync(path)) {
      throw contextError(
        ContextErrorCodes.ARTIFACT_NOT_FOUND,
        `No artifact ${hash} under ${root}: it was never stored here or was deleted. Store it again, or check that MARK1_HOME is the home that produced it.`,
        { details: { sha256: hash, root } },
      );
    }
    return path;
  };

  /** Moves a finished temporary file to its content path; an existing copy wins (same bytes). */
  const landAsync = async (temporary: string, hash: string): Promise<void> => {
    const target = contentPath(hash);
    if (existsSync(target)) {
      await rm(temporary, { force: true });
      return;
    }
    await mkdir(join(root, hash.slice(0, 2)), { recursive: true });
    await chmod(temporary, 0o444);
    await rename(temporary, target);
  };

  const bytesOf = (data: Uint8Array | string): Buffer =>
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

  return {
    root,
    async putFile(path, putOptions = {}) {
      const source = isAbsolute(path) ? path : resolve(path);
      let size: number;
      try {
        const info = await stat(source);
        if (!info.isFile()) throw new Error('not a regular file');
        size = info.size;
      } catch (error) {
        throw contextError(
          ContextErrorCodes.ARTIFACT_SOURCE_MISSING,
          `Cannot store ${source} as an artifact: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}. Give the path of an existing regular file.`,
          { cause: error, details: { path: source } },
        );
      }
      prepare();
      const name = putOptions.name ?? source.split(/[\\/]/).pop();
      const extra = { name, mediaType: putOptions.mediaType };
      const temporary = temporaryPath();
      try {
        const hash = createHash('sha256');
        if (putOptions.move) {
          await pipeline(createReadStream(source), hash);
          const digest = hash.digest('hex');
          if (existsSync(contentPath(digest))) {
            await rm(source, { force: true });
            return refFor(digest, size, extra);
          }
          try {
            await rename(source, temporary);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
            // Another file system: copy, then remove the source once the copy has landed.
            await copyFile(source, temporary);
            await landAsync(temporary, digest);
            await rm(source, { force: true });
            return refFor(digest, size, extra);
          }
          await landAsync(temporary, digest);
          return refFor(digest, size, extra);
        }
        // One pass: hash the bytes as they are copied into the temporary file.
        const hasher = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        const out = createWriteStream(temporary, { flags: 'wx' });
        await pipeline(createReadStream(source), hasher, out);
        const handle = await open(temporary, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        const digest = hash.digest('hex');
        await landAsync(temporary, digest);
        return refFor(digest, size, extra);
      } catch (error) {
        await rm(temporary, { force: true });
        if ((error as { code?: string }).code === ContextErrorCodes.ARTIFACT_SOURCE_MISSING)
          throw error;
        return describeWriteError(root, error);
      }
    },
    async putBytes(data, putOptions = {}) {
      const bytes = bytesOf(data);
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (existsSync(contentPath(digest))) return refFor(digest, bytes.length, putOptions);
      prepare();
      const temporary = temporaryPath();
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await landAsync(temporary, digest);
      } catch (error) {
        await rm(temporary, { force: true });
        describeWriteError(root, error);
      }
      return refFor(digest, bytes.length, putOptions);
    },
    putBytesSync(data, putOptions = {}) {
      const bytes = bytesOf(data);
      const digest = createHash('sha256').update(bytes).digest('hex');
      const target = contentPath(digest);
      if (existsSync(target)) return refFor(digest, bytes.length, putOptions);
      prepare();
      const temporary = temporaryPath();
      try {
        const fd = openSync(temporary, 'wx');
        try {
          let written = 0;
          while (written < bytes.length) written += writeSync(fd, bytes, written);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        mkdirSync(join(root, digest.slice(0, 2)), { recursive: true });
        chmodSync(temporary, 0o444);
        renameSync(temporary, target);
      } catch (error) {
        rmSync(temporary, { force: true });
        describeWriteError(root, error);
      }
      return refFor(digest, bytes.length, putOptions);
    },
    path: (hash) => existing(hash),
    pathFor: (hash) => contentPath(normalizeSha256(hash)),
    has: (hash) => existsSync(contentPath(normalizeSha256(hash))),
    ref(hash, refOptions = {}) {
      const path = existing(hash);
      return refFor(normalizeSha256(hash), statSync(path).size, refOptions);
    },
    read: async (hash) => readFile(existing(hash)),
    async verify(hash) {
      const path = existing(hash);
      const digest = createHash('sha256');
      await pipeline(createReadStream(path), digest);
      return digest.digest('hex') === normalizeSha256(hash);
    },
  };
}
