import { describe, expect, it } from 'vitest';
import { buildCliArgs } from './cli-argv';

const scope = (inputs: Record<string, unknown>, secrets: Record<string, string> = {}) => ({
  inputs,
  secrets,
});

describe('buildCliArgs', () => {
  it('renders positionals, keeps a list value as one token per item, and drops a template for an absent value', () => {
    expect(
      buildCliArgs(
        ['${inputs.file}', '${inputs.files}', '${inputs.missing}', 'fixed', '--n=${inputs.n}'],
        scope({ file: 'a.txt', files: ['b', 'c'], n: 3 }),
        'x',
      ),
    ).toEqual(['a.txt', 'b', 'c', 'fixed', '--n=3']);
  });

  it('adds flags with values only when present, switches when their condition holds, repeats and joins', () => {
    const args = [
      { flag: '--quality', value: '${inputs.quality}' },
      { flag: '--absent', value: '${inputs.absent}' },
      { flag: '--verbose', when: '${inputs.verbose}' },
      { flag: '--quiet', when: 'inputs.quiet' },
      { flag: '--tag', value: '${inputs.tags}', repeat: true },
      { flag: '--ids', value: '${inputs.tags}' },
      { flag: '--level', value: '${inputs.level}', separator: '=' as const },
      { value: '${inputs.zero}' },
    ];
    expect(
      buildCliArgs(
        args,
        scope({
          quality: 80,
          verbose: true,
          quiet: false,
          tags: ['a', 'b'],
          level: 'max',
          zero: 0,
        }),
        'x',
      ),
    ).toEqual([
      '--quality',
      '80',
      '--verbose',
      '--tag',
      'a',
      '--tag',
      'b',
      '--ids',
      'a,b',
      '--level=max',
      '0',
    ]);
  });

  it('passes objects as JSON and shell syntax as plain text', () => {
    expect(
      buildCliArgs(
        ['${inputs.options}', '${inputs.text}'],
        scope({ options: { a: 1 }, text: '$(rm -rf /); `id`' }),
        'x',
      ),
    ).toEqual(['{"a":1}', '$(rm -rf /); `id`']);
  });

  it('fills secrets of the plugin and refuses one it does not have', () => {
    expect(
      buildCliArgs(
        [{ flag: '--token', value: '${secrets.TOKEN}' }],
        scope({}, { TOKEN: 't' }),
        'x',
      ),
    ).toEqual(['--token', 't']);
    expect(() =>
      buildCliArgs(['${secrets.OTHER}'], scope({}, { TOKEN: 't' }), 'plugin/cap'),
    ).toThrow(expect.objectContaining({ code: 'SECRET_NOT_AVAILABLE' }));
  });
});
