import { describe, expect, it } from 'vitest';
import { stem } from './porter-stemmer';

describe('stem (Porter 1980)', () => {
  // Pairs from Porter's paper, one or more per step of the algorithm.
  const reference: Record<string, string> = {
    caresses: 'caress',
    ponies: 'poni',
    cats: 'cat',
    agreed: 'agre',
    plastered: 'plaster',
    motoring: 'motor',
    conflated: 'conflat',
    hopping: 'hop',
    falling: 'fall',
    filing: 'file',
    happy: 'happi',
    relational: 'relat',
    digitizer: 'digit',
    vietnamization: 'vietnam',
    hopefulness: 'hope',
    sensibiliti: 'sensibl',
    formalize: 'formal',
    electrical: 'electr',
    allowance: 'allow',
    adjustment: 'adjust',
    adoption: 'adopt',
    effective: 'effect',
    probate: 'probat',
    controll: 'control',
    generalizations: 'gener',
    oscillators: 'oscil',
  };

  it.each(Object.entries(reference))('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('brings the forms of a request verb together', () => {
    expect(new Set(['analyze', 'analyzes', 'analyzing', 'analyzed'].map(stem))).toEqual(
      new Set(['analyz']),
    );
    expect(stem('statistics')).toBe(stem('statistic'));
  });

  it('leaves words of one or two letters alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('x')).toBe('x');
  });
});
