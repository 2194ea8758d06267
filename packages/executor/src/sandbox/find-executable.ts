import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** System folders searched after PATH for the sandbox's helper programs. */
const SYSTEM_BIN_DIRS = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of executable `name`: itself when absolute, else the first match in the
 * given PATH folders (then the system folders). Undefined when none is found.
 */
export function findExecutable(name: string, pathDirs: readonly string[] = []): string | undefined {
  if (isAbsolute(name)) return isExecutableFile(name) ? name : undefined;
  for (const dir of [...pathDirs, ...SYSTEM_BIN_DIRS]) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** PATH folders of a PATH string. */
export function splitPath(path: string | undefined): string[] {
  return (path ?? '').split(delimiter).filter((dir) => dir.length > 0);
}
