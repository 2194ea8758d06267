import { registryError, RegistryErrorCodes } from '../errors';

/** Caps on what a source may unpack or copy (zip bombs, a home folder given by mistake). */
export interface SourceLimits {
  /**
   * Most files, folders and links.
   * @default 20000
   */
  readonly maxFiles: number;
  /**
   * Most bytes of file content, unpacked.
   * @default 536870912 (512 MiB)
   */
  readonly maxBytes: number;
}

/** The default {@link SourceLimits}. */
export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxFiles: 20_000,
  maxBytes: 512 * 1024 * 1024,
};

/** Counts what is unpacked and throws `SOURCE_TOO_LARGE` the moment a cap is passed. */
export interface SourceBudget {
  /** One more entry of `bytes` bytes (named for the message). */
  add(entry: string, bytes: number): void;
  /** Bytes of content counted so far. */
  readonly bytes: number;
  /** Entries counted so far. */
  readonly files: number;
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}

/** A {@link SourceBudget} for `source` (named in errors). */
export function createSourceBudget(source: string, limits: SourceLimits): SourceBudget {
  let files = 0;
  let bytes = 0;
  return {
    add(entry, size) {
      files += 1;
      bytes += Math.max(0, size);
      if (files > limits.maxFiles) {
        throw registryError(
          RegistryErrorCodes.SOURCE_TOO_LARGE,
          `${source} holds more than ${limits.maxFiles.toLocaleString('en-US')} files (stopped at ${entry}); a plugin this large is refused as a possible archive bomb. Remove what the plugin does not need.`,
          { details: { source, maxFiles: limits.maxFiles } },
        );
      }
      if (bytes > limits.maxBytes) {
        throw registryError(
          RegistryErrorCodes.SOURCE_TOO_LARGE,
          `${source} unpacks to more than ${formatMiB(limits.maxBytes)} (stopped at ${entry}); refused as a possible archive bomb. Remove large files the plugin does not need.`,
          { details: { source, maxBytes: limits.maxBytes } },
        );
      }
    },
    get bytes() {
      return bytes;
    },
    get files() {
      return files;
    },
  };
}
