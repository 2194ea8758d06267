import type { ArchiveFormat } from './parse-source';
import type { SourceLimits } from './source-limits';
import { unpackTar, type UnpackResult } from './tar-archive';
import { unpackZip } from './zip-archive';

/** Unpacks a local archive of `format` into `destination` safely (see {@link unpackTar}, {@link unpackZip}). */
export function unpackArchive(
  archive: string,
  format: ArchiveFormat,
  destination: string,
  options: { limits: SourceLimits; signal?: AbortSignal },
): Promise<UnpackResult> {
  switch (format) {
    case 'zip':
      return unpackZip(archive, destination, options);
    case 'tar':
      return unpackTar(archive, destination, { ...options, gzip: false });
    case 'tar.gz':
      return unpackTar(archive, destination, { ...options, gzip: true });
  }
}
