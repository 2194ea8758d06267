import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry so the built package can start it by file next to index.js.
  entry: { index: 'src/index.ts', 'scan-worker': 'src/parallel/scan-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url locates the worker file; the CommonJS build needs it shimmed.
  shims: true,
  external: [
    'tree-sitter',
    'tree-sitter-python',
    'tree-sitter-javascript',
    'tree-sitter-typescript',
  ],
});
