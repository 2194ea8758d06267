import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRepository } from '../src/index';
import { FIXTURES, copyFixture, scanFixture } from './helpers/fixtures';

/** Every fixture's capability candidates: name, where they come from, and how sure the scanner is. */
const EXPECTED: Record<string, string[]> = {
  'argparse-script': ['wordstats argparse 0.95'],
  'broken-syntax': ['good-function python-function 0.3'],
  'click-cli': ['todo-add click 0.86', 'todo-list click 0.86'],
  'crewai-crew': ['word-counter crewai-tool 0.6', 'research sys-argv 0.54'],
  'dependencies-zoo': ['zoo console-script 0.45'],
  'docs-only': [],
  'env-secrets': ['notify main-script 0.55'],
  'express-service': [
    'get-api-orders express-route 0.8',
    'get-api-orders-by-id express-route 0.8',
    'get-health express-route 0.8',
    'post-api-orders express-route 0.8',
  ],
  'fastapi-service': [
    'create-note fastapi-route 0.8',
    'delete-note fastapi-route 0.8',
    'read-note fastapi-route 0.8',
    'search-notes fastapi-route 0.8',
  ],
  'fire-tool': ['calc-add fire 0.85', 'calc-mean fire 0.85'],
  'js-cli-bin': [
    'imgsize-measure commander 0.95',
    'imgsize-report commander 0.95',
    'measure node-function 0.55',
    'report package-script 0.4',
  ],
  'langchain-agent': [
    'agent sys-argv 0.6',
    'calculator langchain-tool 0.6',
    'get-weather langchain-tool 0.6',
  ],
  'langgraph-graph': ['graph argparse 0.95'],
  'llm-calls': [
    'autopilot sys-argv 0.6',
    'ask-any python-function 0.45',
    'ask-claude python-function 0.45',
    'ask-local python-function 0.45',
    'ask-ollama python-function 0.45',
    'ask-raw python-function 0.45',
    'calculate python-function 0.45',
    'load-config python-function 0.45',
    'load-safe python-function 0.45',
    'load-state python-function 0.45',
    'run-shell python-function 0.45',
    'to-mp3 python-function 0.45',
  ],
  'odd-files': [
    'run-me argparse 0.9',
    'odd-files main-script 0.55',
    'greet python-function 0.4',
    'season python-function 0.4',
    'wide python-function 0.4',
  ],
  'plain-scripts': ['greet sys-argv 0.57', 'tasks main-script 0.55', 'cleanup readme-usage 0.5'],
  'ts-yargs-cli': ['csvtool-head yargs 0.77', 'csvtool-stats yargs 0.77'],
  'typed-library': [
    'slugify python-function 0.6',
    'summarize python-function 0.6',
    'word-count python-function 0.6',
    'describe python-function 0.45',
  ],
  'typer-app': ['imgtool-convert typer 0.95', 'imgtool-info typer 0.95'],
};

