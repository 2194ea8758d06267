import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSource } from './parse-source';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'mark1-source-'));
  mkdirSync(join(cwd, 'plugin'));
  writeFileSync(join(cwd, 'plugin.tar.gz'), '');
  writeFileSync(join(cwd, 'plugin.zip'), '');
  writeFileSync(join(cwd, 'notes.rar'), '');
});

const codeOf = (source: string, wantsGit = false) => {
  try {
    parseSource(source, { cwd, wantsGit });
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('parseSource', () => {
  it('classifies git URLs, folders and archives', () => {
    expect(parseSource('https://github.com/me/tool.git', { cwd })).toMatchObject({
      kind: 'git',
      transport: 'https',
      suggestedName: 'tool',
    });
    expect(parseSource('ssh://git@example.com/me/tool', { cwd })).toMatchObject({
      kind: 'git',
      transport: 'ssh',
    });
    expect(parseSource('git@github.com:me/other-tool.git', { cwd })).toMatchObject({
      kind: 'git',
      transport: 'ssh',
      suggestedName: 'other-tool',
    });
    expect(parseSource(pathToFileURL(join(cwd, 'plugin')).href, { cwd })).toMatchObject({
      kind: 'git',
      transport: 'file',
    });
    expect(parseSource('plugin', { cwd })).toMatchObject({
      kind: 'folder',
      path: join(cwd, 'plugin'),
    });
    expect(parseSource('./plugin', { cwd, wantsGit: true })).toMatchObject({
      kind: 'git',
      transport: 'local',
      url: join(cwd, 'plugin'),
    });
    expect(parseSource('plugin.tar.gz', { cwd })).toMatchObject({
      kind: 'archive',
      format: 'tar.gz',
      suggestedName: 'plugin',
    });
    expect(parseSource('plugin.zip', { cwd })).toMatchObject({ kind: 'archive', format: 'zip' });
  });

  it('refuses option injection and control characters', () => {
    expect(codeOf('--upload-pack=touch /tmp/pwned')).toBe('SOURCE_INVALID');
    expect(codeOf('-uevil')).toBe('SOURCE_INVALID');
    expect(codeOf('https://example.com/a\nb')).toBe('SOURCE_INVALID');
    expect(codeOf('   ')).toBe('SOURCE_INVALID');
    expect(codeOf('https://-oProxyCommand=evil/x')).toBe('SOURCE_INVALID');
  });

  it('refuses transports other than https, ssh, file and local paths', () => {
    for (const source of [
      'http://example.com/tool.git',
      'git://example.com/tool.git',
      'ext::sh -c touch% /tmp/pwned',
      'fd::17',
      'ftp://example.com/x',
    ]) {
      expect(codeOf(source), source).toBe('SOURCE_UNSUPPORTED');
    }
    expect(codeOf('https://example.com/plugin.tar.gz')).toBe('SOURCE_UNSUPPORTED');
    expect(codeOf('notes.rar')).toBe('SOURCE_UNSUPPORTED');
  });

  it('says which path does not exist', () => {
    expect(() => parseSource('./missing-plugin', { cwd })).toThrow(/missing-plugin does not exist/);
    expect(codeOf('./missing-plugin')).toBe('SOURCE_NOT_FOUND');
    expect(codeOf(pathToFileURL(join(cwd, 'nope')).href)).toBe('SOURCE_NOT_FOUND');
  });
});
