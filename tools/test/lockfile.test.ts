import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// `npm ci` (the first step of CI) refuses a lockfile in which an optional dependency named by a
// locked package has no entry; `node tools/complete-lockfile.mjs` adds the missing ones.
it('locks every optional dependency of every locked package, so npm ci accepts the lockfile', () => {
  const lock = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../package-lock.json'), 'utf8'),
  ) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
      const nested = key ? `${key}/node_modules/${dependency}` : `node_modules/${dependency}`;
      if (!lock.packages[nested] && !lock.packages[`node_modules/${dependency}`])
        missing.push(`${dependency} (of ${key || 'the root'})`);
    }
  }
  expect(missing, 'run `node tools/complete-lockfile.mjs`').toEqual([]);
});
