import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RepositoryProfile,
  classifyFile,
  decodeText,
  isIgnored,
  parseGitignore,
  scanRepository,
} from '../src/index';
import { copyFixture, scanFixture, temporaryFolder } from './helpers/fixtures';

describe('gitignore rules', () => {
  const rules = [
    ...parseGitignore(
      '# comment\n*.log\n!keep.log\nbuild/\n/only-root.txt\ndocs/**/*.tmp\n\\#literal\n',
      '',
    ),
    ...parseGitignore('secret.txt\n', 'sub'),
  ];
  it.each([
    ['app.log', false, true],
    ['keep.log', false, false],
    ['deep/x/app.log', false, true],
    ['build', true, true],
    ['build', false, false],
    ['only-root.txt', false, true],
    ['nested/only-root.txt', false, false],
    ['docs/a/b/c.tmp', false, true],
    ['docs/c.tmp', false, true],
    ['#literal', false, true],
    ['sub/secret.txt', false, true],
    ['secret.txt', false, false],
  ])('%s (directory: %s) ignored: %s', (path, directory, expected) => {
    expect(isIgnored(rules, path, directory)).toBe(expected);
  });
});

describe('file kinds and languages', () => {
  it.each([
    ['src/app.py', 'source'],
    ['tests/test_app.py', 'test'],
    ['src/app.test.ts', 'test'],
    ['conftest.py', 'test'],
    ['README.md', 'docs'],
    ['LICENSE', 'docs'],
    ['docs/notes.txt', 'docs'],
    ['requirements-dev.txt', 'build'],
    ['pyproject.toml', 'build'],
    ['Dockerfile', 'build'],
    ['docker-compose.yml', 'build'],
    ['config/settings.yaml', 'config'],
    ['.env.example', 'config'],
    ['vite.config.ts', 'config'],
    ['data/rows.csv', 'data'],
    ['model.safetensors', 'binary'],
    ['logo.png', 'binary'],
  ])('%s is %s', (path, kind) => {
    expect(classifyFile(path)).toBe(kind);
  });
});

describe('decoding', () => {
  it('honours a BOM, strict UTF-8, a Python coding line, then falls back to windows-1252', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
      text: 'a',
      encoding: 'utf-8',
      lossy: false,
    });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toEqual({
      text: 'a',
      encoding: 'utf-16le',
      lossy: false,
    });
    expect(decodeText(Buffer.from('# coding: latin-1\nx = "\xe9"\n', 'latin1'))).toEqual({
      text: '# coding: latin-1\nx = "é"\n',
      encoding: 'latin-1',
      lossy: false,
    });
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toEqual({
      text: 'café',
      encoding: 'windows-1252',
      lossy: true,
    });
    expect(decodeText(new Uint8Array([0x4d, 0x00, 0x01]))).toBeUndefined();
  });
});

