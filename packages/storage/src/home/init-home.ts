import { existsSync, mkdirSync } from 'node:fs';
import { renderConfigTemplate } from '../config/config-template';
import type { LoadedConfig } from '../config/load-config';
import { storageError, StorageErrorCodes } from '../errors';
import { writeFileAtomic } from './write-file-atomic';

/** What {@link initHome} did. */
export interface InitHomeResult {
  /** The home folder. */
  readonly home: string;
  /** Folders created by this call (existing ones are not listed). */
  readonly createdFolders: readonly string[];
  /** The config.yaml path. */
  readonly configFile: string;
  /** True when config.yaml was written by this call; an existing one is never overwritten. */
  readonly configFileCreated: boolean;
}

function ensureFolder(path: string, created: string[]): void {
  if (existsSync(path)) return;
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    created.push(path);
  } catch (error) {
    throw storageError(
      StorageErrorCodes.HOME_NOT_WRITABLE,
      `Cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Choose a writable home folder with --home or MARK1_HOME.`,
      { cause: error, details: { path } },
    );
  }
}

/**
 * Creates the home folder and its layout (plugins, artifacts, runs) and writes a config.yaml with
 * every default commented out, unless one exists. Idempotent. The database is created separately
 * (`createStorage` with `migrate`).
 */
export function initHome(loaded: LoadedConfig): InitHomeResult {
  const created: string[] = [];
  const { layout, config } = loaded;
  ensureFolder(layout.home, created);
  ensureFolder(config.plugins.directory, created);
  ensureFolder(layout.artifactsDir, created);
  ensureFolder(layout.runsDir, created);
  let configFileCreated = false;
  if (!existsSync(layout.configFile)) {
    try {
      writeFileAtomic(layout.configFile, renderConfigTemplate(layout.home));
      configFileCreated = true;
    } catch (error) {
      throw storageError(
        StorageErrorCodes.HOME_NOT_WRITABLE,
        `Cannot write ${layout.configFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Make the home folder writable or choose another with --home or MARK1_HOME.`,
        { cause: error, details: { path: layout.configFile } },
      );
    }
  }
  return {
    home: layout.home,
    createdFolders: created,
    configFile: layout.configFile,
    configFileCreated,
  };
}
