import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('commander', () => {
  it('reads subcommands with arguments, options, requiredOption, parsers and --no- switches', async () => {
    const profile = await scanFixture('js-cli-bin');
    const [program] = profile.cliPrograms;
    expect(program).toMatchObject({
      framework: 'commander',
      file: 'bin/imgsize.js',
      name: 'imgsize',
      description: 'Measure image files',
    });
    expect(program!.commands.map((command) => command.path)).toEqual([['measure'], ['report']]);
    const [measure, report] = program!.commands;
    expect(measure!.description).toBe('Print the dimensions of images');
    expect(measure!.options).toEqual([
      {
        name: 'files',
        flags: [],
        positional: true,
        required: true,
        multiple: true,
        multipleStyle: 'list',
        isFlag: false,
        line: 11,
        help: 'image files',
      },
      {
        name: 'json',
        flags: ['--json', '-j'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: true,
        line: 12,
        valueType: 'boolean',
        default: false,
        help: 'print JSON',
      },
      {
        name: 'unit',
        flags: ['--unit'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 13,
        default: 'px',
        help: 'px or mm',
      },
    ]);
    expect(report!.options).toEqual([
      {
        name: 'dir',
        flags: [],
        positional: true,
        required: true,
        multiple: false,
        isFlag: false,
        line: 20,
      },
      {
        name: 'output',
        flags: ['--output', '-o'],
        positional: false,
        required: true,
        multiple: false,
        isFlag: false,
        line: 22,
        help: 'where to write the report',
      },
      {
        name: 'maxDepth',
        flags: ['--max-depth'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: false,
        line: 23,
        valueType: 'integer',
        default: 2,
        help: 'how deep to look',
      },
      {
        name: 'recursive',
        flags: ['--no-recursive'],
        positional: false,
        required: false,
        multiple: false,
        isFlag: true,
        line: 24,
        valueType: 'boolean',
        default: true,
        help: 'only the top folder',
      },
    ]);
  });

  it('reads the shared `program` of commander, chained', () => {
    const facts = analyzeSource(
      "import { program } from 'commander';\nprogram.option('-p, --port <number>', 'port', '8080').argument('<root>').parse();\n",
      'javascript',
    );
    expect(facts.cliPrograms).toHaveLength(1);
    expect(
      facts.cliPrograms[0]!.commands[0]!.options.map((o) => [
        o.name,
        o.positional,
        o.default ?? null,
      ]),
    ).toEqual([
      ['port', false, '8080'],
      ['root', true, null],
    ]);
  });
});

describe('yargs', () => {
  it('reads commands with builders, positionals merged from the command string, and global options', async () => {
    const profile = await scanFixture('ts-yargs-cli');
    const [program] = profile.cliPrograms;
    expect(program).toMatchObject({ framework: 'yargs', file: 'src/cli.ts', name: 'csvtool' });
    expect(
      program!.commands.map((command) => ({
        path: command.path,
        description: command.description,
        options: command.options.map(
          (o) =>
            `${o.positional ? '<pos>' : o.flags.join('|')} ${o.name}:${o.valueType ?? '-'}:${o.required}:${JSON.stringify(o.default ?? null)}`,
        ),
      })),
    ).toEqual([
      { path: [], description: undefined, options: ['--quiet|-q quiet:boolean:false:false'] },
      {
        path: ['stats'],
        description: 'Print per-column statistics of a CSV file',
        options: ['<pos> file:string:true:null', '--delimiter|-d delimiter:string:false:","'],
      },
      {
        path: ['head'],
        description: 'Print the first rows',
        options: ['<pos> file:-:true:null', '<pos> rows:number:false:5'],
      },
    ]);
  });
});
