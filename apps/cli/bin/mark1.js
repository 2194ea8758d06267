#!/usr/bin/env node
// The `mark1` command: starts the built CLI, or says how to build it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: the mark1 CLI is not built yet; run `npm run build` first (in the repository root).\n',
  );
  process.exit(1);
}
await import(entry.href);
