import { existsSync, mkdtempSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeQuietly, createSafeTreeWriter, safeRelativePath } from './safe-tree-writer';

describe('safeRelativePath', () => {
  it('normalizes harmless names and refuses traversal and absolute paths', () => {
    expect(safeRelativePath('./a//b/./c.txt', 'x.tar')).toBe('a/b/c.txt');
    expect(safeRelativePath('./', 'x.tar')).toBeUndefined();
    for (const name of [
      '../evil',
      'a/../../evil',
      '/etc/passwd',
      'C:/Windows/x',
      'a\\..\\..\\evil',
      'nul\u0000byte',
    ]) {
      expect(() => safeRelativePath(name, 'x.tar'), name).toThrow(
        expect.objectContaining({ code: 'UNSAFE_PATH' }),
      );
    }
  });
});

describe('createSafeTreeWriter', () => {
  it('allows links inside the root and refuses those that resolve outside, even through other links', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'mark1-writer-')), 'tree');
    const writer = createSafeTreeWriter(root, 'test');
    writer.directory('x');
    writer.symlink('x/up', '..');
    writer.symlink('inside', 'x/up');
    expect(readlinkSync(join(root, 'inside'))).toBe('x/up');
    expect(() => writer.symlink('escape', 'x/up/..')).toThrow(
      expect.objectContaining({ code: 'UNSAFE_LINK' }),
    );
    expect(() => writer.symlink('abs', '/etc')).toThrow(
      expect.objectContaining({ code: 'UNSAFE_LINK' }),
    );
    expect(() => writer.symlink('out', '../../elsewhere')).toThrow(
      expect.objectContaining({ code: 'UNSAFE_LINK' }),
    );
    expect(existsSync(join(root, 'escape'))).toBe(false);
  });

  it('never writes through a link that points outside, and never follows an existing link when creating a file', () => {
    const base = mkdtempSync(join(tmpdir(), 'mark1-writer-'));
    const root = join(base, 'tree');
    const writer = createSafeTreeWriter(root, 'test');
    // A link planted by something else (not through the writer) pointing outside.
    symlinkSync(base, join(root, 'planted'));
    expect(() => writer.openFile('planted/new-file', 0o644)).toThrow(
      expect.objectContaining({ code: 'UNSAFE_LINK' }),
    );
    expect(existsSync(join(base, 'new-file'))).toBe(false);
    writer.symlink('dangling', 'later.txt');
    const fd = writer.openFile('dangling', 0o755);
    closeQuietly(fd);
    expect(existsSync(join(base, 'later.txt'))).toBe(false);
    expect(existsSync(join(root, 'later.txt'))).toBe(false);
  });
});
