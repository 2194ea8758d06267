import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildOpenApiDocument } from './server/openapi-document';

// Run by the build (tsup onSuccess): writes the document to the path given, docs/openapi.json.
const target = resolve(process.argv[2] ?? 'openapi.json');
const document = await buildOpenApiDocument();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(
  `wrote ${target} (${Object.keys((document.paths ?? {}) as object).length} paths)\n`,
);
