// Writes the JSON Schema files shipped in the package (schemas/*.json) from the zod schemas.
// Run with `npm run schemas -w packages/sdk`; a test fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestJsonSchema, workflowJsonSchema } from '../src/json-schemas';

const out = join(import.meta.dirname, '..', 'schemas');
writeFileSync(
  join(out, 'mark1.plugin.schema.json'),
  `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`,
);
writeFileSync(
  join(out, 'workflow.schema.json'),
  `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`,
);
console.log(`wrote ${out}/mark1.plugin.schema.json and workflow.schema.json`);
