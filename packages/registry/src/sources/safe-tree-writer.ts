import {
  closeSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { errnoCode, registryError, RegistryErrorCodes } from '../errors';
import { isInside } from '../plugin-layout';

/**
 * Checks an entry name from an archive or folder and returns it as safe relative segments joined
 * with `/`, or `undefined` for the root itself (`./`). Throws `UNSAFE_PATH` for absolute paths,
 * drive letters, UNC paths and any `..` segment.
 */
export function safeRelativePath(name: string, source: string): string | undefined {
  const unsafe = (why: string): never => {
    throw registryError(
      RegistryErrorCodes.UNSAFE_PATH,
      `${source} holds an entry "${name}" that ${why}; Mark-1 refuses the whole archive (path traversal). Rebuild it with paths relative to the plugin's folder.`,
      { details: { source, entry: name } },
    );
  };
  if (name.includes('\u0000')) unsafe('contains a NUL byte');
  const normalized = name.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) unsafe('is an absolute path');
  const segments = normalized.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) unsafe('climbs out of the archive with ".."');
  return segments.length ? segments.join('/') : undefined;
}

/** Writes entries under one root, refusing anything that would land or point outside of it. */
export interface SafeTreeWriter {
  /** The root folder (created). */
  readonly root: string;
  /** Creates a folder (and its parents). */
  directory(path: string): void;
  /**
   * Creates a new regular file and returns its open descriptor (opened with O_EXCL, so an
   * existing symlink is never followed). Mode is reduced to rwx bits for the owner group/other.
   */
  openFile(path: string, mode: number | undefined): number;
  /** Creates a symbolic link, refusing targets that resolve outside the root. */
  symlink(path: string, target: string): void;
  /** Copies an earlier entry (`target`, a path inside the archive) to `path`: a hard link, made safe. */
  hardlink(path: string, target: string): void;
  /** After every entry is written: resolves every symlink and refuses any that escapes through a chain. */
  verifyLinks(): void;
}

function unsafeLink(source: string, entry: string, target: string): never {
  throw registryError(
    RegistryErrorCodes.UNSAFE_LINK,
    `${source} holds a link "${entry}" → "${target}" that points outside the plugin's folder; Mark-1 refuses it. Replace the link with the file it points to.`,
    { details: { source, entry, target } },
  );
}

