import { describe, expect, it } from 'vitest';
import { CliEntryPointSchema } from './entry-points';
import { renderCliArgs, renderCliArgv } from './cli-argv';

const entry = CliEntryPointSchema.parse({
  type: 'cli',
  command: ['python3', 'main.py'],
  args: [
    '${inputs.path}',
    { flag: '--text', value: '${inputs.text}', separator: '=' },
    { flag: '--top-n', value: '${inputs.top_n}' },
    { flag: '--verbose', when: '${inputs.verbose}' },
    { flag: '--tag', value: '${inputs.tags}', repeat: true },
    { flag: '--ids', value: '${inputs.tags}' },
  ],
});

describe('renderCliArgv', () => {
  it('fills flags and positionals, never splitting or quoting a value', () => {
    expect(
      renderCliArgv(entry, {
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
      '--ids',
      'p,q',
    ]);
  });

  it('drops tokens and flags whose value is absent, false or empty, and keeps 0', () => {
    expect(renderCliArgv(entry, { text: 'hi', top_n: 0, verbose: false, tags: '' })).toEqual([
      'python3',
      'main.py',
      '--text=hi',
      '--top-n',
      '0',
    ]);
  });

  it('spreads a whole-template list positional into tokens and writes objects as JSON', () => {
    const files = CliEntryPointSchema.parse({
      type: 'cli',
      command: ['cat'],
      args: ['${inputs.files}', '--opts=${inputs.opts}', 'fixed'],
    });
    expect(renderCliArgv(files, { files: ['a', null, 'b'], opts: { k: 1 } })).toEqual([
      'cat',
      'a',
      'b',
      '--opts={"k":1}',
      'fixed',
    ]);
  });
});

describe('renderCliArgs', () => {
  it('asks its templates for values and conditions, naming each argument', () => {
    const asked: string[] = [];
    const argv = renderCliArgs(
      ['${inputs.a}', { flag: '--b', when: 'inputs.b' }, 'plain'],
      {
        value: (text, where) => (asked.push(`${where} ${text}`), 'A'),
        holds: (text, where) => (asked.push(`${where} ${text}`), true),
      },
      'plugin/cap',
    );
    expect(argv).toEqual(['A', '--b', 'plain']);
    expect(asked).toEqual(['plugin/cap args[0] ${inputs.a}', 'plugin/cap args[1].when inputs.b']);
  });
});
