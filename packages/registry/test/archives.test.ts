import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveEntry, writeTar, writeZip } from './support/archives';
import { copyFixture } from './support/git';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
let outside: string;
beforeAll(async () => {
  harness = await createHarness({
    registry: { limits: { maxFiles: 200, maxBytes: 16 * 1024 * 1024 } },
  });
  outside = join(harness.work, 'outside');
  mkdirSync(outside);
});
afterAll(() => harness?.close());

const manifest =
  'schema_version: "1.0"\nplugin: { name: archived, description: An archived plugin }\ncapabilities:\n  - name: run\n    entry_point: { type: cli, command: [sh, run.sh] }\n';
const base: ArchiveEntry[] = [
  { name: 'archived/', type: 'directory' },
  { name: 'archived/mark1.plugin.yml', content: manifest },
  { name: 'archived/run.sh', content: 'echo hi\n', mode: 0o755 },
];

async function expectRefused(file: string, code: string, pattern?: RegExp): Promise<void> {
  const error = await harness.registry.install(file).catch((caught: unknown) => caught);
  expect(error, file).toMatchObject({ code });
  if (pattern) expect((error as Error).message).toMatch(pattern);
  expect(await harness.rows()).toEqual({ plugins: 0, versions: 0, capabilities: 0, secrets: 0 });
  expect(harness.leftovers()).toEqual([]);
}

