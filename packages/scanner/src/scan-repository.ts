import { closeSync, openSync, readSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ScanCache, contentHash } from './cache/scan-cache';
import { ScannerErrorCodes, scannerError } from './errors';
import { classifyFile, languageOf, parsedLanguageOf } from './files/classify-file';
import { looksBinary } from './files/decode-text';
import { walkRepository } from './files/walk-repository';
import { type ScanOptions, resolveScanOptions } from './options';
import { type AnalyzeResult, type AnalyzeTask, runAnalyzeTask } from './parallel/analyze-file-task';
import { analyzeShared } from './parallel/analyze-shared';
import { TaskQueue } from './parallel/task-queue';
import { locateWorkerEntry } from './parallel/worker-entry';
import { WorkerPool } from './parallel/worker-pool';
import type { FileFacts, ParsedLanguage } from './profile/file-facts';
import {
  type FileEntry,
  type RepositoryProfile,
  type ScanWarning,
  ScanWarningCodes,
} from './profile/repository-profile';
import { buildProfile } from './repository/build-profile';

const MAX_AUTO_WORKERS = 8;
const PROGRESS_EVERY = 64;

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw scannerError(
      ScannerErrorCodes.SCAN_ABORTED,
      'The scan was cancelled before it finished.',
      {},
      signal.reason,
    );
  }
}

function resolveRoot(path: string): string {
  const absolute = resolve(path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw scannerError(
      ScannerErrorCodes.SCAN_PATH_NOT_FOUND,
      `Cannot scan ${absolute}: it does not exist. Pass the path of a repository folder.`,
      { path: absolute },
    );
  }
  if (!stats.isDirectory()) {
    throw scannerError(
      ScannerErrorCodes.SCAN_PATH_NOT_DIRECTORY,
      `Cannot scan ${absolute}: it is a file, not a folder. Pass the repository's root folder.`,
      { path: absolute },
    );
  }
  return realpathSync(absolute);
}

/**
 * Files of unknown kind are sniffed: NUL bytes make them binary, and an extension-less script's
 * shebang (`#!/usr/bin/env node`, `#!/usr/bin/python3`) gives its language.
 */
