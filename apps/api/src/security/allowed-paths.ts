import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiErrorCodes, apiError } from '../errors/api-error-codes';

/** Checks paths named in requests against the folders the configuration allows. */
export interface PathGuard {
  /** The configured folders, resolved through symbolic links. */
  readonly roots: readonly string[];
  /**
   * The real path of `path` when it lies inside an allowed folder (after following symbolic links,
   * also of its missing tail's nearest existing parent); throws `PATH_NOT_ALLOWED` otherwise.
   * `what` names the field in the message.
   */
  confine(path: string, what: string): string;
  /**
   * An install source as the registry should get it: remote git URLs unchanged, `file://` URLs
   * and paths only when they lie inside an allowed folder.
   */
  confineSource(source: string): string;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The real path of `path`, resolving links in its longest existing prefix. */
function realPathOf(path: string): string {
  const tail: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(current), ...tail.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      tail.push(basename(current));
      current = parent;
    }
  }
}

function isInside(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A {@link PathGuard} over `roots` (absolute folders); with none, every path is refused. */
export function createPathGuard(roots: readonly string[]): PathGuard {
  const realRoots = roots.map((root) => realOrSelf(resolve(root)));
  const refuse = (what: string, path: string, reason: string) =>
    apiError(
      ApiErrorCodes.PATH_NOT_ALLOWED,
      realRoots.length === 0
        ? `${what} names a path (${path}), and this server reads no paths: set api.allowed_roots (MARK1_API_ALLOWED_ROOTS) to the folders it may read.`
        : `${what} (${path}) ${reason}; this server reads paths only under ${realRoots.join(', ')} (api.allowed_roots).`,
      { details: { path, allowedRoots: realRoots } },
    );

  const confine = (path: string, what: string): string => {
    if (realRoots.length === 0) throw refuse(what, path, 'is not allowed');
    if (!isAbsolute(path)) throw refuse(what, path, 'is not an absolute path');
    const real = realPathOf(path);
    if (!realRoots.some((root) => isInside(real, root))) {
      throw refuse(
        what,
        path,
        real === resolve(path)
          ? 'lies outside the allowed folders'
          : `leads to ${real}, outside the allowed folders`,
      );
    }
    return real;
  };

  return {
    roots: realRoots,
    confine,
    confineSource(source) {
      const trimmed = source.trim();
      if (/^(https|ssh):\/\//i.test(trimmed) || /^[\w.-]+@[\w.-]+:(?!\/\/)/.test(trimmed))
        return trimmed;
      if (/^file:\/\//i.test(trimmed)) {
        let path: string;
        try {
          path = fileURLToPath(trimmed);
        } catch {
          return trimmed;
        }
        confine(path, 'source');
        return trimmed;
      }
      // Other URL schemes (http://, git://) are the registry's to refuse, with its own message.
      if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(trimmed)) return trimmed;
      return confine(trimmed, 'source');
    },
  };
}
