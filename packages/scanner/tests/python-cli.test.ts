import { describe, expect, it } from 'vitest';
import { analyzeSource, extractArgparsePrograms, parseSource } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('argparse', () => {
  it('reads every add_argument of a script: types, defaults, choices, actions, help', async () => {
    const profile = await scanFixture('argparse-script');
    expect(profile.cliPrograms).toHaveLength(1);
    const program = profile.cliPrograms[0]!;
    expect(program).toMatchObject({
      framework: 'argparse',
      file: 'wordstats.py',
      variable: 'parser',
      entryFunction: 'main',
      parsesArguments: true,
      description: 'Count the words of a text file and print the most frequent ones.',
    });
    expect(program.commands).toHaveLength(1);
    expect(program.commands[0]!.options).toEqual([
      {
        name: 'input',
        flags: [],
        positional: true,
        required: true,
        multiple: false,
        isFlag: false,
        line: 18,
        valueType: 'path',
        typeText: 'pathlib.Path',
        help: 'text file to read',
      },
      {
        name: 'top',
        flags: ['--top', '-n'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 19,
        valueType: 'integer',
        typeText: 'int',
        default: 5,
        help: 'how many words to show (default: 5)',
      },
      {
        name: 'format',
        flags: ['--format'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 20,
        default: 'text',
        choices: ['text', 'json'],
        help: 'output format',
      },
      {
        name: 'keep_case',
        flags: ['--keep-case'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: true,
        line: 21,
        valueType: 'boolean',
        action: 'store_true',
        default: false,
        help: 'do not lowercase words',
      },
      {
        name: 'stopword',
        flags: ['--stopword'],
        positional: false,
        required: false,
        multiple: true,
        isFlag: false,
        line: 22,
        action: 'append',
        multipleStyle: 'repeat',
        default: [],
        help: 'a word to ignore (repeatable)',
      },
      {
        name: 'min_length',
        flags: ['--min-length'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 23,
        valueType: 'integer',
        typeText: 'int',
        help: 'ignore shorter words',
      },
    ]);
  });

  it('groups subparsers into commands and folds argument groups into their parser', () => {
    const model = parseSource(
      [
        'import argparse',
        'def build():',
        '    parser = argparse.ArgumentParser(prog="vault")',
        '    parser.add_argument("--verbose", "-v", action="count")',
        '    sub = parser.add_subparsers(dest="command")',
        '    put = sub.add_parser("put", help="Store a secret")',
        '    put.add_argument("key")',
        '    group = put.add_mutually_exclusive_group()',
        '    group.add_argument("--value")',
        '    group.add_argument("--from-file", type=argparse.FileType("r"))',
        '    get = sub.add_parser("get")',
        '    get.add_argument("key", nargs="?", default="default")',
        '    get.add_argument("--version", action="version", version="1")',
        '    return parser',
      ].join('\n'),
      'python',
    );
    const [program] = extractArgparsePrograms(model);
    // Built and returned, never parsed here: a parser factory.
    expect(program).toMatchObject({
      name: 'vault',
      entryFunction: 'build',
      variable: 'parser',
      parsesArguments: false,
    });
    expect(
      program!.commands.map((c) => ({
        path: c.path,
        description: c.description,
        options: c.options.map((o) => `${o.name}:${o.valueType ?? '-'}:${o.required}`),
      })),
    ).toEqual([
      { path: [], description: undefined, options: ['verbose:boolean:false'] },
      {
        path: ['put'],
        description: 'Store a secret',
        options: ['key:-:true', 'value:-:false', 'from_file:file:false'],
      },
      { path: ['get'], description: undefined, options: ['key:-:false'] },
    ]);
  });
});

describe('click', () => {
  it('reads a group, its global option and subcommands with their parameters', async () => {
    const profile = await scanFixture('click-cli');
    const [program] = profile.cliPrograms;
    expect(program).toMatchObject({
      framework: 'click',
      file: 'src/todo_cli/cli.py',
      variable: 'cli',
      entryFunction: 'cli',
      description: 'Keep a to-do list in a JSON file.',
    });
    const [root, add, list] = program!.commands;
    expect(root!.path).toEqual([]);
    expect(root!.options).toEqual([
      {
        name: 'store',
        flags: ['--store'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 17,
        valueType: 'file',
        typeText: 'click.Path(dir_okay=false)',
        default: 'todo.json',
        help: 'Where the list is kept.',
        envVar: 'TODO_STORE',
      },
    ]);
    expect(add).toMatchObject({
      path: ['add'],
      functionName: 'add',
      description: 'Add an item to the list.',
    });
    expect(add!.options).toEqual([
      {
        name: 'title',
        flags: [],
        positional: true,
        required: true,
        multiple: false,
        isFlag: false,
        line: 25,
      },
      {
        name: 'priority',
        flags: ['--priority', '-p'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 26,
        valueType: 'string',
        typeText: 'click.Choice(["low", "normal", "high"])',
        default: 'normal',
        choices: ['low', 'normal', 'high'],
        help: 'How urgent it is.',
      },
      {
        name: 'tags',
        flags: ['--tag'],
        positional: false,
        required: false,
        multiple: true,
        isFlag: false,
        line: 27,
        multipleStyle: 'repeat',
        help: 'A tag (repeatable).',
      },
    ]);
    expect(list).toMatchObject({ path: ['list'], functionName: 'list_items' });
    expect(
      list!.options.map((o) => [o.name, o.flags, o.negativeFlag, o.isFlag, o.default]),
    ).toEqual([
      ['done', ['--done'], '--pending', true, false],
      ['limit', ['--limit'], undefined, false, 10],
    ]);
  });
});

describe('typer', () => {
  it('reads commands from signatures: arguments, options, Annotated, enums, lists and bool pairs', async () => {
    const profile = await scanFixture('typer-app');
    const [program] = profile.cliPrograms;
    expect(program).toMatchObject({
      framework: 'typer',
      variable: 'app',
      entryFunction: 'app',
      description: 'Convert and inspect image files.',
    });
    const [convert, info] = program!.commands;
    expect(convert).toMatchObject({
      path: ['convert'],
      functionName: 'convert',
      description: 'Convert one image to another format.',
    });
    expect(
      convert!.options.map((o) => ({
        name: o.name,
        flags: o.flags,
        positional: o.positional,
        required: o.required,
        valueType: o.valueType,
        default: o.default,
        choices: o.choices,
        negativeFlag: o.negativeFlag,
      })),
    ).toEqual([
      {
        name: 'source',
        flags: [],
        positional: true,
        required: true,
        valueType: 'path',
        default: undefined,
        choices: undefined,
        negativeFlag: undefined,
      },
      {
        name: 'output_dir',
        flags: ['--output-dir', '-o'],
        positional: false,
        required: false,
        valueType: 'path',
        default: 'out',
        choices: undefined,
        negativeFlag: undefined,
      },
      {
        name: 'fmt',
        flags: ['--format'],
        positional: false,
        required: false,
        valueType: 'string',
        default: 'png',
        choices: ['png', 'jpeg', 'webp'],
        negativeFlag: undefined,
      },
      {
        name: 'quality',
        flags: ['--quality'],
        positional: false,
        required: false,
        valueType: 'integer',
        default: 85,
        choices: undefined,
        negativeFlag: undefined,
      },
      {
        name: 'strip_metadata',
        flags: ['--strip-metadata'],
        positional: false,
        required: false,
        valueType: 'boolean',
        default: false,
        choices: undefined,
        negativeFlag: '--no-strip-metadata',
      },
    ]);
    expect(info).toMatchObject({ path: ['info'], functionName: 'show_info' });
    expect(
      info!.options.map((o) => [o.name, o.positional, o.multiple, o.required, o.flags]),
    ).toEqual([
      ['paths', true, true, true, []],
      ['verbose', false, false, false, ['--verbose', '-v']],
    ]);
  });

  it('reads typer.run(main) as a one-command program', () => {
    const facts = analyzeSource(
      'import typer\n\ndef main(name: str, count: int = 1):\n    """Greet."""\n\ntyper.run(main)\n',
      'python',
    );
    expect(facts.cliPrograms).toEqual([
      {
        framework: 'typer',
        line: 6,
        variable: 'main',
        commands: [
          {
            path: [],
            line: 6,
            functionName: 'main',
            description: 'Greet.',
            options: [
              {
                name: 'name',
                flags: [],
                positional: true,
                required: true,
                multiple: false,
                isFlag: false,
                line: 3,
                valueType: 'string',
                typeText: 'str',
              },
              {
                name: 'count',
                flags: ['--count'],
                positional: false,
                required: false,
                multiple: false,
                isFlag: false,
                line: 3,
                valueType: 'integer',
                typeText: 'int',
                default: 1,
              },
            ],
          },
        ],
      },
    ]);
  });
});

describe('python-fire', () => {
  it('turns fire.Fire(Class) into one command per public method with constructor flags', async () => {
    const profile = await scanFixture('fire-tool');
    const [program] = profile.cliPrograms;
    expect(program).toMatchObject({ framework: 'fire', variable: 'Calculator' });
    expect(
      program!.commands.map((c) => ({
        path: c.path,
        description: c.description,
        options: c.options.map(
          (o) =>
            `${o.flags[0]}:${o.valueType}:${o.required}${o.negativeFlag ? `/${o.negativeFlag}` : ''}`,
        ),
      })),
    ).toEqual([
      {
        path: ['add'],
        description: 'Add two numbers.',
        options: ['--precision:integer:false', '--a:number:true', '--b:number:true'],
      },
      {
        path: ['mean'],
        description: 'Average of comma-separated numbers.',
        options: [
          '--precision:integer:false',
          '--values:string:true',
          '--strict:boolean:false/--nostrict',
        ],
      },
    ]);
  });
});

describe('sys.argv scripts', () => {
  it('reads positional sys.argv reads, optional when guarded by len(sys.argv)', async () => {
    const profile = await scanFixture('plain-scripts');
    const greet = profile.cliPrograms.find((program) => program.file === 'greet.py');
    expect(greet?.framework).toBe('sys-argv');
    expect(greet?.entryFunction).toBeUndefined();
    expect(greet!.commands[0]!.options.map((o) => [o.name, o.required])).toEqual([
      ['arg1', true],
      ['arg2', false],
    ]);
  });

  it('names the function that reads sys.argv so it can be called', async () => {
    const profile = await scanFixture('crewai-crew');
    expect(profile.cliPrograms).toEqual([
      expect.objectContaining({
        framework: 'sys-argv',
        file: 'research_crew/main.py',
        entryFunction: 'run',
      }),
    ]);
  });
});
