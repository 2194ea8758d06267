import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlugin, packagePlugin, SCAFFOLD_LANGUAGES, validatePlugin } from '../src/index';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
});
afterAll(() => harness?.close());

describe('plugin generate', () => {
  for (const language of SCAFFOLD_LANGUAGES) {
    it(`writes a ${language} plugin that validates, passes its own tests, packages and installs`, async () => {
      const generated = generatePlugin({
        name: `Word Tools ${language}`,
        language,
        cwd: harness.work,
      });
      expect(generated.name).toBe(`word-tools-${language}`);
      const report = await validatePlugin(generated.directory);
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
      expect(report.findings).toEqual([]);
      expect(report.scores).toEqual({ quality: 100, security: 100 });
      expect(report.certification).toBe('enterprise');

      const output = execFileSync(generated.testCommand[0]!, generated.testCommand.slice(1), {
        cwd: generated.directory,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(output).toMatch(language === 'python' ? /^$/ : /# pass 3\n# fail 0/);

      const packaged = await packagePlugin(generated.directory, {
        output: join(harness.work, 'dist'),
      });
      expect(packaged.file).toBe(join(harness.work, 'dist', `word-tools-${language}-0.1.0.tar.gz`));
      const result = await harness.registry.install(packaged.file);
      expect(result).toMatchObject({
        status: 'installed',
        plugin: { name: `word-tools-${language}` },
        environment: { kind: language === 'python' ? 'python' : 'node' },
      });
    }, 60_000);
  }

  it('runs the Python test suite for real: a broken function fails it', () => {
    const generated = generatePlugin({ name: 'broken-words', cwd: harness.work });
    writeFileSync(
      join(generated.directory, 'broken_words', 'main.py'),
      'def word_count(text, unique=False):\n    return {"count": -1}\n',
    );
    expect(() =>
      execFileSync(generated.testCommand[0]!, generated.testCommand.slice(1), {
        cwd: generated.directory,
        stdio: 'pipe',
      }),
    ).toThrow();
  });

  it('refuses a non-empty target folder', () => {
    const occupied = join(harness.work, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'keep.txt'), 'mine');
    expect(() => generatePlugin({ name: 'x', directory: occupied })).toThrow(
      expect.objectContaining({ code: 'TARGET_EXISTS' }),
    );
  });

  it('package refuses a plugin that does not validate, and leaves out environments', async () => {
    const generated = generatePlugin({ name: 'packaged', language: 'node', cwd: harness.work });
    mkdirSync(join(generated.directory, 'node_modules', 'junk'), { recursive: true });
    writeFileSync(join(generated.directory, 'node_modules', 'junk', 'index.js'), '');
    const packaged = await packagePlugin(generated.directory, {
      output: join(harness.work, 'packaged.tar.gz'),
    });
    const listing = execFileSync('tar', ['-tzf', packaged.file], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(listing).toContain('packaged-0.1.0/index.js');
    expect(listing.some((entry) => entry.includes('node_modules'))).toBe(false);
    writeFileSync(join(generated.directory, 'index.js'), 'export const other = 1;\n');
    await expect(
      packagePlugin(generated.directory, { output: join(harness.work, 'bad.tar.gz') }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/index\.js: .*exports no "wordCount"/),
    });
  });
});
