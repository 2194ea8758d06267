import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Workspace packages and third-party dependencies stay imports, resolved from node_modules.
  external: [/^@mark1\//],
});
