import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Mark1Error } from '@mark1/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathGuard } from './allowed-paths';

const base = mkdtempSync(join(tmpdir(), 'mark1-paths-'));
const allowed = join(base, 'allowed');
const outside = join(base, 'outside');
mkdirSync(join(allowed, 'repo'), { recursive: true });
mkdirSync(outside);
symlinkSync(outside, join(allowed, 'escape'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (Mark1Error.isInstance(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('createPathGuard', () => {
  const guard = createPathGuard([allowed]);

  it('lets paths inside an allowed folder through, existing or not', () => {
    expect(guard.confine(join(allowed, 'repo'), 'path')).toBe(join(allowed, 'repo'));
    expect(guard.confine(join(allowed, 'new', 'file.csv'), 'path')).toBe(
      join(allowed, 'new', 'file.csv'),
    );
    expect(guard.confine(allowed, 'path')).toBe(allowed);
  });

  it('refuses paths outside, dot-dot escapes, symbolic links out, and relative paths', () => {
    expect(codeOf(() => guard.confine(outside, 'path'))).toBe('PATH_NOT_ALLOWED');
    expect(codeOf(() => guard.confine(join(allowed, '..', 'outside'), 'path'))).toBe(
      'PATH_NOT_ALLOWED',
    );
    expect(codeOf(() => guard.confine(join(allowed, 'escape', 'x'), 'path'))).toBe(
      'PATH_NOT_ALLOWED',
    );
    expect(codeOf(() => guard.confine('repo', 'path'))).toBe('PATH_NOT_ALLOWED');
    expect(codeOf(() => guard.confine(`${allowed}-sibling`, 'path'))).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses every path when no folder is configured, and says how to allow one', () => {
    const none = createPathGuard([]);
    try {
      none.confine(join(allowed, 'repo'), 'path');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as Mark1Error).message).toContain('MARK1_API_ALLOWED_ROOTS');
    }
  });

  it('confines file:// and path sources but passes remote git URLs to the registry', () => {
    expect(guard.confineSource('https://github.com/a/b.git')).toBe('https://github.com/a/b.git');
    expect(guard.confineSource('git@github.com:a/b.git')).toBe('git@github.com:a/b.git');
    expect(guard.confineSource(pathToFileURL(join(allowed, 'repo')).href)).toBe(
      pathToFileURL(join(allowed, 'repo')).href,
    );
    expect(codeOf(() => guard.confineSource(pathToFileURL(outside).href))).toBe('PATH_NOT_ALLOWED');
    expect(codeOf(() => guard.confineSource(outside))).toBe('PATH_NOT_ALLOWED');
    expect(guard.confineSource(join(allowed, 'repo'))).toBe(join(allowed, 'repo'));
  });
});
