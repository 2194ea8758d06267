import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExecutorErrorCodes, executorError } from '../errors';

/** Where the shims shipped with the package are. */
export interface ShimPaths {
  /** The folder holding them (mounted read-only in every sandbox that runs a function). */
  readonly dir: string;
  /** The Python function shim. */
  readonly python: string;
  /** The Node function shim. */
  readonly node: string;
}

const PYTHON_SHIM = 'mark1_shim.py';
const NODE_SHIM = 'mark1-shim.mjs';

let located: ShimPaths | undefined;

/**
 * Finds the `shims/` folder of `@mark1/executor` from this module's location: `src/shims/` in the
 * workspace, `dist/` once built (tsup bundles this module into `dist/index.*`). Both layouts have
 * `shims/` at the package root.
 */
export function locateShims(): ShimPaths {
  if (located) return located;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(dir, 'shims');
    if (existsSync(join(candidate, PYTHON_SHIM)) && existsSync(join(candidate, NODE_SHIM))) {
      located = {
        dir: candidate,
        python: join(candidate, PYTHON_SHIM),
        node: join(candidate, NODE_SHIM),
      };
      return located;
    }
    dir = dirname(dir);
  }
  throw executorError(
    ExecutorErrorCodes.INTERNAL,
    `The function shims (${PYTHON_SHIM}, ${NODE_SHIM}) are missing next to @mark1/executor (looked upwards from ${fileURLToPath(import.meta.url)}); reinstall the package.`,
  );
}
