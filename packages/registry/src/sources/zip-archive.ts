import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { Mark1Error } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from '../errors';
import { closeQuietly, createSafeTreeWriter, safeRelativePath } from './safe-tree-writer';
import { createSourceBudget, type SourceLimits } from './source-limits';
import type { UnpackResult } from './tar-archive';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolvePromise, rejectPromise) => {
    // decodeStrings: false hands us raw names, so traversal is reported by our own check, with our message.
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => {
        if (error || !zip) rejectPromise(error ?? new Error('cannot open'));
        else resolvePromise(zip);
      },
    );
  });
}

function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11: UTF-8 names; otherwise CP437, whose printable ASCII range is the same as UTF-8's.
  return (entry.generalPurposeBitFlag & 0x800) !== 0
    ? raw.toString('utf8')
    : raw.toString('latin1');
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolvePromise, rejectPromise) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) rejectPromise(error ?? new Error('cannot read entry'));
      else resolvePromise(stream);
    });
  });
}

async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new Error('link target too long');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Unpacks a `.zip` into `destination` with the same refusals as tar: traversal, links pointing
 * out, device files, FIFOs and sockets. The entry count is checked against the central directory
 * before anything is inflated, each entry's declared size before it is inflated, and the bytes
 * actually inflated as they come (an entry that lies about its size).
 */
export async function unpackZip(
  archive: string,
  destination: string,
  options: { limits: SourceLimits; signal?: AbortSignal },
): Promise<UnpackResult> {
  let zip: ZipFile;
  try {
    zip = await openZip(archive);
  } catch (error) {
    throw registryError(
      RegistryErrorCodes.ARCHIVE_INVALID,
      `${archive} is not a readable .zip archive (${(error as Error).message}); check the file, or rebuild it.`,
      { cause: error, details: { source: archive } },
    );
  }
  const writer = createSafeTreeWriter(destination, archive);
  const budget = createSourceBudget(archive, options.limits);
  if (zip.entryCount > options.limits.maxFiles) {
    zip.close();
    throw registryError(
      RegistryErrorCodes.SOURCE_TOO_LARGE,
      `${archive} holds ${zip.entryCount.toLocaleString('en-US')} entries, more than the ${options.limits.maxFiles.toLocaleString('en-US')} allowed; refused as a possible zip bomb. Remove what the plugin does not need.`,
      { details: { source: archive, maxFiles: options.limits.maxFiles } },
    );
  }
  let inflated = 0;

  const handle = async (entry: Entry): Promise<void> => {
    options.signal?.throwIfAborted();
    const name = entryName(entry);
    const path = safeRelativePath(name, archive);
    const madeByUnix = entry.versionMadeBy >> 8 === 3;
    const mode = madeByUnix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
    const type = mode & S_IFMT;
    if (madeByUnix && type !== 0 && type !== S_IFDIR && type !== S_IFREG && type !== S_IFLNK) {
      throw registryError(
        RegistryErrorCodes.UNSAFE_ENTRY,
        `${archive} holds "${name}", a device file, FIFO or socket; plugins may only hold files, folders and links. Rebuild the archive without it.`,
        { details: { source: archive, entry: name } },
      );
    }
    if (path === undefined) return;
    if (name.endsWith('/') || type === S_IFDIR) {
      budget.add(path, 0);
      writer.directory(path);
      return;
    }
    if (type === S_IFLNK) {
      budget.add(path, 0);
      writer.symlink(path, await readAll(await openEntry(zip, entry), 4096));
      return;
    }
    budget.add(path, entry.uncompressedSize);
    const fd = writer.openFile(path, mode || undefined);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        inflated += chunk.length;
        if (inflated > options.limits.maxBytes) {
          callback(
            registryError(
              RegistryErrorCodes.SOURCE_TOO_LARGE,
              `${archive} inflates past ${Math.round(options.limits.maxBytes / 1024 / 1024)} MiB (at ${path}); refused as a possible zip bomb.`,
              { details: { source: archive } },
            ),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        await openEntry(zip, entry),
        counter,
        createWriteStream('', { fd, autoClose: true }),
      );
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
  };

  try {
    await new Promise<void>((resolvePromise, rejectPromise) => {
      let busy = false;
      zip.on('entry', (entry: Entry) => {
        busy = true;
        handle(entry).then(
          () => {
            busy = false;
            zip.readEntry();
          },
          (error) => {
            zip.close();
            rejectPromise(error);
          },
        );
      });
      zip.on('end', () => {
        if (!busy) resolvePromise();
      });
      zip.on('close', () => resolvePromise());
      zip.on('error', rejectPromise);
      zip.readEntry();
    });
    writer.verifyLinks();
  } catch (error) {
    if (Mark1Error.isInstance(error)) throw error;
    if ((error as Error)?.name === 'AbortError') throw error;
    if (/too many bytes in the stream/.test((error as Error)?.message ?? '')) {
      throw registryError(
        RegistryErrorCodes.SOURCE_TOO_LARGE,
        `${archive} has an entry that inflates to more than its header declares (a zip bomb trick); refused.`,
        { cause: error, details: { source: archive } },
      );
    }
    throw registryError(
      RegistryErrorCodes.ARCHIVE_INVALID,
      `${archive} could not be unpacked (${(error as Error).message}); check the file, or rebuild it.`,
      { cause: error, details: { source: archive } },
    );
  }
  return { files: budget.files, bytes: budget.bytes };
}
