import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FileFacts, ParsedLanguage } from '../profile/file-facts';

/**
 * Version of the facts the extractors produce. Bump it whenever an extractor changes what it
 * returns, so caches written by older code are ignored rather than trusted.
 */
export const FACTS_VERSION = 3;

const CACHE_FORMAT = 'mark1-scan-cache';

const CacheEntrySchema = z.strictObject({
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  hash: z.string().regex(/^[0-9a-f]{32}$/),
  language: z.enum(['python', 'javascript', 'typescript', 'tsx']),
});

/**
 * The cache file's envelope. Facts are checked only for being objects: validating every field of
 * tens of megabytes of facts would cost more than the rescan it saves; the version number guards
 * their shape.
 */
const CacheFileSchema = z.strictObject({
  format: z.literal(CACHE_FORMAT),
  version: z.literal(FACTS_VERSION),
  root: z.string(),
  entries: z.record(z.string(), CacheEntrySchema),
  facts: z.record(z.string(), z.record(z.string(), z.unknown())),
});

type CacheEntry = z.infer<typeof CacheEntrySchema>;

/** The SHA-256 of file content, first 16 bytes in hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

function factsKey(language: ParsedLanguage, hash: string): string {
  return `${language}:${hash}`;
}

/**
 * A content-hash cache of per-file facts for one repository, stored as one JSON file in `cacheDir`
 * (named after a hash of the repository's real path). A file whose size and modification time are
 * unchanged is not read again; a file whose content hash is known is not parsed again. Writes are
 * atomic (a temporary file renamed over the old one).
 */
export class ScanCache {
  private readonly entries: Record<string, CacheEntry>;
  private readonly facts: Record<string, FileFacts>;
  private readonly nextEntries: Record<string, CacheEntry> = {};
  private readonly nextFacts: Record<string, FileFacts> = {};
  private changed = false;

  private constructor(
    /** The cache file. */
    readonly file: string,
    private readonly root: string,
    loaded: z.infer<typeof CacheFileSchema> | undefined,
    /** Why an existing cache file was not used, when it was not. */
    readonly problem: string | undefined,
  ) {
    this.entries = loaded?.entries ?? {};
    this.facts = (loaded?.facts ?? {}) as unknown as Record<string, FileFacts>;
  }

  /** Opens (or starts) the cache of `root` in `cacheDir`; an unreadable or outdated file is ignored and reported in `problem`. */
  static open(cacheDir: string, root: string): ScanCache {
    const file = join(
      cacheDir,
      `${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`,
    );
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No file yet (or no folder yet): a first scan, nothing to report until saving fails.
      const missing = code === 'ENOENT' || code === 'ENOTDIR';
      return new ScanCache(
        file,
        root,
        undefined,
        missing
          ? undefined
          : `the cache file ${file} could not be read: ${(error as Error).message}`,
      );
    }
    try {
      const parsed = CacheFileSchema.safeParse(JSON.parse(text));
      if (!parsed.success)
        return new ScanCache(
          file,
          root,
          undefined,
          `the cache file ${file} is from another scanner version or damaged; it will be rewritten`,
        );
      if (parsed.data.root !== root)
        return new ScanCache(
          file,
          root,
          undefined,
          `the cache file ${file} belongs to ${parsed.data.root}`,
        );
      return new ScanCache(file, root, parsed.data, undefined);
    } catch (error) {
      return new ScanCache(
        file,
        root,
        undefined,
        `the cache file ${file} is not valid JSON (${(error as Error).message}); it will be rewritten`,
      );
    }
  }

  /** Facts of a file whose size and modification time match the cache, without reading it. */
  byMetadata(
    path: string,
    size: number,
    mtimeMs: number,
    language: ParsedLanguage,
  ): { hash: string; facts: FileFacts } | undefined {
    const entry = this.entries[path];
    if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs || entry.language !== language)
      return undefined;
    const facts = this.facts[factsKey(language, entry.hash)];
    return facts ? { hash: entry.hash, facts } : undefined;
  }

  /** Facts of content already analyzed (under this or another path). */
  byHash(hash: string, language: ParsedLanguage): FileFacts | undefined {
    return this.facts[factsKey(language, hash)] ?? this.nextFacts[factsKey(language, hash)];
  }

  /** Records a file of this scan; only recorded files are kept when the cache is saved. */
  record(
    path: string,
    size: number,
    mtimeMs: number,
    hash: string,
    language: ParsedLanguage,
    facts: FileFacts,
  ): void {
    const previous = this.entries[path];
    if (
      !previous ||
      previous.hash !== hash ||
      previous.size !== size ||
      previous.mtimeMs !== mtimeMs ||
      previous.language !== language
    )
      this.changed = true;
    this.nextEntries[path] = { size, mtimeMs, hash, language };
    this.nextFacts[factsKey(language, hash)] = facts;
  }

  /** Writes the cache when anything changed (files added, changed or removed). Throws on I/O errors. */
  save(cacheDir: string): boolean {
    const removed = Object.keys(this.entries).some((path) => !(path in this.nextEntries));
    if (!this.changed && !removed) return false;
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    const body = {
      format: CACHE_FORMAT,
      version: FACTS_VERSION,
      root: this.root,
      entries: this.nextEntries,
      facts: this.nextFacts,
    };
    try {
      writeFileSync(temporary, JSON.stringify(body));
      renameSync(temporary, this.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    return true;
  }
}
