import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema, workflowJsonSchema } from './json-schemas';

const root = join(import.meta.dirname, '..');
const ajv = new Ajv2020({ strict: false, allErrors: true });

describe('shipped JSON Schemas', () => {
  it('are up to date with the zod schemas (run `npm run schemas -w packages/sdk` when this fails)', () => {
    expect(
      JSON.parse(readFileSync(join(root, 'schemas/mark1.plugin.schema.json'), 'utf8')),
    ).toEqual(manifestJsonSchema());
    expect(JSON.parse(readFileSync(join(root, 'schemas/workflow.schema.json'), 'utf8'))).toEqual(
      workflowJsonSchema(),
    );
  });

  it('accept a native manifest written with shorthands, and reject a misspelt key', () => {
    const validate = ajv.compile(manifestJsonSchema());
    const manifest = parse(
      readFileSync(join(root, 'test/fixtures/manifests/native.mark1.plugin.yml'), 'utf8'),
    );
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    manifest.capabilities[0].entry_point.comand = ['x'];
    expect(validate(manifest)).toBe(false);
  });

  it('accept a workflow with seed-style step names and shorthands, and reject a bad retry', () => {
    const validate = ajv.compile(workflowJsonSchema());
    const workflow = {
      name: 'w',
      inputs: { file: 'csv', limit: { type: 'integer', default: 3 } },
      steps: [
        { name: 'a', plugin: 'p', capability: 'c', retry: 3, depends_on: 'b' },
        { id: 'b', plugin: 'p', capability: 'c', retry: { max_attempts: 2, backoff: 'fixed' } },
      ],
    };
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
    expect(
      validate({ ...workflow, steps: [{ id: 'a', plugin: 'p', capability: 'c', retry: 0 }] }),
    ).toBe(false);
    expect(validate({ ...workflow, steps: [{ plugin: 'p', capability: 'c' }] })).toBe(false);
  });
});
