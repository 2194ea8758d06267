import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RepositoryProfile, type ScanOptions, scanRepository } from '../../src/index';

/** The folder of the fixture repositories. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Absolute path of a fixture repository. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

const profiles = new Map<string, Promise<RepositoryProfile>>();

/** Scans a fixture in the calling thread, once per test file (scans are deterministic). */
export function scanFixture(name: string, options: ScanOptions = {}): Promise<RepositoryProfile> {
  const key = `${name}:${JSON.stringify(options)}`;
  let profile = profiles.get(key);
  if (!profile) {
    profile = scanRepository(fixture(name), { workers: 0, ...options });
    profiles.set(key, profile);
  }
  return profile;
}

/** A temporary copy of a fixture (symlinks kept as links), removed by the returned `cleanup`. */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'mark1-scanner-'));
  const dir = join(parent, name);
  cpSync(fixture(name), dir, { recursive: true, verbatimSymlinks: true });
  return { dir, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/** A fresh temporary folder, removed by the returned `cleanup`. */
export function temporaryFolder(prefix = 'mark1-scanner-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A profile without its run information, for comparing two scans. */
export function withoutRunInfo(profile: RepositoryProfile): Omit<RepositoryProfile, 'scan'> {
  const { scan: _scan, ...rest } = profile;
  return rest;
}
