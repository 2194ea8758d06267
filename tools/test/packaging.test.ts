import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The publishable libraries are checked as users get them: packed with npm, linted by publint and
// @arethetypeswrong/cli, and, for the two packages third parties install alone (@mark1/sdk and
// @mark1/scanner), installed from their tarballs into an empty project and imported from ESM and
// CommonJS. Runs after the libraries are built (Nx: test dependsOn ^build).
const root = resolve(import.meta.dirname, '../..');
const libraries = ['sdk', 'storage', 'scanner', 'context', 'registry', 'planner', 'executor'];
const scratch = mkdtempSync(join(tmpdir(), 'mark1-packaging-'));
const tarballs = new Map<string, string>();

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_loglevel: 'error',
    },
  });
}

/** Packages installed under node_modules/@mark1 (folders with a package.json; build leftovers of native modules are not packages). */
function mark1Packages(project: string): string[] {
  const scope = join(project, 'node_modules', '@mark1');
  return readdirSync(scope)
    .filter((name) => existsSync(join(scope, name, 'package.json')))
    .sort();
}

function emptyProject(name: string): string {
  const dir = join(scratch, name);
  run('mkdir', ['-p', dir], scratch);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true }),
  );
  return dir;
}

beforeAll(() => {
  for (const library of libraries) {
    const out = run(
      'npm',
      ['pack', join(root, 'packages', library), '--pack-destination', scratch, '--json'],
      scratch,
    );
    const [packed] = JSON.parse(out) as { filename: string }[];
    tarballs.set(library, join(scratch, packed!.filename));
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(libraries)('@mark1/%s package', (library) => {
  it('passes publint', () => {
    const out = run('npx', ['publint', '--strict', tarballs.get(library)!], root);
    expect(out).toContain('All good!');
  });

  it('has correct types for every entry under every resolution mode (attw)', () => {
    const out = run('npx', ['attw', tarballs.get(library)!, '--format', 'json'], root);
    const report = JSON.parse(out) as { problems: unknown[] | Record<string, unknown[]> };
    const problems = Array.isArray(report.problems)
      ? report.problems
      : Object.values(report.problems).flat();
    expect(problems).toEqual([]);
  });
});

describe('installed alone from its tarball', () => {
  it('@mark1/sdk installs without any other @mark1 package and imports from ESM and CJS', () => {
    const dir = emptyProject('sdk');
    run('npm', ['install', tarballs.get('sdk')!], dir);
    expect(mark1Packages(dir)).toEqual(['sdk']);
    const esm = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { parseWorkflow, Mark1Error, definePlugin } from '@mark1/sdk';
         const { workflow } = parseWorkflow('name: w\\nsteps:\\n  - { id: a, plugin: p, capability: c }\\n');
         console.log(workflow.steps[0].id, typeof definePlugin, Mark1Error.isInstance(new Mark1Error('X', 'y')));`,
      ],
      dir,
    );
    expect(esm.trim()).toBe('a function true');
    const cjs = run(
      'node',
      [
        '-e',
        `const sdk = require('@mark1/sdk');
         const schema = require('@mark1/sdk/schemas/mark1.plugin.schema.json');
         console.log(typeof sdk.readManifest, schema.title);`,
      ],
      dir,
    );
    expect(cjs.trim()).toBe('function Mark-1 plugin manifest (mark1.plugin.yml, schema 1.0)');
  });

  it('@mark1/scanner installs with only @mark1/sdk beside it and imports from ESM and CJS', () => {
    const dir = emptyProject('scanner');
    run('npm', ['install', tarballs.get('sdk')!, tarballs.get('scanner')!], dir);
    expect(mark1Packages(dir)).toEqual(['scanner', 'sdk']);
    const esm = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { scanRepository, generateManifest } from '@mark1/scanner';
         console.log(typeof scanRepository, typeof generateManifest);`,
      ],
      dir,
    );
    expect(esm.trim()).toBe('function function');
    const cjs = run(
      'node',
      ['-e', `const s = require('@mark1/scanner'); console.log(typeof s.scanRepository);`],
      dir,
    );
    expect(cjs.trim()).toBe('function');
  });
});
