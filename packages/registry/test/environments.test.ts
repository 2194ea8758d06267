import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES } from './support/git';
import { createHarness, type Harness } from './support/harness';
import { buildWheel } from './support/wheel';

let harness: Harness;
let wheels: string;
beforeAll(async () => {
  harness = await createHarness();
  wheels = join(harness.work, 'wheels');
  mkdirSync(wheels);
  buildWheel(
    join(FIXTURES, 'wheel-src'),
    'm1fixture_slugify',
    'm1fixture-slugify',
    '1.0.0',
    wheels,
  );
});
afterAll(() => harness?.close());

describe('Python plugins', () => {
  it('get their own virtualenv with their requirements installed offline from a local wheel', async () => {
    const source = copyFixture('py-with-dep', join(harness.work, 'py-with-dep'));
    const result = await harness.registry.install(source, {
      yes: true,
      pip: { findLinks: [wheels], noIndex: true },
    });
    expect(result.environment).toMatchObject({
      kind: 'python',
      requested: ['-r requirements.txt'],
      installed: [{ name: 'm1fixture-slugify', version: '1.0.0' }],
      failed: [],
      skipped: [],
    });
    const resolved = await harness.registry.resolver().resolve('py-with-dep');
    expect(resolved.environment.pythonExecutable).toBe(join(result.path, '.venv', 'bin', 'python'));
    expect(resolved.environment.readOnlyPaths[0]).toBe(join(result.path, '.venv'));
    // The dependency is importable by the plugin's own interpreter, and only by it.
    const output = execFileSync(
      resolved.environment.pythonExecutable!,
      ['-c', 'from m1fixture_slugify import slugify; print(slugify("Hello, Mark One!"))'],
      { encoding: 'utf8' },
    );
    expect(output.trim()).toBe('hello-mark-one');
    expect(() =>
      execFileSync('python3', ['-c', 'import m1fixture_slugify'], { stdio: 'ignore' }),
    ).toThrow();
    await harness.registry.uninstall('py-with-dep');
  });

  it('asks consent before installing dependencies when there is no --yes, and lists what pip could not install', async () => {
    const source = copyFixture('py-with-dep', join(harness.work, 'py-with-dep-2'));
    const consent = await harness.registry
      .install(source, { pip: { findLinks: [wheels], noIndex: true } })
      .catch((error: unknown) => error);
    expect(consent).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { confirmations: ['dependencies'] },
    });
    expect((consent as Error).message).toMatch(
      /Install 1 dependency .*-r requirements\.txt.*--yes/s,
    );
    writeFileSync(
      join(source, 'requirements.txt'),
      'm1fixture-slugify==1.0.0\nm1fixture-absent==3.0\n',
    );
    const missing = await harness.registry
      .install(source, { yes: true, pip: { findLinks: [wheels], noIndex: true } })
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({
      code: 'DEPENDENCIES_FAILED',
      details: { failed: [{ requirement: 'm1fixture-absent==3.0' }] },
    });
    expect((missing as Error).message).toMatch(/--find-links DIR --no-index.*--no-deps/s);
    expect(await harness.rows()).toEqual({ plugins: 0, versions: 0, capabilities: 0, secrets: 0 });
    expect(harness.leftovers()).toEqual([]);
  });

  it('--no-deps installs without them and says so, in the install report and the health check', async () => {
    const source = copyFixture('py-with-dep', join(harness.work, 'py-with-dep-3'));
    const result = await harness.registry.install(source, { noDeps: true });
    expect(result.environment).toMatchObject({ installed: [], skipped: ['-r requirements.txt'] });
    expect(existsSync(join(result.path, '.venv', 'bin', 'python'))).toBe(true);
    const [health] = await harness.registry.healthCheck('py-with-dep');
    expect(health!.status).toBe('warning');
    expect(health!.checks.find((check) => check.check === 'dependencies')?.message).toMatch(
      /not installed \(--no-deps\): -r requirements\.txt/,
    );
    await harness.registry.uninstall('py-with-dep');
  });
});

describe('Node plugins', () => {
  it('get their dependencies from the npm registry into their own folder, without running install scripts', async () => {
    const source = copyFixture('node-with-dep', join(harness.work, 'node-with-dep'));
    const result = await harness.registry.install(source, { yes: true });
    expect(result.environment).toMatchObject({
      kind: 'node',
      requested: ['ms@2.1.3'],
      installed: [{ name: 'ms', version: '2.1.3' }],
      failed: [],
    });
    expect(result.environment?.notes.join()).toMatch(
      /install scripts were not run \(postinstall\)/,
    );
    expect(existsSync(join(result.path, 'postinstall-ran'))).toBe(false);
    expect(
      JSON.parse(readFileSync(join(result.path, 'node_modules', 'ms', 'package.json'), 'utf8'))
        .version,
    ).toBe('2.1.3');
    const resolved = await harness.registry.resolver().resolve('node-with-dep');
    expect(resolved.environment).toMatchObject({ kind: 'node', nodeExecutable: process.execPath });
    // The plugin runs with its own node_modules (run here only to prove the dependency is usable).
    const output = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { formatDuration } from ${JSON.stringify(join(result.path, 'index.js'))}; console.log(formatDuration({ milliseconds: 90000 }).text)`,
      ],
      { encoding: 'utf8' },
    );
    expect(output.trim()).toBe('2m');
    await harness.registry.uninstall('node-with-dep');
  }, 180_000);

  it('names the package npm could not find', async () => {
    const source = copyFixture('node-with-dep', join(harness.work, 'node-missing'));
    const json = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
    json.dependencies = { 'mark1-no-such-package-3f9a': '1.0.0' };
    writeFileSync(join(source, 'package.json'), JSON.stringify(json));
    const error = await harness.registry
      .install(source, { yes: true })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DEPENDENCIES_FAILED' });
    expect((error as Error).message).toMatch(/mark1-no-such-package-3f9a/);
    expect(harness.leftovers()).toEqual([]);
  }, 180_000);
});