describe('odd files', () => {
  let copy: { dir: string; cleanup: () => void };
  let profile: RepositoryProfile;

  beforeAll(async () => {
    copy = copyFixture('odd-files');
    // What git would not keep: ignored files, dependency folders, a virtualenv, a big file, a deep tree.
    mkdirSync(join(copy.dir, 'build-output'));
    writeFileSync(
      join(copy.dir, 'build-output', 'bundle.py'),
      'import os\nos.getenv("IGNORED_VAR")\n',
    );
    writeFileSync(join(copy.dir, 'debug.log'), 'noise');
    writeFileSync(join(copy.dir, 'keep.log'), 'kept');
    mkdirSync(join(copy.dir, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(join(copy.dir, 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;');
    mkdirSync(join(copy.dir, 'env', 'lib'), { recursive: true });
    writeFileSync(join(copy.dir, 'env', 'pyvenv.cfg'), 'home = /usr/bin');
    writeFileSync(join(copy.dir, 'env', 'lib', 'site.py'), 'x = 1');
    writeFileSync(join(copy.dir, 'huge.py'), `X = 1\n${'# padding\n'.repeat(400)}`);
    let deep = copy.dir;
    for (let level = 0; level < 12; level++) deep = join(deep, `d${level}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'bottom.py'), 'print("deep")\n');
    profile = await scanRepository(copy.dir, { workers: 0, maxFileBytes: 2048, maxDepth: 8 });
  });
  afterAll(() => copy.cleanup());

  it('lists files with kind and language; binaries by extension and by content', () => {
    expect(
      profile.files.map(
        (file) =>
          `${file.path} ${file.kind} ${file.language ?? '-'}${file.skipped ? ` skipped:${file.skipped}` : ''}${file.encoding ? ` ${file.encoding}` : ''}`,
      ),
    ).toEqual([
      '.gitignore config -',
      'README.md docs markdown',
      'app.py source python',
      'blob binary -',
      'huge.py source python skipped:too-large',
      'keep.log other -',
      'latin1.py source python latin-1',
      'logo.png binary -',
      'mojibake.py source python windows-1252',
      'run-me source python',
      'utf16.py source python utf-16le',
    ]);
    expect(profile.summary.ignored).toBe(4);
  });

  it('reports symbolic links without following them, flagging those that leave the repository', () => {
    expect(profile.symlinks).toEqual([
      { path: 'app-link.py', target: 'app.py', insideRoot: true, broken: false },
      { path: 'passwd-link', target: '/etc/passwd', insideRoot: false, broken: false },
      { path: 'up-link', target: '../../../../..', insideRoot: false, broken: false },
    ]);
    expect(
      profile.warnings.filter((w) => w.code === 'SYMLINK_OUTSIDE_ROOT').map((w) => w.file),
    ).toEqual(['passwd-link', 'up-link']);
    expect(JSON.stringify(profile)).not.toContain('root:x:0:0');
  });

  it('notes what it capped, decoded lossily or could not reach', () => {
    const byCode = (code: string): (string | undefined)[] =>
      profile.warnings.filter((w) => w.code === code).map((w) => w.file);
    expect(byCode('FILE_TOO_LARGE')).toEqual(['huge.py']);
    expect(byCode('ENCODING_FALLBACK')).toEqual(['mojibake.py']);
    expect(byCode('DEPTH_LIMIT')).toEqual(['d0/d1/d2/d3/d4/d5/d6/d7/d8']);
    expect(profile.environment.map((variable) => variable.name)).toEqual(['APP_MODE']);
  });

  it('parses decoded text: latin-1, windows-1252 and UTF-16 files keep their functions', () => {
    const functions = Object.fromEntries(
      profile.modules.map((module) => [module.path, module.functions.map((fn) => fn.name)]),
    );
    expect(functions).toEqual({
      'app.py': ['main'],
      'latin1.py': ['greet'],
      'mojibake.py': ['season'],
      'run-me': [],
      'utf16.py': ['wide'],
    });
    // The extension-less script is parsed because of its shebang.
    expect(profile.cliPrograms.map((program) => `${program.file} ${program.framework}`)).toEqual([
      'run-me argparse',
    ]);
  });
});

describe('edge repositories', () => {
  it('scans an empty folder', async () => {
    const empty = temporaryFolder();
    try {
      const profile = await scanRepository(empty.dir, { workers: 0 });
      expect(profile.files).toEqual([]);
      expect(profile.capabilities).toEqual([]);
      expect(profile.warnings).toEqual([]);
      expect(profile.summary).toMatchObject({ files: 0, bytes: 0 });
    } finally {
      empty.cleanup();
    }
  });

  it('scans a repository with only documentation', async () => {
    const profile = await scanFixture('docs-only');
    expect(profile.files.map((file) => `${file.path}:${file.kind}`)).toEqual([
      'README.md:docs',
      'docs/guide.md:docs',
    ]);
    expect(profile.readme?.title).toBe('handbook');
  });
});
