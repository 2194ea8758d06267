import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Folders left out of digests, scans and packages: installed environments and caches. */
export const ENVIRONMENT_FOLDERS = new Set([
  '.git',
  'node_modules',
  '.venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
]);

/**
 * A SHA-256 of a folder's content: every file's relative path, mode class and bytes, and every
 * link's target, in sorted order, skipping environment folders. Two copies of the same plugin give
 * the same digest wherever they are.
 */
export function digestTree(root: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    const directory = relative ? join(root, relative) : root;
    const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ENVIRONMENT_FOLDERS.has(entry.name)) continue;
        hash.update(`d ${path}\n`);
        walk(path);
      } else if (entry.isSymbolicLink()) {
        hash.update(`l ${path} ${readlinkSync(join(root, path))}\n`);
      } else if (entry.isFile()) {
        const content = readFileSync(join(root, path));
        hash.update(`f ${path} ${content.length}\n`);
        hash.update(content);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}
