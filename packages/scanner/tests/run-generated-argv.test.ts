import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateManifest } from '../src/index';
import { withDefaults } from './helpers/argv';
import { type CliEntryPoint, renderCliArgv } from './helpers/sdk';
import { fixture, scanFixture, temporaryFolder } from './helpers/fixtures';

let python: string;
beforeAll(() => {
  // `python3` may be a pyenv shim; resolve the real interpreter once.
  python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
});

/** Runs a generated CLI capability of a fixture with some inputs, the way an executor would. */
async function runCapability(
  fixtureName: string,
  capabilityName: string,
  inputs: Record<string, unknown>,
  cwdOverride?: string,
): Promise<{ argv: string[]; stdout: string }> {
  const { manifest } = generateManifest(await scanFixture(fixtureName));
  const capability = manifest.capabilities.find((c) => c.name === capabilityName)!;
  const entry = capability.entry_point as CliEntryPoint;
  const argv = renderCliArgv(entry, withDefaults(capability.inputs.properties, inputs));
  const [program, ...args] = argv;
  const executable =
    program === 'python3' ? python : program === 'node' ? process.execPath : program!;
  const stdout = execFileSync(executable, args, {
    cwd: cwdOverride ?? join(fixture(fixtureName), entry.cwd ?? '.'),
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { argv, stdout };
}

describe('generated argv templates run the real programs', () => {
  it('runs the argparse script with a positional path, options, a repeated flag and a switch', async () => {
    const notes = join(fixture('argparse-script'), 'notes.txt');
    const run = await runCapability('argparse-script', 'wordstats', {
      input: notes,
      top: 2,
      format: 'json',
      stopword: ['and'],
    });
    expect(run.argv).toEqual([
      'python3',
      'wordstats.py',
      notes,
      '--top',
      '2',
      '--format',
      'json',
      '--stopword',
      'and',
    ]);
    expect(JSON.parse(run.stdout)).toEqual({
      total: 14,
      top: [
        ['the', 5],
        ['cat', 2],
      ],
    });
    const cased = await runCapability('argparse-script', 'wordstats', {
      input: notes,
      top: 1,
      format: 'json',
      keep_case: true,
    });
    expect(cased.argv).toContain('--keep-case');
    expect(JSON.parse(cased.stdout)).toEqual({ total: 16, top: [['the', 3]] });
  });

  it('runs the README example of the argparse script as written in the manifest', async () => {
    const { manifest } = generateManifest(await scanFixture('argparse-script'));
    const capability = manifest.capabilities[0]!;
    const argv = renderCliArgv(
      capability.entry_point as CliEntryPoint,
      withDefaults(capability.inputs.properties, capability.example!.inputs),
    );
    const stdout = execFileSync(python, argv.slice(1), {
      cwd: fixture('argparse-script'),
      encoding: 'utf8',
    });
    expect(JSON.parse(stdout).top).toEqual([
      ['the', 5],
      ['cat', 2],
      ['and', 2],
    ]);
  });

  describe('click subcommands through the console script target', () => {
    const store = temporaryFolder();
    afterAll(() => store.cleanup());

    it('adds and lists items with a global option before the subcommand', async () => {
      const path = join(store.dir, 'todo.json');
      const added = await runCapability('click-cli', 'todo-add', {
        store: path,
        title: 'Buy milk',
        priority: 'high',
        tags: ['home', 'shop'],
      });
      expect(added.stdout).toBe('added Buy milk\n');
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([
        { title: 'Buy milk', priority: 'high', tags: ['home', 'shop'], done: false },
      ]);
      const listed = await runCapability('click-cli', 'todo-list', { store: path, limit: 5 });
      expect(listed.argv.slice(3)).toEqual(['--store', path, 'list', '--pending', '--limit', '5']);
      expect(listed.stdout).toBe('Buy milk\n');
    });
  });

  it('runs a plain sys.argv script with positional arguments', async () => {
    const run = await runCapability('plain-scripts', 'greet', { arg1: 'Ada', arg2: '2' });
    expect(run.stdout).toBe('Hello, Ada!\nHello, Ada!\n');
  });

  const commanderAvailable = ((): boolean => {
    try {
      createRequire(join(fixture('js-cli-bin'), 'bin', 'imgsize.js')).resolve('commander');
      return true;
    } catch {
      return false;
    }
  })();

  it.runIf(commanderAvailable)(
    'runs the commander bin with a required option and a --no- switch',
    async () => {
      const run = await runCapability('js-cli-bin', 'imgsize-report', {
        dir: './photos',
        output: 'report.md',
        recursive: false,
      });
      expect(run.argv).toEqual([
        'node',
        'bin/imgsize.js',
        'report',
        './photos',
        '--output',
        'report.md',
        '--max-depth',
        '2',
        '--no-recursive',
      ]);
      expect(run.stdout).toBe('report of ./photos to report.md (depth 2, recursive false)\n');
    },
  );
});
