import { describe, expect, it } from 'vitest';
import { createColors } from './colors';
import { formatBytes, formatCell, formatSeconds } from './format';
import { renderRecords } from './table';

describe('colours', () => {
  it('colours only a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(createColors({ isTTY: true, env: {} }).red('x')).toContain('\u001b[');
    expect(createColors({ isTTY: false, env: {} }).red('x')).toBe('x');
    expect(createColors({ isTTY: true, env: { NO_COLOR: '1' } }).red('x')).toBe('x');
    expect(createColors({ isTTY: true, env: { TERM: 'dumb' } }).red('x')).toBe('x');
    expect(createColors({ isTTY: true, env: { NO_COLOR: '' } }).red('x')).toContain('\u001b[');
  });
});

describe('formatting', () => {
  it('shows nulls, objects and long text compactly', () => {
    expect(formatCell(null)).toBe('-');
    expect(formatCell({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatCell('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(formatCell('two\n  lines')).toBe('two lines');
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatSeconds(0.25)).toBe('250 ms');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(245)).toBe('4m 05s');
  });
});

describe('renderRecords', () => {
  const plain = createColors({ isTTY: false, env: {} });
  const rows = [{ id: 1, name: 'alpha', note: 'short' }];

  it('draws a table when it fits', () => {
    const text = renderRecords(['id', 'name', 'note'], rows, plain, 80);
    expect(text.split('\n')[0]).toMatch(/^┌/);
    expect(text).toContain('alpha');
  });

  it('falls back to one block per record when the table is wider than the terminal', () => {
    const text = renderRecords(['id', 'name', 'note'], rows, plain, 15);
    expect(text).toContain('── row 1 ──');
    expect(text).toMatch(/name\s+alpha/);
  });

  it('says when there are no rows', () => {
    expect(renderRecords(['id'], [], plain, 80)).toBe('(no rows)');
  });
});
