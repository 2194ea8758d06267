import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArtifactStore } from '@mark1/context';
import { type Capability, CapabilitySchema } from '@mark1/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOutputs } from './output-mapping';

let root: string;
let out: string;
const artifacts = () => createArtifactStore({ root: join(root, 'artifacts') });

function capability(outputs: Record<string, string>): Capability {
  return CapabilitySchema.parse({
    name: 'c',
    outputs,
    entry_point: { type: 'cli', command: ['true'] },
  });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mark1-mapping-'));
  out = join(root, 'out');
  mkdirSync(out);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('mapOutputs', () => {
  it('takes declared keys from an object, the whole value for one declared output, `result` for none', async () => {
    const map = (raw: unknown, outputs: Record<string, string>) =>
      mapOutputs(raw, capability(outputs), out, artifacts(), 'p/c', join(root, 'keep'));
    expect((await map({ a: 1, b: 2, extra: 3 }, { a: 'json', b: 'json' })).outputs).toEqual({
      a: 1,
      b: 2,
    });
    expect((await map({ x: 1 }, { data: 'json' })).outputs).toEqual({ data: { x: 1 } });
    expect((await map([1, 2], {})).outputs).toEqual({ result: [1, 2] });
    expect((await map(42, { label: 'text' })).outputs).toEqual({ label: '42' });
    await expect(map('text', { a: 'json', b: 'json' })).rejects.toMatchObject({
      code: 'OUTPUT_INVALID',
    });
    await expect(map({ label: { nested: true } }, { label: 'csv' })).rejects.toMatchObject({
      code: 'OUTPUT_INVALID',
    });
  });

  it('turns output-dir files into artifacts and file outputs into named links to them', async () => {
    writeFileSync(join(out, 'chart.svg'), '<svg/>');
    mkdirSync(join(out, 'extra'));
    writeFileSync(join(out, 'extra', 'notes.txt'), 'n');
    const mapped = await mapOutputs(
      { chart: 'chart.svg', count: 1 },
      capability({ chart: 'image', count: 'json' }),
      out,
      artifacts(),
      'p/c',
      join(root, 'keep'),
    );
    expect(mapped.files.map((file) => file.relativePath)).toEqual(['chart.svg', 'extra/notes.txt']);
    expect(mapped.outputs.chart).toBe(join(root, 'keep', 'chart.svg'));
    expect(statSync(mapped.outputs.chart as string).ino).toBe(statSync(mapped.files[0]!.path).ino);
    expect(mapped.files[0]!.path.startsWith(join(root, 'artifacts'))).toBe(true);
    expect(readFileSync(mapped.outputs.chart as string, 'utf8')).toBe('<svg/>');
  });

  it('finds an unnamed file output by its name or as the only file, and refuses paths outside the output dir', async () => {
    writeFileSync(join(out, 'report.md'), '# r');
    const byName = await mapOutputs(
      '',
      capability({ report: 'file' }),
      out,
      artifacts(),
      'p/c',
      join(root, 'keep'),
    );
    expect(byName.outputs.report).toBe(join(root, 'keep', 'report.md'));
    expect(readFileSync(byName.outputs.report as string, 'utf8')).toBe('# r');
    for (const escape of ['../secret.txt', '/etc/passwd']) {
      await expect(
        mapOutputs(
          { report: escape },
          capability({ report: 'file' }),
          out,
          artifacts(),
          'p/c',
          join(root, 'keep'),
        ),
      ).rejects.toMatchObject({
        code: 'OUTPUT_INVALID',
        message: expect.stringContaining('outside MARK1_OUTPUT_DIR'),
      });
    }
    await expect(
      mapOutputs(
        { report: 'missing.md' },
        capability({ report: 'file' }),
        out,
        artifacts(),
        'p/c',
        join(root, 'keep'),
      ),
    ).rejects.toMatchObject({
      code: 'OUTPUT_INVALID',
    });
  });

  it('keeps a directory output whole, outside the workspace', async () => {
    mkdirSync(join(out, 'site'));
    writeFileSync(join(out, 'site', 'index.html'), '<h1/>');
    const mapped = await mapOutputs(
      { site: 'site' },
      capability({ site: 'directory' }),
      out,
      artifacts(),
      'p/c',
      join(root, 'keep'),
    );
    expect(mapped.outputs.site).toBe(join(root, 'keep', 'site'));
    expect(readFileSync(join(mapped.outputs.site as string, 'index.html'), 'utf8')).toBe('<h1/>');
  });
});
