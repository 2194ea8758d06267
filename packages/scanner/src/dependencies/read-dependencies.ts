import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyProfile, Evidence } from '../profile/repository-profile';
import { readCargoToml } from './cargo-toml';
import { readGemfile } from './gemfile';
import { readGoMod } from './go-mod';
import type { ManifestReading } from './manifest-reading';
import { readPackageJson } from './package-json';
import { readPipfile } from './pipfile';
import { readPyprojectToml } from './pyproject-toml';
import { parseRequirementsTxt } from './requirements-txt';
import { readSetupCfg } from './setup-cfg';
import { readSetupPy } from './setup-py';
import { TomlSyntaxError } from './toml';

type Reader = (text: string, source: string) => ManifestReading;

/** Dependency files by name, most authoritative first (that order also picks the project's metadata). */
const READERS: readonly { name: RegExp; read: Reader }[] = [
  { name: /^pyproject\.toml$/, read: readPyprojectToml },
  { name: /^setup\.cfg$/, read: readSetupCfg },
  { name: /^setup\.py$/, read: readSetupPy },
  { name: /^package\.json$/, read: readPackageJson },
  { name: /^Pipfile$/, read: readPipfile },
  {
    name: /^requirements[\w.-]*\.txt$/i,
    read: (text, source) => ({
      dependencies: parseRequirementsTxt(text, source).dependencies,
      scripts: [],
    }),
  },
  { name: /^Cargo\.toml$/, read: readCargoToml },
  { name: /^go\.mod$/, read: readGoMod },
  { name: /^Gemfile$/, read: readGemfile },
];

const LOCKFILES: Record<string, DependencyProfile['packageManager'] | null> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lockb': 'bun',
  'bun.lock': 'bun',
  'poetry.lock': null,
  'Pipfile.lock': null,
  'uv.lock': null,
  'pdm.lock': null,
  'Cargo.lock': null,
  'go.sum': null,
  'Gemfile.lock': null,
};

/** Folders whose dependency files belong to tests, fixtures or examples rather than to the project. */
const FOREIGN_FOLDERS =
  /(^|\/)(tests?|__tests__|fixtures?|examples?|samples?|docs?|testdata|third_party|vendor)\//i;
const MAX_MANIFEST_DEPTH = 2;

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function depthOf(path: string): number {
  return path.split('/').length - 1;
}

/**
 * Reads the dependency files of a repository (at most two folders deep, not in tests, fixtures or
 * examples): requirements*.txt, pyproject.toml (PEP 621 and Poetry), setup.py, setup.cfg, Pipfile,
 * package.json, Cargo.toml, go.mod, Gemfile; lockfiles; `.python-version`, `runtime.txt`, `.nvmrc`.
 * A file that does not parse is reported in `problems` and the rest is still read.
 */
export function readDependencies(root: string, paths: readonly string[]): DependencyProfile {
  const profile: DependencyProfile = {
    dependencies: [],
    manifests: [],
    lockfiles: [],
    scripts: [],
    libraryEntries: [],
    problems: [],
  };
  const candidates = paths
    .filter((path) => depthOf(path) <= MAX_MANIFEST_DEPTH && !FOREIGN_FOLDERS.test(path))
    .sort(
      (a, b) => depthOf(a) - depthOf(b) || rank(nameOf(a)) - rank(nameOf(b)) || (a < b ? -1 : 1),
    );
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch (error) {
      profile.problems.push({
        file: path,
        detail: `could not be read: ${(error as Error).message}`,
      });
      return undefined;
    }
  };
  for (const path of candidates) {
    const name = nameOf(path);
    if (name in LOCKFILES) {
      profile.lockfiles.push(path);
      const manager = LOCKFILES[name];
      if (manager && !profile.packageManager) profile.packageManager = manager;
      continue;
    }
    if (
      depthOf(path) === 0 &&
      (name === '.python-version' ||
        name === 'runtime.txt' ||
        name === '.nvmrc' ||
        name === '.node-version')
    ) {
      const text = read(path)?.trim();
      if (!text) continue;
      if (name === '.nvmrc' || name === '.node-version')
        profile.node ??= text.split('\n')[0]!.replace(/^v/, '');
      else profile.python ??= text.split('\n')[0]!.replace(/^python-/, '');
      continue;
    }
    const reader = READERS.find((candidate) => candidate.name.test(name));
    if (!reader) continue;
    const text = read(path);
    if (text === undefined) continue;
    let reading: ManifestReading;
    try {
      reading = reader.read(text, path);
    } catch (error) {
      const where = error instanceof TomlSyntaxError ? { line: error.line } : {};
      profile.problems.push({
        file: path,
        ...where,
        detail: `could not be parsed: ${(error as Error).message}`,
      } as Evidence);
      continue;
    }
    profile.manifests.push(path);
    profile.dependencies.push(...reading.dependencies);
    profile.scripts.push(...reading.scripts);
    if (reading.python && !profile.python) profile.python = reading.python;
    if (reading.node && !profile.node) profile.node = reading.node;
    if (reading.packageManager) profile.packageManager = reading.packageManager;
    if (reading.project && Object.keys(reading.project).length > 0 && !profile.project)
      profile.project = reading.project;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const entry of reading.libraryEntries ?? [])
      profile.libraryEntries.push(`${folder}${entry}`);
  }
  profile.manifests.sort();
  profile.lockfiles.sort();
  return profile;
}

function rank(name: string): number {
  const index = READERS.findIndex((reader) => reader.name.test(name));
  return index < 0 ? READERS.length : index;
}
