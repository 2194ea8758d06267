import { describe, expect, it } from 'vitest';
import { CappedBuffer, LogCapture } from './output-capture';

describe('CappedBuffer', () => {
  it('keeps up to the limit and says when more came', () => {
    const buffer = new CappedBuffer(5);
    expect(buffer.push(Buffer.from('abc'))).toBe(true);
    expect(buffer.push(Buffer.from('defg'))).toBe(false);
    expect(buffer.exceeded).toBe(true);
    expect(buffer.toBuffer().toString()).toBe('abcde');
  });
});

describe('LogCapture', () => {
  it('forwards whole lines up to a count, keeps the head and the tail of the rest', () => {
    const lines: string[] = [];
    const log = new LogCapture({ maxBytes: 20, maxLines: 2, onLine: (line) => lines.push(line) });
    log.push(Buffer.from('first\nsec'));
    log.push(Buffer.from('ond\nthird\n'));
    log.push(Buffer.from('x'.repeat(50) + '\nthe end'));
    log.flush();
    expect(lines).toEqual(['first', 'second', "… further lines are kept in the step's log only"]);
    expect(log.text().startsWith('first\nsecond\nthird\nx')).toBe(true);
    expect(log.text()).toMatch(
      /… \d+ more bytes were not kept; the last of them:\n[\s\S]*the end$/,
    );
    expect(log.tailText().endsWith('the end')).toBe(true);
  });
});
