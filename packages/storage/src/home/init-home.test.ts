import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mark1Error } from '@mark1/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { StorageErrorCodes } from '../errors';
import { temporaryFolder } from '../../test/support/sqlite';
import { initHome } from './init-home';

let scratch: ReturnType<typeof temporaryFolder>;
beforeEach(() => {
  scratch = temporaryFolder('mark1-home-');
});
afterEach(() => scratch.remove());

describe('initHome', () => {
  it('creates the layout and a config.yaml of commented defaults', () => {
    const home = join(scratch.path, 'home');
    const loaded = loadConfig({ env: { MARK1_HOME: home } });
    const result = initHome(loaded);
    expect(result.configFileCreated).toBe(true);
    for (const folder of [
      home,
      loaded.layout.pluginsDir,
      loaded.layout.artifactsDir,
      loaded.layout.runsDir,
    ]) {
      expect(existsSync(folder)).toBe(true);
    }
    expect(result.createdFolders).toContain(loaded.layout.runsDir);
    const reloaded = loadConfig({ env: { MARK1_HOME: home } });
    expect(reloaded.file.exists).toBe(true);
    expect(reloaded.config).toEqual(loaded.config);
  });

  it('never overwrites an existing config.yaml and is idempotent', () => {
    const home = join(scratch.path, 'home');
    initHome(loadConfig({ env: { MARK1_HOME: home } }));
    writeFileSync(join(home, 'config.yaml'), 'ollama:\n  model: mine\n');
    const second = initHome(loadConfig({ env: { MARK1_HOME: home } }));
    expect(second.configFileCreated).toBe(false);
    expect(second.createdFolders).toEqual([]);
    expect(readFileSync(join(home, 'config.yaml'), 'utf8')).toBe('ollama:\n  model: mine\n');
  });

  it('says clearly when the home cannot be created', () => {
    const blocker = join(scratch.path, 'a-file');
    writeFileSync(blocker, 'not a folder');
    try {
      initHome(loadConfig({ env: { MARK1_HOME: join(blocker, 'home') } }));
      throw new Error('expected an error');
    } catch (error) {
      if (!Mark1Error.isInstance(error)) throw error;
      expect(error.code).toBe(StorageErrorCodes.HOME_NOT_WRITABLE);
      expect(error.message).toContain(blocker);
      expect(error.message).toContain('--home');
    }
  });
});