describe('capability candidates', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(readdirSync(FIXTURES).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const profile = await scanFixture(name);
    expect(profile.capabilities.map((c) => `${c.name} ${c.source} ${c.confidence}`)).toEqual(
      expected,
    );
    for (const candidate of profile.capabilities)
      expect(candidate.evidence.length).toBeGreaterThan(0);
  });

  it('runs a script the way the repository does: main guard, -m for package modules, -c for console scripts, bin for node', async () => {
    const invocation = async (fixture: string, name: string): Promise<unknown> =>
      (await scanFixture(fixture)).capabilities.find((c) => c.name === name)?.invocation;
    expect(await invocation('argparse-script', 'wordstats')).toEqual({
      kind: 'cli',
      command: ['python3', 'wordstats.py'],
      cwd: '.',
      subcommand: [],
    });
    expect(await invocation('click-cli', 'todo-add')).toEqual({
      kind: 'cli',
      command: ['python3', '-c', 'import sys; from todo_cli.cli import cli; sys.exit(cli())'],
      cwd: 'src',
      subcommand: ['add'],
    });
    expect(await invocation('crewai-crew', 'research')).toEqual({
      kind: 'cli',
      command: ['python3', '-c', 'import sys; from research_crew.main import run; sys.exit(run())'],
      cwd: '.',
      subcommand: [],
    });
    expect(await invocation('js-cli-bin', 'imgsize-report')).toEqual({
      kind: 'cli',
      command: ['node', 'bin/imgsize.js'],
      cwd: '.',
      subcommand: ['report'],
    });
    expect(await invocation('ts-yargs-cli', 'csvtool-stats')).toEqual({
      kind: 'cli',
      command: ['node', 'dist/cli.js'],
      cwd: '.',
      subcommand: ['stats'],
    });
    expect(await invocation('typed-library', 'slugify')).toEqual({
      kind: 'python_function',
      module: 'textkit.core',
      function: 'slugify',
    });
    expect(await invocation('js-cli-bin', 'measure')).toEqual({
      kind: 'node_function',
      module: './lib/measure.js',
      function: 'measure',
    });
    expect(await invocation('fastapi-service', 'read-note')).toEqual({
      kind: 'http',
      method: 'GET',
      path: '/notes/{note_id}',
      baseUrl: 'http://127.0.0.1:8080',
      start: ['python3', '-m', 'app.main'],
    });
  });

  it('turns option facts into typed inputs: paths, URLs, lists, switches, writable outputs, program-wide options', async () => {
    const typer = (await scanFixture('typer-app')).capabilities.find(
      (c) => c.name === 'imgtool-convert',
    )!;
    expect(
      typer.parameters.map((p) => ({
        name: p.name,
        type: p.type,
        dataType: p.dataType,
        required: p.required,
        writable: p.writable,
      })),
    ).toEqual([
      { name: 'source', type: 'string', dataType: 'file', required: true, writable: undefined },
      {
        name: 'output_dir',
        type: 'string',
        dataType: 'directory',
        required: false,
        writable: true,
      },
      { name: 'fmt', type: 'string', dataType: undefined, required: false, writable: undefined },
      {
        name: 'quality',
        type: 'integer',
        dataType: undefined,
        required: false,
        writable: undefined,
      },
      {
        name: 'strip_metadata',
        type: 'boolean',
        dataType: undefined,
        required: false,
        writable: undefined,
      },
    ]);
    const click = (await scanFixture('click-cli')).capabilities.find((c) => c.name === 'todo-add')!;
    expect(click.parameters.map((p) => `${p.name}${p.global ? ' (global)' : ''}`)).toEqual([
      'store (global)',
      'title',
      'priority',
      'tags',
    ]);
    const commander = (await scanFixture('js-cli-bin')).capabilities.find(
      (c) => c.name === 'imgsize-measure',
    )!;
    expect(commander.parameters[0]).toEqual({
      name: 'files',
      type: 'array',
      itemType: 'string',
      dataType: 'file',
      format: 'path',
      required: true,
      description: 'image files',
      binding: { kind: 'positional', index: 0, variadic: true },
    });
  });

  it('attaches README examples and reads parameters off them when the code does not declare any', async () => {
    const scripts = await scanFixture('plain-scripts');
    const tasks = scripts.capabilities.find((c) => c.name === 'tasks')!;
    expect(tasks.examples).toEqual(['python tasks.py add "buy milk" --due tomorrow']);
    expect(tasks.parameters.map((p) => `${p.name}:${p.type}:${p.binding.kind}`)).toEqual([
      'arg1:string:positional',
      'arg2:string:positional',
      'due:string:flag',
    ]);
    const cleanup = scripts.capabilities.find((c) => c.name === 'cleanup')!;
    expect(cleanup.parameters.map((p) => `${p.name}:${p.type}`)).toEqual([
      'days:integer',
      'dry_run:boolean',
    ]);
    expect(cleanup.evidence).toEqual([
      { file: 'README.md', line: 12, detail: 'python cleanup.py --days 30 --dry-run' },
    ]);
    const bin = await scanFixture('js-cli-bin');
    expect(bin.capabilities.find((c) => c.name === 'imgsize-measure')!.examples).toEqual([
      'npx imgsize measure a.png b.png --json',
    ]);
    expect(bin.capabilities.find((c) => c.name === 'imgsize-report')!.examples).toEqual([
      'imgsize report ./photos --output report.md',
    ]);
  });

  it('keeps the package API next to commands but lowers functions and development scripts that are not entry points', async () => {
    const bin = await scanFixture('js-cli-bin');
    // lib/measure.js is package.json `main`: a declared API, kept.
    expect(bin.dependencies.libraryEntries).toEqual(['lib/measure.js']);
    expect(bin.capabilities.find((c) => c.name === 'measure')?.confidence).toBe(0.55);
    expect(bin.capabilities.find((c) => c.name === 'report')?.notes).toContain(
      'The repository has commands or routes; its functions are offered only when asked for.',
    );
    const copy = copyFixture('fastapi-service');
    try {
      mkdirSync(join(copy.dir, 'scripts'));
      writeFileSync(
        join(copy.dir, 'scripts', 'seed.py'),
        'import argparse\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--count", type=int)\n    parser.parse_args()\n',
      );
      writeFileSync(
        join(copy.dir, 'app', 'helpers.py'),
        'def slug(text: str) -> str:\n    """Make a slug."""\n    return text.lower()\n',
      );
      const profile = await scanRepository(copy.dir, { workers: 0 });
      const byName = Object.fromEntries(profile.capabilities.map((c) => [c.name, c]));
      expect(byName.seed?.confidence).toBe(0.48);
      expect(byName.seed?.notes).toContain(
        "scripts/seed.py is development tooling next to the repository's own entry points.",
      );
      expect(byName.slug?.confidence).toBe(0.4);
      expect(byName['read-note']?.confidence).toBe(0.8);
    } finally {
      copy.cleanup();
    }
  });
});
