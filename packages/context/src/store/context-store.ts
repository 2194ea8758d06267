import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import {
  writeFileAtomic,
  type ContextRecord,
  type ContextsRepository,
  type Storage,
} from '@mark1/storage';
import type { ArtifactRef } from '../artifacts/artifact-ref';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { contextError, ContextErrorCodes } from '../errors';
import { validatePut, type PutContextInput, type ValidPut } from './context-input';
import {
  CONTEXT_EXPORT_FORMAT,
  CONTEXT_EXPORT_VERSION,
  ContextExportSchema,
  type ContextExport,
  type ExportedContext,
} from './export-format';
import { ByteLruCache } from './lru-cache';
import {
  encodeArtifact,
  encodeJson,
  envelopeOf,
  jsonTextOf,
  parseStoredJson,
  storedJsonText,
  type EncodedPayload,
  type PayloadPolicy,
  type StoredEnvelope,
} from './payload';
import { compareHits, compileQuery, type SearchField } from './search';

/** Options of {@link createContextStore}. */
export interface ContextStoreOptions {
  /** The database (`createStorage`); contexts live in its `contexts` table. */
  storage: Storage;
  /** Where artifact entries and values past the inline limit live (`createArtifactStore`). */
  artifacts: ArtifactStore;
  /**
   * Bytes of values kept in the in-memory LRU cache (a value counts its JSON text and its key); 0
   * turns the cache off. `cacheSizeBytesFromConfig` converts the `context.cache_size` setting.
   * @default 64 MiB
   */
  cacheSizeBytes?: number;
  /**
   * Gzip values of `compressThresholdBytes` or more when that makes them smaller (`context.compression`).
   * @default false
   */
  compression?: boolean;
  /**
   * Smallest value, in bytes of JSON text, that is compressed.
   * @default 1024
   */
  compressThresholdBytes?: number;
  /**
   * Largest value, in stored bytes, kept in the database row; larger ones go to an artifact file.
   * @default 1 MiB
   */
  inlineLimitBytes?: number;
  /**
   * Seconds a context lives when `put` gives no `ttl` (`context.ttl`).
   * @default forever
   */
  defaultTtlSeconds?: number;
  /**
   * The clock for TTLs and expiry checks.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** A context without its value: what lists and searches return. */
export interface ContextSummary {
  key: string;
  type: string;
  tags: string[];
  /** Size of the value: its JSON text in bytes, or the artifact's size. */
  sizeBytes: number;
  /** Whether the stored value is gzip-compressed. */
  compressed: boolean;
  /** Where the value is stored: in the row, or in an artifact file. */
  storage: 'inline' | 'file';
  /** When it expires (ISO 8601), or null for never. */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The artifact, for an entry whose value is a file. */
  artifact?: ArtifactRef;
}

/** A context with its value. Values may be frozen (the cache shares them): copy before changing. */
export interface ContextEntry extends ContextSummary {
  /** The JSON value; undefined for an entry whose value is an artifact. */
  data?: unknown;
}

/** Filters of {@link ContextStore.list}. */
export interface ListContextsOptions {
  /** Only this type. */
  type?: string;
  /** Only entries carrying this tag. */
  tag?: string;
  /** Most returned, most recently updated first. @default 100 */
  limit?: number;
}

/** Options of {@link ContextStore.search}. */
export interface SearchContextsOptions extends ListContextsOptions {
  /** Most hits returned. @default 20 */
  limit?: number;
}

/** One search result. */
export interface ContextSearchHit {
  entry: ContextSummary;
  /** Relevance: the sum of each matched word's best field weight (key 8, tags 4, type 2, data 1; halved for prefixes). */
  score: number;
  /** How many of the query's words matched. */
  matchedWords: number;
  /** Fields where words matched, most heavily weighted first. */
  fields: SearchField[];
}

/** Options of {@link ContextStore.export}. */
export interface ExportContextsOptions {
  /** Only this type. */
  type?: string;
  /**
   * `embed` writes artifact bytes into the export (base64) so it can be imported into another
   * home; `reference` writes only their hashes.
   * @default "embed"
   */
  artifacts?: 'embed' | 'reference';
}

/** Options of {@link ContextStore.import}. */
export interface ImportContextsOptions {
  /**
   * What to do with a key that already exists: `replace` its value or `skip` the imported one.
   * @default "replace"
   */
  onConflict?: 'replace' | 'skip';
}

/** What an import did. */
export interface ImportContextsResult {
  /** Entries written. */
  imported: number;
  /** Keys that existed and were kept (`onConflict: "skip"`). */
  skipped: number;
  /** Entries not imported because they had already expired. */
  expired: number;
}

/** Counters for monitoring (`mark1_context_cache_size_bytes` reads `cacheBytes`). */
export interface ContextStoreStats {
  /** Unexpired contexts in the database. */
  entries: number;
  /** Contexts held in the cache. */
  cacheEntries: number;
  /** Bytes held in the cache. */
  cacheBytes: number;
  /** The cache's limit in bytes. */
  cacheLimitBytes: number;
  /** Reads answered from the cache. */
  hits: number;
  /** Reads that went to the database. */
  misses: number;
  /** Entries evicted from the cache to make room. */
  evictions: number;
}

/**
 * Typed contexts (task, workflow, plugin, session, step output...) in the database with an LRU
 * cache in front, large values compressed or moved to artifact files, expiry honoured on every read.
 */
export interface ContextStore {
  /** Stores a value under its key (replacing any previous value) and returns the stored entry. */
  put(input: PutContextInput): Promise<ContextEntry>;
  /** The unexpired entry with this key and its value, or undefined. */
  get(key: string): Promise<ContextEntry | undefined>;
  /** Like {@link get}, but a missing or expired key throws `CONTEXT_NOT_FOUND`. */
  require(key: string): Promise<ContextEntry>;
  /** Unexpired entries without their values, most recently updated first. */
  list(options?: ListContextsOptions): Promise<ContextSummary[]>;
  /**
   * Entries matching the words of `query` in their key, tags, type or JSON text (not inside
   * artifact files), best first. Ranked in TypeScript so SQLite and PostgreSQL rank alike.
   */
  search(query: string, options?: SearchContextsOptions): Promise<ContextSearchHit[]>;
  /** Deletes by key; false when there was none. Artifact files stay (other entries may share them). */
  delete(key: string): Promise<boolean>;
  /** Deletes every expired context and returns how many. */
  purgeExpired(): Promise<number>;
  /** Every unexpired entry with its value, in the export format. */
  export(options?: ExportContextsOptions): Promise<ContextExport>;
  /** {@link export} written to a JSON file (atomically); returns how many entries it holds. */
  exportToFile(path: string, options?: ExportContextsOptions): Promise<number>;
  /** Writes the entries of an export (validated first) in one transaction. */
  import(data: unknown, options?: ImportContextsOptions): Promise<ImportContextsResult>;
  /** {@link import} from a JSON file written by {@link exportToFile}. */
  importFromFile(path: string, options?: ImportContextsOptions): Promise<ImportContextsResult>;
  /** Entry count and cache counters. */
  stats(): Promise<ContextStoreStats>;
  /** Empties the in-memory cache (another process changed the database, a test wants cold reads). */
  clearCache(): void;
}

const MIB = 1024 * 1024;
/** Fixed cost charged per cached entry on top of its JSON text and key. */
const ENTRY_OVERHEAD_BYTES = 64;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A {@link ContextStore} over `options.storage` and `options.artifacts`. The cache belongs to this
 * store object: writes made through it keep it current, writes by another process are seen once
 * the entry leaves the cache (or after {@link ContextStore.clearCache}).
 */
export function createContextStore(options: ContextStoreOptions): ContextStore {
  const { storage, artifacts } = options;
  const now = options.now ?? (() => new Date());
  const policy: PayloadPolicy = {
    compression: options.compression ?? false,
    compressThresholdBytes: options.compressThresholdBytes ?? 1024,
    inlineLimitBytes: options.inlineLimitBytes ?? MIB,
  };
  const cache = new ByteLruCache<ContextEntry>(Math.max(0, options.cacheSizeBytes ?? 64 * MIB));
  // Bumped on every write to a key, so a read that started before the write does not cache a stale value.
  const generations = new Map<string, number>();
  const counters = { hits: 0, misses: 0 };

  const bump = (key: string) => generations.set(key, (generations.get(key) ?? 0) + 1);
  const isExpired = (expiresAt: string | null) =>
    expiresAt !== null && expiresAt <= now().toISOString();

  const summaryOf = (
    record: ContextRecord,
    envelope: StoredEnvelope | undefined,
  ): ContextSummary => {
    const summary: ContextSummary = {
      key: record.key,
      type: record.type,
      tags: record.tags,
      sizeBytes: record.sizeBytes,
      compressed: record.compressed,
      storage: record.artifactRef ? 'file' : 'inline',
      expiresAt: record.expiresAt,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    if (envelope?.encoding === 'artifact' && record.artifactRef) {
      summary.artifact = {
        sha256: record.artifactRef,
        size: envelope.size,
        path: artifacts.pathFor(record.artifactRef),
        ...(envelope.name === undefined ? {} : { name: envelope.name }),
        ...(envelope.mediaType === undefined ? {} : { mediaType: envelope.mediaType }),
      };
    }
    return summary;
  };

  /** The value's JSON text, undefined for artifact entries; rows written without the store hold the value itself. */
  const jsonTextOfRecord = async (record: ContextRecord, envelope: StoredEnvelope | undefined) =>
    envelope === undefined
      ? JSON.stringify(record.data)
      : storedJsonText(record.key, envelope, record.artifactRef, record.compressed, artifacts);

  const entryOf = async (
    record: ContextRecord,
  ): Promise<{ entry: ContextEntry; textBytes: number }> => {
    const envelope = envelopeOf(record.data);
    const entry: ContextEntry = summaryOf(record, envelope);
    const text = await jsonTextOfRecord(record, envelope);
    if (text !== undefined)
      entry.data = envelope === undefined ? record.data : parseStoredJson(record.key, text);
    return { entry, textBytes: text === undefined ? 0 : Buffer.byteLength(text) };
  };

  const remember = (entry: ContextEntry, textBytes: number) => {
    if (cache.limitBytes === 0) return;
    cache.set(
      entry.key,
      deepFreeze(entry),
      textBytes + Buffer.byteLength(entry.key) + ENTRY_OVERHEAD_BYTES,
    );
  };

  const encode = async (put: ValidPut): Promise<EncodedPayload & { text?: string }> => {
    if (put.artifact) {
      if (!artifacts.has(put.artifact.sha256)) {
        throw contextError(
          ContextErrorCodes.ARTIFACT_NOT_FOUND,
          `Context "${put.key}" refers to artifact ${put.artifact.sha256}, which is not in ${artifacts.root}. Store the file with the same artifact store (putFile or putBytes) first.`,
          { details: { key: put.key, sha256: put.artifact.sha256 } },
        );
      }
      return encodeArtifact(put.artifact);
    }
    const text = jsonTextOf(put.key, put.data);
    return { ...(await encodeJson(text, policy, artifacts)), text };
  };

  const write = async (
    contexts: ContextsRepository,
    put: ValidPut,
    encoded: EncodedPayload,
  ): Promise<ContextRecord | undefined> =>
    contexts.put({
      key: put.key,
      type: put.type,
      data: encoded.data,
      artifactRef: encoded.artifactRef,
      tags: put.tags,
      sizeBytes: encoded.sizeBytes,
      compressed: encoded.compressed,
      expiresAt: put.expiresAt,
    });

  const liveRecords = async (filters: {
    type?: string;
    tag?: string;
  }): Promise<ContextRecord[]> => {
    const total = await storage.contexts.count();
    if (total === 0) return [];
    const records = await storage.contexts.list({ ...filters, limit: total + 100 });
    return records.filter((record) => !isExpired(record.expiresAt));
  };

  const exportEntry = async (
    record: ContextRecord,
    mode: 'embed' | 'reference',
  ): Promise<ExportedContext> => {
    const envelope = envelopeOf(record.data);
    const base = {
      key: record.key,
      type: record.type,
      tags: record.tags,
      expiresAt: record.expiresAt,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    if (envelope?.encoding === 'artifact' && record.artifactRef) {
      return {
        ...base,
        artifact: {
          sha256: record.artifactRef,
          size: envelope.size,
          ...(envelope.name === undefined ? {} : { name: envelope.name }),
          ...(envelope.mediaType === undefined ? {} : { mediaType: envelope.mediaType }),
          ...(mode === 'embed'
            ? { base64: (await artifacts.read(record.artifactRef)).toString('base64') }
            : {}),
        },
      };
    }
    const { entry } = await entryOf(record);
    return { ...base, data: entry.data };
  };

  const store: ContextStore = {
    async put(input) {
      const put = validatePut(input, now(), options.defaultTtlSeconds);
      const encoded = await encode(put);
      bump(put.key);
      cache.delete(put.key);
      const written = await write(storage.contexts, put, encoded);
      // The repository reads the row back with the real clock: a row already expired by it comes back empty.
      const stamp = now().toISOString();
      const record: ContextRecord = written ?? {
        id: '',
        key: put.key,
        type: put.type,
        data: encoded.data,
        artifactRef: encoded.artifactRef,
        tags: put.tags,
        sizeBytes: encoded.sizeBytes,
        compressed: encoded.compressed,
        expiresAt: put.expiresAt,
        createdAt: stamp,
        updatedAt: stamp,
      };
      const entry: ContextEntry = summaryOf(record, encoded.data);
      if (encoded.text !== undefined) entry.data = JSON.parse(encoded.text);
      if (!isExpired(entry.expiresAt))
        remember(entry, encoded.text === undefined ? 0 : encoded.sizeBytes);
      return entry;
    },
    async get(key) {
      const cached = cache.get(key);
      if (cached !== undefined) {
        if (!isExpired(cached.expiresAt)) {
          counters.hits += 1;
          return cached;
        }
        cache.delete(key);
      }
      counters.misses += 1;
      const generation = generations.get(key);
      const record = await storage.contexts.getByKey(key);
      if (!record || isExpired(record.expiresAt)) return undefined;
      const { entry, textBytes } = await entryOf(record);
      if (generations.get(key) === generation) remember(entry, textBytes);
      return entry;
    },
    async require(key) {
      const entry = await store.get(key);
      if (entry === undefined) {
        throw contextError(
          ContextErrorCodes.CONTEXT_NOT_FOUND,
          `No context "${key}" (it was never stored, was deleted, or expired). List what exists with \`mark1 db contexts\` or search with \`mark1 db context-search\`.`,
          { details: { key } },
        );
      }
      return entry;
    },
    async list(listOptions = {}) {
      const records = await storage.contexts.list({
        type: listOptions.type,
        tag: listOptions.tag,
        limit: Math.max(1, listOptions.limit ?? 100),
      });
      return records
        .filter((record) => !isExpired(record.expiresAt))
        .map((record) => summaryOf(record, envelopeOf(record.data)));
    },
    async search(query, searchOptions = {}) {
      const compiled = compileQuery(query);
      if (compiled.words.length === 0) {
        throw contextError(
          ContextErrorCodes.CONTEXT_INVALID,
          `The search ${JSON.stringify(query)} has no words (letters or digits). Give words to look for, such as "workflow csv".`,
          { details: { query } },
        );
      }
      const hits: {
        entry: ContextSummary;
        match: ReturnType<typeof compiled.score>;
        updatedAt: string;
        key: string;
      }[] = [];
      for (const record of await liveRecords(searchOptions)) {
        const envelope = envelopeOf(record.data);
        let data = '';
        if (envelope?.encoding === 'artifact')
          data = `${envelope.name ?? ''} ${envelope.mediaType ?? ''}`;
        else if (envelope?.encoding !== 'json-file')
          data = (await jsonTextOfRecord(record, envelope)) ?? '';
        const match = compiled.score({
          key: record.key,
          type: record.type,
          tags: record.tags,
          data,
        });
        if (match.matchedWords === 0) continue;
        hits.push({
          entry: summaryOf(record, envelope),
          match,
          updatedAt: record.updatedAt,
          key: record.key,
        });
      }
      hits.sort(compareHits);
      return hits.slice(0, Math.max(1, searchOptions.limit ?? 20)).map((hit) => ({
        entry: hit.entry,
        score: hit.match.score,
        matchedWords: hit.match.matchedWords,
        fields: hit.match.fields,
      }));
    },
    async delete(key) {
      bump(key);
      cache.delete(key);
      return storage.contexts.delete(key);
    },
    async purgeExpired() {
      const at = now().toISOString();
      cache.retain((entry) => entry.expiresAt === null || entry.expiresAt > at);
      return storage.contexts.deleteExpired(at);
    },
    async export(exportOptions = {}) {
      const records = await liveRecords({ type: exportOptions.type });
      const entries: ExportedContext[] = [];
      for (const record of records.reverse())
        entries.push(await exportEntry(record, exportOptions.artifacts ?? 'embed'));
      return {
        format: CONTEXT_EXPORT_FORMAT,
        version: CONTEXT_EXPORT_VERSION,
        exportedAt: now().toISOString(),
        entries,
      };
    },
    async exportToFile(path, exportOptions) {
      const document = await store.export(exportOptions);
      try {
        writeFileAtomic(resolve(path), `${JSON.stringify(document, null, 2)}\n`);
      } catch (error) {
        throw contextError(
          ContextErrorCodes.ARTIFACT_WRITE_FAILED,
          `Cannot write the export to ${resolve(path)} (${(error as Error).message}). Check that the folder exists and is writable.`,
          { cause: error, details: { path: resolve(path) } },
        );
      }
      return document.entries.length;
    },
    async import(data, importOptions = {}) {
      const parsed = ContextExportSchema.safeParse(data);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map(
            (issue) => `${issue.path.length ? issue.path.join('.') : '(file)'}: ${issue.message}`,
          )
          .join('; ');
        throw contextError(
          ContextErrorCodes.CONTEXT_IMPORT_INVALID,
          `Not a Mark-1 context export (${issues}). Import a file written by \`mark1 db context-export\` (format "${CONTEXT_EXPORT_FORMAT}", version ${CONTEXT_EXPORT_VERSION}).`,
          {
            details: {
              issues: parsed.error.issues.map((issue) => ({
                path: issue.path.map(String),
                message: issue.message,
              })),
            },
          },
        );
      }
      const result: ImportContextsResult = { imported: 0, skipped: 0, expired: 0 };
      const writes: { put: ValidPut; encoded: EncodedPayload }[] = [];
      const at = now();
      for (const [index, item] of parsed.data.entries.entries()) {
        if (isExpired(item.expiresAt)) {
          result.expired += 1;
          continue;
        }
        let artifact: ArtifactRef | undefined;
        if ('artifact' in item) {
          const exported = item.artifact;
          if (exported.base64 !== undefined) {
            const stored = await artifacts.putBytes(Buffer.from(exported.base64, 'base64'));
            if (stored.sha256 !== exported.sha256) {
              throw contextError(
                ContextErrorCodes.ARTIFACT_INTEGRITY,
                `Entry ${index + 1} ("${item.key}") of the import: its artifact bytes hash to ${stored.sha256}, not ${exported.sha256}. The file was edited or damaged; export it again.`,
                { details: { key: item.key, expected: exported.sha256, actual: stored.sha256 } },
              );
            }
          }
          artifact = {
            sha256: exported.sha256,
            size: exported.size,
            path: artifacts.pathFor(exported.sha256),
            ...(exported.name === undefined ? {} : { name: exported.name }),
            ...(exported.mediaType === undefined ? {} : { mediaType: exported.mediaType }),
          };
        }
        const put = validatePut(
          {
            key: item.key,
            type: item.type,
            tags: item.tags,
            expiresAt: item.expiresAt,
            ...(artifact ? { artifact } : { data: (item as { data: unknown }).data }),
          },
          at,
          undefined,
        );
        writes.push({ put, encoded: await encode(put) });
      }
      await storage.withTransaction(async (repositories) => {
        for (const { put, encoded } of writes) {
          if (
            importOptions.onConflict === 'skip' &&
            (await repositories.contexts.getByKey(put.key))
          ) {
            result.skipped += 1;
            continue;
          }
          await write(repositories.contexts, put, encoded);
          result.imported += 1;
        }
      });
      for (const { put } of writes) {
        bump(put.key);
        cache.delete(put.key);
      }
      return result;
    },
    async importFromFile(path, importOptions) {
      const file = resolve(path);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw contextError(
          ContextErrorCodes.CONTEXT_IMPORT_INVALID,
          `Cannot read ${file} (${(error as Error).message}). Give the path of a file written by \`mark1 db context-export\`.`,
          { cause: error, details: { path: file } },
        );
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw contextError(
          ContextErrorCodes.CONTEXT_IMPORT_INVALID,
          `${file} is not JSON (${(error as Error).message}). Give a file written by \`mark1 db context-export\`.`,
          { cause: error, details: { path: file } },
        );
      }
      try {
        return await store.import(data, importOptions);
      } catch (error) {
        if (Mark1Error.isInstance(error)) error.details.path ??= file;
        throw error;
      }
    },
    async stats() {
      const cacheStats = cache.stats();
      return {
        entries: await storage.contexts.count(),
        cacheEntries: cacheStats.entries,
        cacheBytes: cacheStats.bytes,
        cacheLimitBytes: cacheStats.limitBytes,
        hits: counters.hits,
        misses: counters.misses,
        evictions: cacheStats.evictions,
      };
    },
    clearCache() {
      cache.clear();
    },
  };
  return store;
}
