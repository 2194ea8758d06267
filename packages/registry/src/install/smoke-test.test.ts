import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapabilitySchema, PluginManifestSchema, type ResolvedPlugin } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { matchesExpected, outputMatches, runSmokeTests, type SmokeTester } from './smoke-test';

const capability = CapabilitySchema.parse({
  name: 'draw',
  outputs: { chart: 'image', summary: 'json' },
  entry_point: { type: 'cli', command: ['true'] },
});

describe('expected outputs', () => {
  it('matches scalars exactly, objects by the keys expected, arrays item by item', () => {
    expect(matchesExpected({ label: 'mixed', score: -0.13 }, { label: 'mixed' })).toBe(true);
    expect(matchesExpected({ label: 'positive' }, { label: 'mixed' })).toBe(false);
    expect(matchesExpected([1, 2], [1, 2])).toBe(true);
    expect(matchesExpected([1, 2, 3], [1, 2])).toBe(false);
    expect(matchesExpected(0.1 + 0.2, 0.3)).toBe(true);
    expect(matchesExpected('5', 5)).toBe(false);
  });

  it('matches a file output by its name, or by the file the executor stored', () => {
    const artifact = join(mkdtempSync(join(tmpdir(), 'mark1-smoke-')), 'f0b7f08a');
    writeFileSync(artifact, '<svg/>');
    expect(outputMatches(capability, 'chart', artifact, 'chart.svg')).toBe(true);
    expect(outputMatches(capability, 'chart', '/out/chart.svg', 'chart.svg')).toBe(true);
    expect(outputMatches(capability, 'chart', '/nowhere/other.png', 'chart.svg')).toBe(false);
    expect(outputMatches(capability, 'summary', { bars: 3 }, { bars: 3 })).toBe(true);
  });
});

describe('runSmokeTests', () => {
  const manifest = PluginManifestSchema.parse({
    schema_version: '1.0',
    plugin: { name: 'smoky' },
    capabilities: [
      {
        name: 'good',
        entry_point: { type: 'cli', command: ['true'] },
        example: { inputs: { x: 1 }, expect: { y: 2 } },
      },
      {
        name: 'bad',
        entry_point: { type: 'cli', command: ['true'] },
        example: { inputs: { x: 1 }, expect: { y: 3 } },
      },
      { name: 'broken', entry_point: { type: 'cli', command: ['true'] }, example: { inputs: {} } },
      { name: 'untested', entry_point: { type: 'cli', command: ['true'] } },
    ],
  });
  const plugin: ResolvedPlugin = {
    id: 'id',
    name: 'smoky',
    version: '1',
    directory: '/x',
    manifest,
    environment: { kind: 'none', pathPrepend: [], variables: {}, secrets: {}, readOnlyPaths: [] },
  };

  it('runs each example once and reports mismatches and errors', async () => {
    const calls: string[] = [];
    const tester: SmokeTester = {
      async run(_plugin, capability, inputs) {
        calls.push(capability);
        if (capability === 'broken') throw new Error('exit code 1: boom');
        return { y: (inputs.x as number) + 1 };
      },
    };
    const report = await runSmokeTests(plugin, tester);
    expect(calls).toEqual(['good', 'bad', 'broken']);
    expect(report.status).toBe('failed');
    expect(report.results.map((result) => [result.capability, result.status])).toEqual([
      ['good', 'passed'],
      ['bad', 'failed'],
      ['broken', 'failed'],
    ]);
    expect(report.results[1]!.mismatches).toEqual(['y: expected 3, got 2']);
    expect(report.results[2]!.error).toBe('exit code 1: boom');
  });

  it('is skipped, with the reason, without an executor', async () => {
    expect(await runSmokeTests(plugin, undefined)).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/no executor .* 3 examples/),
      results: [],
    });
  });
});
