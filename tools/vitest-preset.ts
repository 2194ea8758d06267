import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const workspaceRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * Conditions that make `@mark1/*` imports resolve to TypeScript sources inside the workspace.
 * Vitest hands the SSR conditions to Node as `--conditions` too, so they must not include `import`
 * or `module`: those would make `require()` inside CommonJS packages load ESM builds (pg requiring
 * pg-pool then crashes). Vite adds `import` for the modules it transforms by itself.
 */
const sourceConditions = ['@mark1/source', 'node', 'development|production'];

/**
 * The shared vitest configuration of every project: workspace packages resolve to source (no prior
 * build needed), and each run writes a JSON report under `reports/vitest/` that
 * `tools/run-tests.mjs` sums into the final `N passed, N failed` line.
 */
export function defineProjectConfig(
  projectDir: string,
  overrides: ViteUserConfig = {},
): ViteUserConfig {
  const projectRoot = relative(workspaceRoot, projectDir);
  const base = defineConfig({
    resolve: { conditions: ['@mark1/source', 'module', 'node', 'development|production'] },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@mark1/source'] } },
    test: {
      root: projectDir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**', '**/fixtures/**'],
      reporters: ['default', 'json'],
      outputFile: { json: resolve(workspaceRoot, 'reports/vitest', `${projectRoot}.json`) },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
  return mergeConfig(base, overrides);
}
