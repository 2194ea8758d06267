import type { Mark1Config } from '@mark1/storage';

/**
 * The unit of the `context.cache_size` setting (`MARK1_CONTEXT_CACHE_SIZE`): mebibytes. Seed 000
 * writes `cache_size: 1000` next to an alert at 1 GiB of `mark1_context_cache_size_bytes`, which
 * reads as a limit of about a gigabyte; a bare number is megabytes in Mark-1's other size settings.
 */
export const CACHE_SIZE_UNIT_BYTES = 1024 * 1024;

/** Bytes of cache for a `context.cache_size` value in mebibytes (0 turns the cache off). */
export function cacheSizeBytesFromConfig(cacheSizeMiB: number): number {
  return Math.max(0, Math.round(cacheSizeMiB * CACHE_SIZE_UNIT_BYTES));
}

/** The context store options the configuration decides. */
export interface ContextConfigOptions {
  cacheSizeBytes: number;
  compression: boolean;
  defaultTtlSeconds?: number;
}

/**
 * The context store options from the loaded configuration: `context.cache_size` (MiB) as
 * `cacheSizeBytes`, `context.compression`, and `context.ttl` as `defaultTtlSeconds`.
 */
export function contextOptionsFromConfig(config: Mark1Config): ContextConfigOptions {
  return {
    cacheSizeBytes: cacheSizeBytesFromConfig(config.context.cacheSize),
    compression: config.context.compression,
    ...(config.context.ttl === undefined ? {} : { defaultTtlSeconds: config.context.ttl }),
  };
}