/** A {@link SafeTreeWriter} rooted at `root` (an empty or missing folder); `source` names the origin in errors. */
export function createSafeTreeWriter(root: string, source: string): SafeTreeWriter {
  mkdirSync(root, { recursive: true });
  const realRoot = realpathSync.native(root);
  const links: string[] = [];

  const absolute = (path: string) => join(realRoot, ...path.split('/'));
  const inRoot = (real: string) => real === realRoot || isInside(realRoot, real);
  // Walks the parent folders one segment at a time from the root, creating missing ones and
  // following links only when they resolve inside the root, so nothing is ever created outside.
  const parentOf = (path: string): string => {
    const segments = path.split('/');
    const name = segments.pop()!;
    let current = realRoot;
    for (const segment of segments) {
      const next = join(current, segment);
      let stat;
      try {
        stat = lstatSync(next);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
        mkdirSync(next);
        current = next;
        continue;
      }
      if (stat.isSymbolicLink()) {
        const real = realpathSync.native(next);
        if (!inRoot(real)) unsafeLink(source, path, readlinkSync(next));
        if (!lstatSync(real).isDirectory()) unsafeLink(source, path, readlinkSync(next));
        current = real;
      } else if (stat.isDirectory()) {
        current = next;
      } else {
        throw registryError(
          RegistryErrorCodes.ARCHIVE_INVALID,
          `${source} uses the file ${segments.join('/')} as a folder (entry ${path}); rebuild the archive.`,
          { details: { source, entry: path } },
        );
      }
    }
    return join(current, name);
  };
  // Resolves a link target segment by segment through what exists on disk (a lexical resolve
  // would miss `a -> x/y/..` where x/y is itself a link).
  const physicalTarget = (location: string, target: string): string => {
    let current = dirname(location);
    for (const segment of target.split(/[\\/]+/)) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        current = dirname(current);
        continue;
      }
      current = join(current, segment);
      try {
        current = realpathSync.native(current);
      } catch {
        // not there (yet): keep the lexical path
      }
    }
    return current;
  };
  const clear = (target: string) => {
    try {
      const stat = lstatSync(target);
      if (stat.isDirectory()) {
        throw registryError(
          RegistryErrorCodes.ARCHIVE_INVALID,
          `${source} has a file and a folder with the same name (${relative(realRoot, target)}); rebuild the archive.`,
          { details: { source } },
        );
      }
      rmSync(target, { force: true });
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  };
  const checkTarget = (path: string, location: string, target: string) => {
    if (isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target)) unsafeLink(source, path, target);
    if (!inRoot(physicalTarget(location, target))) unsafeLink(source, path, target);
  };

  return {
    root: realRoot,
    directory(path) {
      parentOf(`${path}/.`);
    },
    openFile(path, mode) {
      const target = parentOf(path);
      clear(target);
      const safeMode = mode !== undefined && (mode & 0o111) !== 0 ? 0o755 : 0o644;
      return openSync(target, 'wx', safeMode);
    },
    symlink(path, target) {
      const location = parentOf(path);
      checkTarget(path, location, target);
      clear(location);
      symlinkSync(target, location);
      links.push(path);
    },
    hardlink(path, target) {
      let safeTarget: string | undefined;
      try {
        safeTarget = safeRelativePath(target, source);
      } catch {
        unsafeLink(source, path, target);
      }
      if (safeTarget === undefined) unsafeLink(source, path, target);
      const from = absolute(safeTarget);
      let realFrom: string;
      try {
        realFrom = realpathSync.native(from);
      } catch {
        throw registryError(
          RegistryErrorCodes.ARCHIVE_INVALID,
          `${source} holds a hard link "${path}" to "${target}", which is not an earlier file of the archive; rebuild the archive.`,
          { details: { source, entry: path, target } },
        );
      }
      if (!inRoot(realFrom) || !lstatSync(realFrom).isFile()) unsafeLink(source, path, target);
      const location = parentOf(path);
      clear(location);
      copyFileSync(realFrom, location);
    },
    verifyLinks() {
      for (const path of links) {
        const location = absolute(path);
        let real: string | undefined;
        try {
          real = realpathSync.native(location);
        } catch {
          real = undefined; // dangling: its target was checked lexically when it was made
        }
        if (real !== undefined && !inRoot(real)) {
          unsafeLink(source, path, readlinkSync(location));
        }
      }
    },
  };
}

/** Closes a descriptor, ignoring errors (used on failure paths). */
export function closeQuietly(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/**
 * Walks a finished tree and refuses (`UNSAFE_LINK`) any symbolic link that resolves outside
 * `root`, or, when dangling, whose target climbs out lexically; `UNSAFE_ENTRY` for device files,
 * FIFOs and sockets. Used on every fetched plugin, after an archive's top folder is unwrapped.
 */
export function verifyTree(root: string, source: string): void {
  const realRoot = realpathSync.native(root);
  const walk = (relativeDir: string) => {
    const directory = relativeDir ? join(realRoot, relativeDir) : realRoot;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const rel = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isSymbolicLink()) {
        const target = readlinkSync(path);
        let resolved: string;
        try {
          resolved = realpathSync.native(path);
        } catch {
          resolved = isAbsolute(target) ? target : join(directory, target);
        }
        if (isAbsolute(target) || (resolved !== realRoot && !isInside(realRoot, resolved)))
          unsafeLink(source, rel, target);
      } else if (!entry.isFile()) {
        throw registryError(
          RegistryErrorCodes.UNSAFE_ENTRY,
          `${source} holds ${rel}, which is a device file, FIFO or socket; plugins may only hold files, folders and links.`,
          { details: { source, entry: rel } },
        );
      }
    }
  };
  walk('');
}

/**
 * When `root` holds exactly one folder and nothing else (archives made with `tar czf x.tgz x/`),
 * that folder; else `root`.
 */
export function unwrapSingleFolder(root: string): string {
  const entries = readdirSync(root, { withFileTypes: true });
  if (entries.length === 1 && entries[0]!.isDirectory()) return join(root, entries[0]!.name);
  return root;
}
