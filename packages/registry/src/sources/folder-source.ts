import {
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { registryError, RegistryErrorCodes } from '../errors';
import { isInside } from '../plugin-layout';
import { closeQuietly, createSafeTreeWriter } from './safe-tree-writer';
import { createSourceBudget, type SourceLimits } from './source-limits';

/** Folders never copied from a local plugin folder: version control, installed environments, caches. */
export const SKIPPED_FOLDERS = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.venv',
  '.mypy_cache',
  '.pytest_cache',
];

/** What {@link copyPluginFolder} copied. */
export interface CopyResult {
  readonly files: number;
  readonly bytes: number;
  /** Paths (relative) left out, such as `.git` or a virtualenv. */
  readonly skipped: readonly string[];
}

function isVirtualenv(path: string): boolean {
  return existsSync(join(path, 'pyvenv.cfg'));
}

/**
 * Copies a local plugin folder into `destination` with the same rules as archives: links must
 * stay inside the folder (absolute ones pointing inside are made relative), device files, FIFOs
 * and sockets are refused, and the file-count and size caps apply. Version-control folders,
 * node_modules, caches and virtualenvs are left out (the registry builds its own environment).
 */
export async function copyPluginFolder(
  from: string,
  destination: string,
  options: { limits: SourceLimits; signal?: AbortSignal },
): Promise<CopyResult> {
  const root = realpathSync.native(from);
  const writer = createSafeTreeWriter(destination, from);
  const budget = createSourceBudget(from, options.limits);
  const skipped: string[] = [];

  const walk = async (relativeDir: string): Promise<void> => {
    const directory = relativeDir ? join(root, relativeDir) : root;
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      options.signal?.throwIfAborted();
      const rel = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const path = join(directory, entry.name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        if (SKIPPED_FOLDERS.includes(entry.name) || isVirtualenv(path)) {
          skipped.push(rel);
          continue;
        }
        budget.add(rel, 0);
        writer.directory(rel);
        await walk(rel);
      } else if (stat.isFile()) {
        budget.add(rel, stat.size);
        const fd = writer.openFile(rel, stat.mode);
        try {
          await pipeline(createReadStream(path), createWriteStream('', { fd, autoClose: true }));
        } catch (error) {
          closeQuietly(fd);
          throw error;
        }
      } else if (stat.isSymbolicLink()) {
        budget.add(rel, 0);
        let target = readlinkSync(path);
        if (isAbsolute(target)) {
          // An absolute link inside the folder would point back at the original after copying.
          const resolved = resolve(target);
          if (!isInside(root, resolved)) {
            throw registryError(
              RegistryErrorCodes.UNSAFE_LINK,
              `${from} holds a link "${rel}" → "${target}" that points outside the plugin's folder; Mark-1 refuses it. Replace the link with the file it points to.`,
              { details: { source: from, entry: rel, target } },
            );
          }
          target = relative(join(root, relativeDir), resolved) || '.';
        }
        writer.symlink(rel, target);
      } else {
        throw registryError(
          RegistryErrorCodes.UNSAFE_ENTRY,
          `${from} holds ${rel}, which is a device file, FIFO or socket; plugins may only hold files, folders and links. Remove it and try again.`,
          { details: { source: from, entry: rel } },
        );
      }
    }
  };
  await walk('');
  writer.verifyLinks();
  return { files: budget.files, bytes: budget.bytes, skipped };
}