function sniffHead(absolutePath: string): { binary: boolean; language?: ParsedLanguage } {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(absolutePath, 'r');
    const head = new Uint8Array(8000);
    const bytes = head.subarray(0, readSync(descriptor, head, 0, head.length, 0));
    if (looksBinary(bytes)) return { binary: true };
    const firstLine =
      new TextDecoder('latin1').decode(bytes.subarray(0, 200)).split('\n', 1)[0] ?? '';
    if (!firstLine.startsWith('#!')) return { binary: false };
    if (/\b(node|bun|deno)\b/.test(firstLine)) return { binary: false, language: 'javascript' };
    if (/\bpython[\d.]*\b/.test(firstLine)) return { binary: false, language: 'python' };
    return { binary: false };
  } catch {
    return { binary: false };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

interface PendingFile {
  index: number;
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
  language: ParsedLanguage;
  hash: string;
}

/**
 * Scans a repository it has never seen and says what it can do and what it needs: files by language
 * and kind, code structure (tree-sitter, error-tolerant), dependencies, environment variables,
 * services, model calls, agent frameworks, resource hints, raw security facts and capability
 * candidates with their evidence. Never writes into the repository; never follows a symbolic link
 * out of it; never fails on a file (problems become `warnings`). Parses in worker threads, alongside
 * the calling thread, when there is enough to parse, and reuses the content-hash cache in
 * `options.cacheDir` when given.
 *
 * Throws `SCAN_PATH_NOT_FOUND`, `SCAN_PATH_NOT_DIRECTORY`, `SCAN_OPTIONS_INVALID`, `SCAN_ABORTED`,
 * or `GRAMMAR_UNAVAILABLE` (a tree-sitter package is missing).
 */
export async function scanRepository(
  path: string,
  options?: ScanOptions,
): Promise<RepositoryProfile> {
  const started = performance.now();
  const settings = resolveScanOptions(options);
  const { signal, onProgress } = settings;
  const root = resolveRoot(path);
  checkAborted(signal);
  onProgress?.({ phase: 'walk', done: 0, total: 0 });
  const walk = walkRepository(root, settings);
  const warnings: ScanWarning[] = [...walk.warnings];
  onProgress?.({ phase: 'walk', done: walk.files.length, total: walk.files.length });
  checkAborted(signal);

  const scriptLanguages = new Map<number, ParsedLanguage>();
  const entries: FileEntry[] = walk.files.map((file, index) => {
    let language = languageOf(file.path);
    let kind = classifyFile(file.path);
    if (kind === 'other' && file.size > 0) {
      const head = sniffHead(file.absolutePath);
      if (head.binary) kind = 'binary';
      else if (head.language && !file.path.slice(file.path.lastIndexOf('/') + 1).includes('.')) {
        language = head.language;
        kind = 'source';
        scriptLanguages.set(index, head.language);
      }
    }
    return { path: file.path, ...(language ? { language } : {}), kind, size: file.size };
  });

  let cache: ScanCache | undefined;
  if (settings.cacheDir) {
    cache = ScanCache.open(resolve(settings.cacheDir), root);
    if (cache.problem)
      warnings.push({
        code: ScanWarningCodes.CACHE_UNAVAILABLE,
        message: `The scan cache was not used: ${cache.problem}.`,
      });
  }

  const factsByIndex = new Map<number, FileFacts>();
  const pending: PendingFile[] = [];
  const tasks: AnalyzeTask[] = [];
  let fromCache = 0;
  const wanted =
    settings.workers === 'auto'
      ? Math.min(MAX_AUTO_WORKERS, Math.max(1, availableParallelism() - 1))
      : settings.workers;
  let sourceBytes = 0;
  let pool: WorkerPool | undefined;
  let inThreadReason: string | undefined;
  // Workers start as soon as there is enough to parse, so they load while the rest is read.
  const startWorkers = (size: number): void => {
    const entry = locateWorkerEntry();
    if (entry.ok) {
      pool = new WorkerPool(entry, size);
      return;
    }
    inThreadReason = entry.reason;
    warnings.push({
      code: ScanWarningCodes.WORKERS_UNAVAILABLE,
      message: `Parsed in the calling thread: ${entry.reason}.`,
    });
  };
  walk.files.forEach((file, index) => {
    const language = parsedLanguageOf(file.path) ?? scriptLanguages.get(index);
    if (!language) return;
    const entry = entries[index]!;
    if (file.size > settings.maxFileBytes) {
      entry.skipped = 'too-large';
      warnings.push({
        code: ScanWarningCodes.FILE_TOO_LARGE,
        file: file.path,
        message: `${file.path} is ${file.size} bytes, over maxFileBytes (${settings.maxFileBytes}); it was listed but not parsed.`,
      });
      return;
    }
    const cached = cache?.byMetadata(file.path, file.size, file.mtimeMs, language);
    if (cached) {
      entry.hash = cached.hash;
      factsByIndex.set(index, cached.facts);
      cache!.record(file.path, file.size, file.mtimeMs, cached.hash, language, cached.facts);
      fromCache += 1;
      return;
    }
    let bytes: Uint8Array;
    try {
      // A copy with its own buffer, so it can be transferred to a worker.
      bytes = new Uint8Array(readFileSync(file.absolutePath));
    } catch (error) {
      entry.skipped = 'unreadable';
      warnings.push({
        code: ScanWarningCodes.FILE_UNREADABLE,
        file: file.path,
        message: `${file.path} could not be read: ${(error as Error).message}`,
      });
      return;
    }
    const hash = contentHash(bytes);
    entry.hash = hash;
    const known = cache?.byHash(hash, language);
    if (known) {
      factsByIndex.set(index, known);
      cache!.record(file.path, file.size, file.mtimeMs, hash, language, known);
      fromCache += 1;
      return;
    }
    pending.push({
      index,
      path: file.path,
      absolutePath: file.absolutePath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      language,
      hash,
    });
    tasks.push({ index, language, bytes });
    sourceBytes += bytes.byteLength;
    if (
      !pool &&
      !inThreadReason &&
      wanted > 0 &&
      tasks.length >= wanted &&
      sourceBytes >= settings.parallelThreshold
    )
      startWorkers(wanted);
  });
  if (!pool && !inThreadReason) {
    if (tasks.length === 0) inThreadReason = 'nothing to parse';
    else if (wanted === 0) inThreadReason = 'workers: 0';
    else if (sourceBytes < settings.parallelThreshold)
      inThreadReason = `${sourceBytes} bytes to parse, under parallelThreshold (${settings.parallelThreshold})`;
    else startWorkers(Math.min(wanted, tasks.length));
  }
  const workers = pool?.size ?? 0;
  try {
    checkAborted(signal);
  } catch (error) {
    await pool?.terminate();
    throw error;
  }

  const byIndex = new Map(pending.map((file) => [file.index, file]));
  const analyzed = new Set<number>();
  let done = 0;
  const total = tasks.length;
  onProgress?.({ phase: 'parse', done: 0, total });
  const accept = (result: AnalyzeResult): void => {
    const file = byIndex.get(result.index)!;
    const entry = entries[result.index]!;
    analyzed.add(result.index);
    done += 1;
    if (done % PROGRESS_EVERY === 0 || done === total)
      onProgress?.({ phase: 'parse', done, total });
    if (!result.ok) {
      if (result.binary) {
        entry.kind = 'binary';
        entry.skipped = 'binary';
        return;
      }
      warnings.push({
        code: ScanWarningCodes.PARSE_FAILED,
        file: file.path,
        message: `${file.path} could not be parsed: ${result.message}`,
      });
      return;
    }
    if (result.encoding !== 'utf-8') entry.encoding = result.encoding;
    if (result.lossy)
      warnings.push({
        code: ScanWarningCodes.ENCODING_FALLBACK,
        file: file.path,
        message: `${file.path} is not valid UTF-8 and declares no encoding; it was read as windows-1252.`,
      });
    factsByIndex.set(result.index, result.facts);
    cache?.record(file.path, file.size, file.mtimeMs, file.hash, file.language, result.facts);
  };

  if (pool) {
    try {
      await analyzeShared(new TaskQueue(tasks), pool, accept, signal);
    } catch (error) {
      checkAborted(signal);
      inThreadReason = `a worker failed (${(error as Error).message})`;
      warnings.push({
        code: ScanWarningCodes.WORKERS_UNAVAILABLE,
        message: `Worker threads failed (${(error as Error).message}); the remaining files were parsed in the calling thread.`,
      });
    } finally {
      // Not awaited: a worker takes longer to tear down than the profile takes to build, and nothing
      // of the scan waits for it.
      pool.terminate().catch(() => {});
    }
  }
  // Whatever the workers did not finish (or everything, in-thread), parsed here; transferred bytes are re-read.
  for (const task of tasks) {
    if (analyzed.has(task.index)) continue;
    checkAborted(signal);
    const file = byIndex.get(task.index)!;
    const bytes =
      task.bytes.byteLength > 0 || file.size === 0
        ? task.bytes
        : new Uint8Array(readFileSync(file.absolutePath));
    accept(runAnalyzeTask({ ...task, bytes }));
  }
  checkAborted(signal);

  onProgress?.({ phase: 'analyze', done: 0, total: 1 });
  const facts = new Map<string, FileFacts>();
  walk.files.forEach((file, index) => {
    const fileFacts = factsByIndex.get(index);
    if (fileFacts) facts.set(file.path, fileFacts);
  });
  let cacheFile: string | undefined;
  if (cache && settings.cacheDir) {
    try {
      cache.save(resolve(settings.cacheDir));
      cacheFile = cache.file;
    } catch (error) {
      warnings.push({
        code: ScanWarningCodes.CACHE_UNAVAILABLE,
        message: `The scan cache could not be written to ${cache.file}: ${(error as Error).message}.`,
      });
    }
  }
  const profile = buildProfile({
    root,
    files: entries,
    symlinks: walk.symlinks,
    ignored: walk.ignored,
    facts,
    warnings,
    scan: {
      durationMs: 0,
      filesParsed: total,
      filesFromCache: fromCache,
      workers,
      ...(inThreadReason ? { inThreadReason } : {}),
      ...(cacheFile ? { cacheFile } : {}),
    },
  });
  onProgress?.({ phase: 'analyze', done: 1, total: 1 });
  profile.scan.durationMs = Math.round(performance.now() - started);
  return profile;
}
