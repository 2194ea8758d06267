import { mkdirSync } from 'node:fs';
import { cloneRepository, describeWorkingCopy } from './git-source';
import { copyPluginFolder } from './folder-source';
import { unpackArchive } from './archive-source';
import type { PluginSource } from './parse-source';
import { unwrapSingleFolder, verifyTree } from './safe-tree-writer';
import type { SourceLimits } from './source-limits';
import { digestTree } from './tree-digest';

/** A source brought into a staging folder. */
export interface FetchedSource {
  /** The plugin's root inside the staging folder (an archive's single top folder is unwrapped). */
  readonly root: string;
  /** What to record as the plugin's source: the URL, or the absolute path. */
  readonly source: string;
  readonly kind: PluginSource['kind'];
  /** The git ref asked for. */
  readonly ref?: string;
  /** The commit installed (git), or the commit a local folder was at. */
  readonly commitSha?: string;
  /** A local git folder had uncommitted changes (they were copied as they are). */
  readonly dirty?: boolean;
  /** SHA-256 of the fetched content (see `digestTree`), to tell versions apart. */
  readonly digest: string;
  /** Paths left out while copying a folder. */
  readonly skipped: readonly string[];
}

/** Options of {@link fetchSource}. */
export interface FetchSourceOptions {
  ref?: string;
  limits: SourceLimits;
  signal?: AbortSignal;
  onSpawn?: (pid: number) => void;
  env?: NodeJS.ProcessEnv;
}

/** Clones, copies or unpacks `source` into `destination` (a new folder on the plugins' filesystem). */
export async function fetchSource(
  source: PluginSource,
  destination: string,
  options: FetchSourceOptions,
): Promise<FetchedSource> {
  switch (source.kind) {
    case 'git': {
      const clone = await cloneRepository(source.url, destination, {
        ref: options.ref,
        signal: options.signal,
        onSpawn: options.onSpawn,
        env: options.env,
        local: source.transport === 'local',
      });
      verifyTree(destination, source.url);
      return {
        root: destination,
        source: source.url,
        kind: 'git',
        ref: clone.ref,
        commitSha: clone.commitSha,
        digest: digestTree(destination),
        skipped: [],
      };
    }
    case 'folder': {
      const copy = await copyPluginFolder(source.path, destination, {
        limits: options.limits,
        signal: options.signal,
      });
      const workingCopy = await describeWorkingCopy(source.path, {
        env: options.env,
        signal: options.signal,
      });
      return {
        root: destination,
        source: source.path,
        kind: 'folder',
        commitSha: workingCopy?.commitSha,
        dirty: workingCopy?.dirty,
        digest: digestTree(destination),
        skipped: copy.skipped,
      };
    }
    case 'archive': {
      mkdirSync(destination, { recursive: true });
      await unpackArchive(source.path, source.format, destination, {
        limits: options.limits,
        signal: options.signal,
      });
      const root = unwrapSingleFolder(destination);
      verifyTree(root, source.path);
      return { root, source: source.path, kind: 'archive', digest: digestTree(root), skipped: [] };
    }
  }
}
