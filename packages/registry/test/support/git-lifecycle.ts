import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent } from '../../src/index';
import { commitAll, createRepository, git } from './git';
import { createHarness, type Engine, type Harness } from './harness';

function rewrite(path: string, from: string, to: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

/**
 * Installs, updates and rolls back a plugin across the tags of a real git repository (made here
 * with git init, commits and tags), by file:// URL and by path, on the given database engine.
 */
export function describeGitLifecycle(engine: Engine): void {
  describe(`git sources, versions and lifecycle (${engine})`, () => {
    let harness: Harness;
    let repo: string;
    let url: string;
    const commits: Record<string, string> = {};

    beforeAll(async () => {
      harness = await createHarness({ engine });
      repo = join(harness.work, 'greeter-repo');
      commits.v1 = createRepository(repo, 'py-greeter');
      git(repo, 'tag', 'v1.0.0');
      rewrite(join(repo, 'greeter/main.py'), 'f"Hello, {name}."', 'f"Hi, {name}."');
      rewrite(join(repo, 'mark1.plugin.yml'), 'version: 1.0.0', 'version: 1.1.0');
      rewrite(join(repo, 'mark1.plugin.yml'), 'greeting: "Hello, Ada."', 'greeting: "Hi, Ada."');
      commits.v11 = commitAll(repo, 'say hi');
      git(repo, 'tag', 'v1.1.0');
      rewrite(join(repo, 'greeter/main.py'), 'f"Hi, {name}."', 'f"Hey, {name}."');
      commits.main = commitAll(repo, 'say hey, same version');
      git(repo, 'checkout', '--quiet', '-b', 'broken', 'v1.1.0');
      rewrite(join(repo, 'mark1.plugin.yml'), 'function: greet', 'function: greet_everyone');
      rewrite(join(repo, 'mark1.plugin.yml'), 'version: 1.1.0', 'version: 2.0.0');
      commits.broken = commitAll(repo, 'point at a function that does not exist');
      git(repo, 'tag', 'v2.0.0');
      git(repo, 'checkout', '--quiet', 'main');
      url = pathToFileURL(repo).href;
    });
    afterAll(() => harness?.close());

    it('installs a tag by file:// URL: shallow clone, commit recorded, no .git kept', async () => {
      const events: InstallEvent[] = [];
      const result = await harness.registry.install(url, {
        ref: 'v1.0.0',
        onEvent: (event) => events.push(event),
      });
      expect(result).toMatchObject({
        status: 'installed',
        version: '1.0.0',
        source: { kind: 'git', ref: 'v1.0.0', commitSha: commits.v1 },
      });
      expect(result.path).toBe(join(harness.pluginsDir, 'py-greeter', '1.0.0'));
      expect(readFileSync(join(result.path, 'greeter/main.py'), 'utf8')).toContain('Hello');
      expect(existsSync(join(result.path, '.git'))).toBe(false);
      expect(existsSync(join(result.path, '.venv', 'bin', 'python'))).toBe(true);
      expect(
        events
          .filter((event) => event.type === 'step')
          .map((event) => (event as { step: string }).step),
      ).toEqual([
        'fetch',
        'manifest',
        'validate',
        'configure',
        'confirm',
        'environment',
        'environment',
        'smoke-test',
        'register',
      ]);
      expect(result.smokeTest).toMatchObject({
        status: 'skipped',
        reason: expect.stringMatching(/no executor/),
      });
      const info = await harness.registry.info('py-greeter');
      expect(
        info.versions.map((version) => [version.version, version.active, version.commitSha]),
      ).toEqual([['1.0.0', true, commits.v1]]);
      expect(info.ref).toBe('v1.0.0');
    });

    it('updates to a newer tag; the old version stays installed and the catalog moves', async () => {
      const result = await harness.registry.update('py-greeter', { ref: 'v1.1.0' });
      expect(result).toMatchObject({
        status: 'updated',
        version: '1.1.0',
        previousVersion: '1.0.0',
      });
      expect(existsSync(join(harness.pluginsDir, 'py-greeter', '1.0.0'))).toBe(true);
      const catalog = await harness.registry.catalog();
      expect(catalog.find('py-greeter', 'greet')?.pluginVersion).toBe('1.1.0');
      expect((await harness.registry.resolver().resolve('py-greeter')).directory).toBe(result.path);
      expect(await harness.rows()).toMatchObject({ plugins: 1, versions: 2, capabilities: 2 });
      const again = await harness.registry.update('py-greeter', { ref: 'v1.1.0' });
      expect(again.status).toBe('up-to-date');
      expect(await harness.rows()).toMatchObject({ versions: 2 });
    });

    it('rolls back instantly, and forward again with --to', async () => {
      const back = await harness.registry.rollback('py-greeter');
      expect(back).toMatchObject({ from: '1.1.0', to: '1.0.0' });
      const resolved = await harness.registry.resolver().resolve('py-greeter');
      expect(resolved.version).toBe('1.0.0');
      expect(readFileSync(join(resolved.directory, 'greeter/main.py'), 'utf8')).toContain('Hello');
      expect(resolved.manifest.capabilities[0]!.example?.expect).toEqual({
        greeting: 'Hello, Ada.',
      });
      expect((await harness.registry.list())[0]).toMatchObject({
        version: '1.0.0',
        certification: 'enterprise',
      });
      await expect(harness.registry.rollback('py-greeter')).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
        message: expect.stringMatching(/no version older than 1\.0\.0/),
      });
      const forward = await harness.registry.rollback('py-greeter', { to: '1.1.0' });
      expect(forward).toMatchObject({ from: '1.0.0', to: '1.1.0' });
      await expect(harness.registry.rollback('py-greeter', { to: '9.9.9' })).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
        message: expect.stringMatching(/1\.0\.0/),
      });
    });

    it('updating to an installed commit switches to that version without installing it again', async () => {
      const result = await harness.registry.update('py-greeter', { ref: 'v1.0.0' });
      expect(result).toMatchObject({
        status: 'switched',
        version: '1.0.0',
        previousVersion: '1.1.0',
      });
      expect(await harness.rows()).toMatchObject({ versions: 2 });
      await harness.registry.rollback('py-greeter', { to: '1.1.0' });
    });

    it('labels a new commit that did not bump the version with its hash', async () => {
      const result = await harness.registry.update('py-greeter', { ref: 'main' });
      expect(result.version).toBe(`1.1.0+${commits.main!.slice(0, 7)}`);
      expect(readFileSync(join(result.path, 'greeter/main.py'), 'utf8')).toContain('Hey');
      await harness.registry.rollback('py-greeter', { to: '1.1.0' });
    });

    it('an update that fails validation leaves the old version active and nothing behind', async () => {
      const before = await harness.rows();
      const error = await harness.registry
        .update('py-greeter', { ref: 'v2.0.0' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((error as Error).message).toMatch(
        /greeter\/main\.py: greet: .*no top-level function "greet_everyone"/,
      );
      expect(await harness.rows()).toEqual(before);
      expect((await harness.registry.resolver().resolve('py-greeter')).version).toBe('1.1.0');
      expect(existsSync(join(harness.pluginsDir, 'py-greeter', '2.0.0'))).toBe(false);
      expect(harness.leftovers()).toEqual(['py-greeter']);
    });

    it('says which refs exist when one is missing, and refuses refs that look like options', async () => {
      const missing = await harness.registry
        .update('py-greeter', { ref: 'v1.1' })
        .catch((caught: unknown) => caught);
      expect(missing).toMatchObject({ code: 'REF_NOT_FOUND' });
      expect((missing as Error).message).toMatch(/did you mean "v1\.1\.0"\?.*Known: .*v1\.0\.0/);
      for (const ref of ['--upload-pack=touch /tmp/pwned', '-b', 'a..b', 'x y']) {
        await expect(harness.registry.install(url, { ref })).rejects.toMatchObject({
          code: 'REF_INVALID',
        });
      }
      expect(harness.leftovers()).toEqual(['py-greeter']);
    });

    it('installs by local path with --ref, by an abbreviated commit, under another name', async () => {
      const byPath = await harness.registry.install(repo, {
        ref: 'v1.1.0',
        name: 'Greeter By Path',
      });
      expect(byPath).toMatchObject({
        status: 'installed',
        plugin: { name: 'greeter-by-path' },
        source: { kind: 'git', commitSha: commits.v11 },
      });
      const byCommit = await harness.registry.install(url, {
        ref: commits.v1!.slice(0, 7),
        name: 'greeter-by-commit',
      });
      expect(byCommit.source.commitSha).toBe(commits.v1);
      expect(readFileSync(join(byCommit.path, 'greeter/main.py'), 'utf8')).toContain('Hello');
      const duplicate = await harness.registry
        .install(url, { ref: 'v1.0.0' })
        .catch((caught: unknown) => caught);
      expect(duplicate).toMatchObject({
        code: 'PLUGIN_ALREADY_INSTALLED',
        message: expect.stringMatching(/mark1 plugin update py-greeter/),
      });
    });

    it('copies a local folder as it is (uncommitted changes included, with a warning)', async () => {
      writeFileSync(join(repo, 'NOTES.md'), 'uncommitted\n');
      const warnings: string[] = [];
      const copy = await harness.registry.install(repo, {
        name: 'greeter-copy',
        onEvent: (event) => event.type === 'warning' && warnings.push(event.message),
      });
      expect(copy.source).toMatchObject({ kind: 'folder', commitSha: commits.main, dirty: true });
      expect(existsSync(join(copy.path, 'NOTES.md'))).toBe(true);
      expect(existsSync(join(copy.path, '.git'))).toBe(false);
      expect(warnings.join()).toMatch(/uncommitted changes/);
    });

    it('disables, enables and uninstalls; the resolver and catalog follow', async () => {
      await harness.registry.disable('greeter-copy');
      await expect(harness.registry.resolver().resolve('greeter-copy')).rejects.toMatchObject({
        code: 'PLUGIN_DISABLED',
      });
      expect((await harness.registry.catalog()).plugins()).not.toContain('greeter-copy');
      await harness.registry.enable('greeter-copy');
      expect((await harness.registry.catalog()).plugins()).toContain('greeter-copy');
      await expect(harness.registry.resolver().resolve('greeter-cpy')).rejects.toMatchObject({
        code: 'PLUGIN_NOT_FOUND',
        message: expect.stringMatching(/did you mean "greeter-copy"/),
      });
      const removed = await harness.registry.uninstall('greeter-copy');
      expect(removed.path).toBe(join(harness.pluginsDir, 'greeter-copy'));
      expect(existsSync(removed.path)).toBe(false);
      expect((await harness.registry.list()).map((plugin) => plugin.name)).toEqual([
        'greeter-by-commit',
        'greeter-by-path',
        'py-greeter',
      ]);
    });

    it('never deletes a folder outside the plugins folder, whatever the database says', async () => {
      const victim = join(harness.work, 'victim');
      writeFileSync(victim, 'keep me');
      const plugin = (await harness.storage.plugins.getByName('greeter-by-commit'))!;
      await harness.storage.plugins.update(plugin.pluginId, { installationPath: victim });
      await expect(harness.registry.uninstall('greeter-by-commit')).rejects.toMatchObject({
        code: 'PATH_OUTSIDE_HOME',
      });
      expect(readFileSync(victim, 'utf8')).toBe('keep me');
      expect(await harness.storage.plugins.getByName('greeter-by-commit')).toBeDefined();
    });
  });
}
