// The harness stands in for the executor, so its argv rendering and output mapping are tested
// against the rules the executor follows.
import { CliEntryPointSchema } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { capabilityOf, loadPlugin, mapOutputs, renderArgv, withDefaults } from './harness.ts';

describe('renderArgv', () => {
  const entry = CliEntryPointSchema.parse({
    type: 'cli',
    command: ['python3', 'main.py'],
    args: [
      '${inputs.path}',
      { flag: '--text', value: '${inputs.text}', separator: '=' },
      { flag: '--top-n', value: '${inputs.top_n}' },
      { flag: '--verbose', when: '${inputs.verbose}' },
      { flag: '--tag', value: '${inputs.tags}', repeat: true },
    ],
  });

  it('fills flags and positionals, never splitting a value', () => {
    expect(
      renderArgv(entry, {
        path: 'a b.txt',
        text: '-x; rm -rf /',
        top_n: 3,
        verbose: true,
        tags: ['p', 'q'],
      }),
    ).toEqual([
      'python3',
      'main.py',
      'a b.txt',
      '--text=-x; rm -rf /',
      '--top-n',
      '3',
      '--verbose',
      '--tag',
      'p',
      '--tag',
      'q',
    ]);
  });

  it('drops tokens and flags whose value is absent', () => {
    expect(renderArgv(entry, { text: 'hi' })).toEqual(['python3', 'main.py', '--text=hi']);
  });
});

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
