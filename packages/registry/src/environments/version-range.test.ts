import { describe, expect, it } from 'vitest';
import { compareVersions, satisfiesRange } from './version-range';

describe('satisfiesRange', () => {
  it('reads Python and npm ranges', () => {
    expect(compareVersions('3.11.7', '3.9')).toBe(1);
    expect(satisfiesRange('3.11.7', '>=3.9')).toBe(true);
    expect(satisfiesRange('3.11.7', '>=3.12')).toBe(false);
    expect(satisfiesRange('3.11.7', '>=3.8,<3.11')).toBe(false);
    expect(satisfiesRange('3.11.7', '==3.11.*')).toBe(true);
    expect(satisfiesRange('3.11.7', '~=3.10')).toBe(true);
    expect(satisfiesRange('3.11.7', '~=3.10.2')).toBe(false);
    expect(satisfiesRange('20.20.2', '>=20')).toBe(true);
    expect(satisfiesRange('20.20.2', '^18.0.0')).toBe(false);
    expect(satisfiesRange('20.20.2', '>=18 <21')).toBe(true);
    expect(satisfiesRange('20.20.2', '^18 || ^20')).toBe(true);
  });
});