describe('archives that are refused, leaving nothing behind', () => {
  it('path traversal and absolute paths (tar.gz, tar and zip)', async () => {
    const escape = join(outside, 'escaped.txt');
    const tarGz = join(harness.work, 'traversal.tar.gz');
    writeTar(tarGz, [...base, { name: 'archived/../../outside/escaped.txt', content: 'pwned' }], {
      gzip: true,
    });
    await expectRefused(tarGz, 'UNSAFE_PATH', /climbs out of the archive/);
    const absolute = join(harness.work, 'absolute.tar');
    writeTar(absolute, [...base, { name: escape, content: 'pwned' }]);
    await expectRefused(absolute, 'UNSAFE_PATH', /absolute path/);
    const zip = join(harness.work, 'traversal.zip');
    writeZip(zip, [...base, { name: '../outside/escaped.txt', content: 'pwned' }]);
    await expectRefused(zip, 'UNSAFE_PATH');
    const zipAbsolute = join(harness.work, 'absolute.zip');
    writeZip(zipAbsolute, [...base, { name: escape, content: 'pwned' }]);
    await expectRefused(zipAbsolute, 'UNSAFE_PATH');
    expect(existsSync(escape)).toBe(false);
  });

  it('symlinks and hard links pointing out, directly or through another link', async () => {
    const cases: [string, ArchiveEntry[]][] = [
      ['relative-link.tar', [{ name: 'archived/evil', type: 'symlink', target: '../../outside' }]],
      ['absolute-link.tar', [{ name: 'archived/passwd', type: 'symlink', target: '/etc/passwd' }]],
      [
        'chained-link.tar',
        [
          { name: 'archived/sub/', type: 'directory' },
          { name: 'archived/sub/up', type: 'symlink', target: '..' },
          { name: 'archived/escape', type: 'symlink', target: 'sub/up/..' },
        ],
      ],
      [
        'write-through-link.tar',
        [
          { name: 'archived/out', type: 'symlink', target: '../../outside' },
          { name: 'archived/out/escaped.txt', content: 'pwned' },
        ],
      ],
      ['hardlink.tar', [{ name: 'archived/shadow', type: 'hardlink', target: '/etc/shadow' }]],
      [
        'hardlink-traversal.tar',
        [{ name: 'archived/shadow', type: 'hardlink', target: '../../etc/shadow' }],
      ],
    ];
    for (const [name, extra] of cases) {
      const file = join(harness.work, name);
      writeTar(file, [...base, ...extra]);
      await expectRefused(file, 'UNSAFE_LINK', /points outside the plugin's folder/);
    }
    const zip = join(harness.work, 'link.zip');
    writeZip(zip, [
      ...base,
      { name: 'archived/evil', type: 'symlink', target: '../../../outside' },
    ]);
    await expectRefused(zip, 'UNSAFE_LINK');
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
  });

  it('device files and FIFOs', async () => {
    for (const [name, entry] of [
      ['device.tar', { name: 'archived/null', type: 'chardev' }],
      ['fifo.tar', { name: 'archived/pipe', type: 'fifo' }],
    ] as const) {
      const file = join(harness.work, name);
      writeTar(file, [...base, entry]);
      await expectRefused(file, 'UNSAFE_ENTRY');
    }
    const zip = join(harness.work, 'device.zip');
    writeZip(zip, [...base, { name: 'archived/null', type: 'chardev' }]);
    await expectRefused(zip, 'UNSAFE_ENTRY', /device file, FIFO or socket/);
  });

  it('bombs: too many files, a declared size over the cap, a gzip stream that inflates past it, an entry lying about its size', async () => {
    const many = join(harness.work, 'many.tar.gz');
    writeTar(
      many,
      [
        ...base,
        ...Array.from({ length: 250 }, (_, index) => ({
          name: `archived/f${index}.txt`,
          content: 'x',
        })),
      ],
      { gzip: true },
    );
    await expectRefused(many, 'SOURCE_TOO_LARGE', /more than 200 files/);

    const declared = join(harness.work, 'declared.zip');
    writeZip(declared, [
      ...base,
      { name: 'archived/huge.bin', content: 'small', declaredSize: 2 ** 31 },
    ]);
    await expectRefused(declared, 'SOURCE_TOO_LARGE', /unpacks to more than 16 MiB/);

    const gzipBomb = join(harness.work, 'zeros.tar.gz');
    writeTar(
      gzipBomb,
      [...base, { name: 'archived/zeros.bin', content: Buffer.alloc(40 * 1024 * 1024) }],
      { gzip: true },
    );
    await expectRefused(gzipBomb, 'SOURCE_TOO_LARGE');

    const lying = join(harness.work, 'lying.zip');
    writeZip(lying, [
      ...base,
      { name: 'archived/lies.bin', content: Buffer.alloc(100_000, 1), declaredSize: 10 },
    ]);
    await expectRefused(lying, 'SOURCE_TOO_LARGE', /inflates to more than its header declares/);
  });

  it('files that are not archives', async () => {
    const fake = join(harness.work, 'fake.tar.gz');
    writeFileSync(fake, 'this is not gzip');
    await expectRefused(fake, 'ARCHIVE_INVALID', /not a readable \.tar\.gz archive/);
    const fakeZip = join(harness.work, 'fake.zip');
    writeFileSync(fakeZip, 'PK but not really');
    await expectRefused(fakeZip, 'ARCHIVE_INVALID');
  });
});

describe('archives that install', () => {
  it('unwraps a single top folder, keeps links that stay inside, and drops setuid bits', async () => {
    const file = join(harness.work, 'good.tar.gz');
    writeTar(
      file,
      [
        ...base,
        { name: 'archived/docs/', type: 'directory' },
        { name: 'archived/docs/run-link', type: 'symlink', target: '../run.sh' },
        { name: 'archived/suid', content: 'x', mode: 0o4755 },
      ],
      { gzip: true },
    );
    const result = await harness.registry.install(file);
    expect(result).toMatchObject({
      status: 'installed',
      version: '0.1.0',
      source: { kind: 'archive' },
    });
    expect(existsSync(join(result.path, 'docs', 'run-link'))).toBe(true);
    const mode = Number(
      execFileSync('stat', ['-c', '%a', join(result.path, 'suid')], { encoding: 'utf8' }).trim(),
    );
    expect(mode).toBe(755);
    await harness.registry.uninstall('archived');
  });

  it('installs a zip of a real plugin', async () => {
    const folder = copyFixture('py-greeter', join(harness.work, 'zip-src'));
    const zip = join(harness.work, 'greeter.zip');
    execFileSync('python3', [
      '-c',
      `import shutil; shutil.make_archive(${JSON.stringify(zip.replace(/\.zip$/, ''))}, 'zip', ${JSON.stringify(folder)})`,
    ]);
    const result = await harness.registry.install(zip);
    expect(result.plugin.name).toBe('py-greeter');
    expect(result.validation?.certification).toBe('enterprise');
    await harness.registry.uninstall('py-greeter');
  });
});

describe('folders', () => {
  it('refuses a folder with a link pointing outside, or a FIFO', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'mark1-folder-')), 'plugin');
    mkdirSync(folder);
    writeFileSync(join(folder, 'mark1.plugin.yml'), manifest.replace('archived', 'foldered'));
    writeFileSync(join(folder, 'run.sh'), 'echo hi\n');
    symlinkSync('/etc/passwd', join(folder, 'passwd'));
    await expectRefused(folder, 'UNSAFE_LINK');
    execFileSync('rm', [join(folder, 'passwd')]);
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    await expectRefused(folder, 'UNSAFE_ENTRY');
  });
});
