import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides every occurrence of each secret in nested strings, longest first', () => {
    expect(
      redactSecrets({ a: 'token=abcdef;', b: ['abcdefgh', 3], c: { d: 'xabcx' } }, [
        'abc',
        'abcdefgh',
      ]),
    ).toEqual({
      a: 'token=[secret]def;',
      b: ['[secret]', 3],
      c: { d: 'x[secret]x' },
    });
  });

  it('leaves values alone when there are no secrets (or only trivially short ones)', () => {
    const value = { a: 'ab' };
    expect(redactSecrets(value, ['ab'])).toBe(value);
  });
});
