// The harness stands in for the executor (argv by the sdk's renderCliArgv), so its output mapping is
// tested against the rules the executor follows.
import { describe, expect, it } from 'vitest';
import { capabilityOf, loadPlugin, mapOutputs, withDefaults } from './harness.ts';

describe('mapOutputs', () => {
  const capability = capabilityOf(loadPlugin('text-sentiment'));
  const single = capabilityOf(loadPlugin('readability'));

  it('takes outputs from an object keyed by their names', () => {
    expect(
      mapOutputs(capability, { sentiment: { score: 1 }, label: 'positive', extra: 1 }),
    ).toEqual({
      sentiment: { score: 1 },
      label: 'positive',
    });
  });

  it('gives the whole value to a single declared output', () => {
    expect(mapOutputs(single, { words: 4 })).toEqual({ readability: { words: 4 } });
    expect(() => mapOutputs(capability, { words: 4 })).toThrow(/names none of the outputs/);
  });

  it('fills defaults the way the executor does', () => {
    const themes = capabilityOf(loadPlugin('text-themes'));
    expect(withDefaults(themes, { text: 'x' })).toEqual({ text: 'x', top_n: 5 });
    expect(withDefaults(themes, { text: 'x', top_n: 2 })).toEqual({ text: 'x', top_n: 2 });
  });
});
