import { describe, expect, it } from 'vitest';
import { failedRequirements } from './python-environment';

const ESC = String.fromCharCode(27);

describe('failedRequirements', () => {
  it('reads each requirement pip could not satisfy once, even from coloured output', () => {
    const output = [
      `${ESC}[31mERROR: Could not find a version that satisfies the requirement m1fixture-absent==3.0${ESC}[0m${ESC}[31m (from versions: none)${ESC}[0m`,
      `${ESC}[31mERROR: No matching distribution found for m1fixture-absent==3.0${ESC}[0m${ESC}[31m${ESC}[0m`,
    ].join('\n');
    expect(failedRequirements(output, ['m1fixture-absent==3.0'])).toEqual([
      {
        requirement: 'm1fixture-absent==3.0',
        reason:
          'no matching distribution found (not on the index or find-links, or no wheel for this platform)',
      },
    ]);
  });

  it('blames every requested requirement with the tail of the output when pip says nothing specific', () => {
    expect(failedRequirements('Killed\n', ['a', 'b'])).toEqual([
      { requirement: 'a', reason: 'Killed' },
      { requirement: 'b', reason: 'Killed' },
    ]);
  });
});
