import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapabilityInputsSchema } from '@mark1/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareInputs, resolvePathInputs } from './input-values';

const dir = mkdtempSync(join(tmpdir(), 'mark1-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = CapabilityInputsSchema.parse({
  text: { type: 'string', required: true },
  count: { type: 'integer', default: 2, minimum: 1 },
  mode: { type: 'string', enum: ['fast', 'slow'] },
  photo: { type: 'string', data_type: 'image' },
  out: { type: 'string', format: 'path', writable: true },
  many: { type: 'array', items: { type: 'string', format: 'file-path' } },
});

describe('prepareInputs', () => {
  it('applies defaults and lists every problem at once', () => {
    expect(prepareInputs(schema, { text: 'hi' }, 'p/c')).toEqual({ text: 'hi', count: 2 });
    expect(() => prepareInputs(schema, { count: 0, mode: 'medium', stray: 1 }, 'p/c')).toThrow(
      expect.objectContaining({
        code: 'STEP_INPUT_INVALID',
        details: {
          problems: [
            expect.stringContaining('"stray" is not an input'),
            '"text" is required',
            '"count" must be at least 1',
            expect.stringContaining('"mode" must be one of "fast", "slow"'),
          ],
        },
      }),
    );
  });
});

describe('resolvePathInputs', () => {
  writeFileSync(join(dir, 'a.png'), 'png');
  writeFileSync(join(dir, 'b.txt'), 'b');
  chmodSync(join(dir, 'b.txt'), 0o600);

  it('resolves paths against the caller, mounts them read-only unless writable, and leaves URLs alone', () => {
    const resolved = resolvePathInputs(
      schema,
      { photo: 'a.png', out: join(dir, 'b.txt'), many: ['a.png', 'https://example.com/x'] },
      dir,
    );
    expect(resolved.inputs).toEqual({
      photo: join(dir, 'a.png'),
      out: join(dir, 'b.txt'),
      many: [join(dir, 'a.png'), 'https://example.com/x'],
    });
    expect(resolved.mounts).toEqual([
      { path: join(dir, 'a.png'), writable: false },
      { path: join(dir, 'b.txt'), writable: true },
      { path: join(dir, 'a.png'), writable: false },
    ]);
  });

  it('fails clearly for a missing path, and for one the sandbox uid could not use', () => {
    expect(() => resolvePathInputs(schema, { photo: 'nope.png' }, dir)).toThrow(
      expect.objectContaining({ code: 'INPUT_PATH_NOT_FOUND' }),
    );
    expect(() => resolvePathInputs(schema, { out: join(dir, 'b.txt') }, dir, 4242424)).toThrow(
      expect.objectContaining({
        code: 'INPUT_PATH_NOT_FOUND',
        message: expect.stringContaining('chmod o+w'),
      }),
    );
  });
});
