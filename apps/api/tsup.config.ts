import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/write-openapi.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  // The OpenAPI document is generated from the built routes, so docs/openapi.json always matches them.
  async onSuccess() {
    execFileSync(
      process.execPath,
      ['dist/write-openapi.js', resolve(import.meta.dirname, '../../docs/openapi.json')],
      { stdio: 'inherit' },
    );
  },
});
