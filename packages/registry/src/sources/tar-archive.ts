import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { Mark1Error } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from '../errors';
import { closeQuietly, createSafeTreeWriter } from './safe-tree-writer';
import { safeRelativePath } from './safe-tree-writer';
import { createSourceBudget, type SourceLimits } from './source-limits';

/** What an archive unpacked to. */
export interface UnpackResult {
  readonly files: number;
  readonly bytes: number;
}

const SPECIAL_TYPES = new Set(['CharacterDevice', 'BlockDevice', 'FIFO']);
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
// Metadata records node-tar folds into the next entry; nothing to write for them.
const IGNORED_TYPES = new Set([
  'GlobalExtendedHeader',
  'ExtendedHeader',
  'OldExtendedHeader',
  'NextFileHasLongLinkpath',
  'NextFileHasLongPath',
  'OldGnuLongPath',
]);

/**
 * Unpacks a `.tar` or `.tar.gz` into `destination`, refusing (with the whole archive) entries that
 * climb out (`../`, absolute paths), links pointing out, device files and FIFOs, and stopping as
 * soon as the unpacked size or the entry count passes its cap, or the gzip stream inflates past
 * what the entries declare (a gzip bomb).
 */
export function unpackTar(
  archive: string,
  destination: string,
  options: { gzip: boolean; limits: SourceLimits; signal?: AbortSignal },
): Promise<UnpackResult> {
  const writer = createSafeTreeWriter(destination, archive);
  const budget = createSourceBudget(archive, options.limits);
  // Headers and padding add at most ~1 KiB per entry to the stream.
  const maxStreamBytes = options.limits.maxBytes + (options.limits.maxFiles + 16) * 1536;
  const hardlinks: [string, string][] = [];
  const pendingWrites: Promise<void>[] = [];

  return new Promise<UnpackResult>((resolvePromise, rejectPromise) => {
    let failed = false;
    const input = createReadStream(archive);
    const gunzip = options.gzip ? createGunzip() : undefined;
    let streamed = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        streamed += chunk.length;
        if (streamed > maxStreamBytes) {
          callback(
            registryError(
              RegistryErrorCodes.SOURCE_TOO_LARGE,
              `${archive} inflates to more than its entries can hold (over ${Math.round(maxStreamBytes / 1024 / 1024)} MiB); refused as a possible gzip bomb.`,
              { details: { source: archive } },
            ),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    const parser = new Parser({ strict: true, noResume: true });

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      gunzip?.destroy();
      counter.destroy();
      parser.abort(error instanceof Error ? error : new Error(String(error)));
      const known = Mark1Error.isInstance(error);
      rejectPromise(
        known
          ? error
          : registryError(
              RegistryErrorCodes.ARCHIVE_INVALID,
              `${archive} is not a readable ${options.gzip ? '.tar.gz' : '.tar'} archive (${(error as Error).message}); check the file, or rebuild it with \`tar czf\`.`,
              { cause: error, details: { source: archive } },
            ),
      );
    };
    const onAbort = () => fail(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (entry: ReadEntry) => {
      if (IGNORED_TYPES.has(entry.type)) {
        entry.resume();
        return;
      }
      const path = safeRelativePath(entry.path, archive);
      if (SPECIAL_TYPES.has(entry.type)) {
        throw registryError(
          RegistryErrorCodes.UNSAFE_ENTRY,
          `${archive} holds a ${entry.type === 'FIFO' ? 'FIFO' : 'device file'} "${entry.path}"; plugins may only hold files, folders and links. Rebuild the archive without it.`,
          { details: { source: archive, entry: entry.path } },
        );
      }
      if (path === undefined) {
        entry.resume();
        return;
      }
      if (entry.type === 'Directory' || entry.type === 'GNUDumpDir') {
        budget.add(path, 0);
        writer.directory(path);
        entry.resume();
      } else if (FILE_TYPES.has(entry.type)) {
        budget.add(path, entry.size);
        const fd = writer.openFile(path, entry.mode);
        const output = createWriteStream('', { fd, autoClose: true });
        pendingWrites.push(
          new Promise<void>((resolveWrite, rejectWrite) => {
            output.once('finish', resolveWrite);
            output.once('error', (error) => {
              closeQuietly(fd);
              rejectWrite(error);
            });
            entry.pipe(output);
          }),
        );
      } else if (entry.type === 'SymbolicLink') {
        budget.add(path, 0);
        writer.symlink(path, entry.linkpath ?? '');
        entry.resume();
      } else if (entry.type === 'Link') {
        budget.add(path, 0);
        hardlinks.push([path, entry.linkpath ?? '']);
        entry.resume();
      } else {
        throw registryError(
          RegistryErrorCodes.UNSAFE_ENTRY,
          `${archive} holds "${entry.path}" of a kind Mark-1 does not unpack (${entry.type}); plugins may only hold files, folders and links.`,
          { details: { source: archive, entry: entry.path, type: entry.type } },
        );
      }
    };

    parser.on('entry', (entry: ReadEntry) => {
      if (failed) {
        entry.resume();
        return;
      }
      try {
        handle(entry);
      } catch (error) {
        entry.resume();
        fail(error);
      }
    });
    parser.on('error', fail);
    parser.on('warn', (_code: string, message: string | Error) =>
      fail(message instanceof Error ? message : new Error(message)),
    );
    parser.on('end', () => {
      if (failed) return;
      Promise.all(pendingWrites)
        .then(() => {
          for (const [path, target] of hardlinks) writer.hardlink(path, target);
          writer.verifyLinks();
          options.signal?.removeEventListener('abort', onAbort);
          resolvePromise({ files: budget.files, bytes: budget.bytes });
        })
        .catch(fail);
    });
    input.on('error', fail);
    counter.on('error', fail);
    gunzip?.on('error', fail);
    const piped = gunzip ? input.pipe(gunzip).pipe(counter) : input.pipe(counter);
    piped.pipe(parser as unknown as NodeJS.WritableStream);
  });
}
