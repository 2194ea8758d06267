import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ArchiveEntry, writeZip } from './archives';

function recordHash(content: Buffer): string {
  return `sha256=${createHash('sha256').update(content).digest('base64url')}`;
}

function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(root, join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/**
 * Packs the Python package `packageDir` (under `sourceRoot`) into a real wheel in `outDir`: the
 * package files, and a `.dist-info` folder with METADATA, WHEEL and RECORD (sha256 of each file).
 * Returns the wheel's path. pip installs it offline with --find-links --no-index.
 */
export function buildWheel(
  sourceRoot: string,
  packageDir: string,
  distribution: string,
  version: string,
  outDir: string,
): string {
  const normalized = distribution.replace(/[-.]+/g, '_');
  const distInfo = `${normalized}-${version}.dist-info`;
  const files: [string, Buffer][] = filesUnder(sourceRoot, packageDir).map((file) => [
    relative(sourceRoot, join(sourceRoot, file)).split('\\').join('/'),
    readFileSync(join(sourceRoot, file)),
  ]);
  files.push([
    `${distInfo}/METADATA`,
    Buffer.from(
      `Metadata-Version: 2.1\nName: ${distribution}\nVersion: ${version}\nSummary: Mark-1 test fixture\n`,
    ),
  ]);
  files.push([
    `${distInfo}/WHEEL`,
    Buffer.from(
      'Wheel-Version: 1.0\nGenerator: mark1-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    ),
  ]);
  const record = [
    ...files.map(([name, content]) => `${name},${recordHash(content)},${content.length}`),
    `${distInfo}/RECORD,,`,
  ].join('\n');
  files.push([`${distInfo}/RECORD`, Buffer.from(`${record}\n`)]);
  const path = join(outDir, `${normalized}-${version}-py3-none-any.whl`);
  writeZip(
    path,
    files.map(([name, content]): ArchiveEntry => ({ name, content })),
  );
  return path;
}
