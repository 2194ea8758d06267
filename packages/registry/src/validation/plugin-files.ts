import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_FOLDERS } from '../sources/tree-digest';

/**
 * Relative paths (with `/`) of the regular files of a plugin folder, sorted, leaving out
 * environment folders (`.venv`, `node_modules`, `.git`, caches) and never following links.
 */
export function listPluginFiles(root: string, limit = 50_000): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const entries = readdirSync(relative ? join(root, relative) : root, {
      withFileTypes: true,
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= limit) return;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ENVIRONMENT_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  walk('');
  return files;
}
