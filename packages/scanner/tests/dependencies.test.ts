import { describe, expect, it } from 'vitest';
import { TomlSyntaxError, parseToml } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('dependency files', () => {
  it('reads every ecosystem with versions, scopes and sources', async () => {
    const { dependencies } = await scanFixture('dependencies-zoo');
    expect(
      dependencies.dependencies.map(
        (d) => `${d.ecosystem} ${d.scope} ${d.name} ${d.version ?? '*'} (${d.source})`,
      ),
    ).toEqual([
      'pypi runtime httpx >=0.27 (pyproject.toml)',
      'pypi optional rich >=13 (pyproject.toml)',
      'pypi dev ruff >=0.4 (pyproject.toml)',
      'pypi runtime click >=8 (setup.cfg)',
      'pypi runtime tomli * (setup.cfg)',
      'npm runtime lodash ^4.17.21 (package.json)',
      'npm dev vitest ^1.6.0 (package.json)',
      'npm peer react >=18 (package.json)',
      'pypi runtime flask * (Pipfile)',
      'pypi runtime gunicorn >=21 (Pipfile)',
      'pypi dev black ==24.4.2 (Pipfile)',
      'pypi runtime pydantic >=2 (requirements-base.txt)',
      'pypi dev pytest ==8.2.0 (requirements-dev.txt)',
      'pypi runtime requests >=2.31,<3 (requirements.txt)',
      'pypi runtime numpy ==1.26.4 (requirements.txt)',
      'pypi runtime black * (requirements.txt)',
      'cargo runtime serde 1.0 (Cargo.toml)',
      'cargo runtime tokio 1 (Cargo.toml)',
      'cargo dev criterion 0.5 (Cargo.toml)',
      'go runtime github.com/spf13/cobra v1.8.0 (go.mod)',
      'go dev golang.org/x/sys v0.20.0 (go.mod)',
      'rubygems runtime rails ~> 7.1 (Gemfile)',
      'rubygems dev rspec-rails * (Gemfile)',
    ]);
    expect(dependencies.dependencies.find((d) => d.name === 'requests')!.spec).toBe(
      'requests[socks]>=2.31,<3 ; python_version >= "3.8"',
    );
    expect(dependencies.dependencies.find((d) => d.name === 'tomli')!.spec).toBe(
      'tomli; python_version < "3.11"',
    );
    expect(dependencies).toMatchObject({
      manifests: [
        'Cargo.toml',
        'Gemfile',
        'Pipfile',
        'go.mod',
        'package.json',
        'pyproject.toml',
        'requirements-base.txt',
        'requirements-dev.txt',
        'requirements.txt',
        'setup.cfg',
      ],
      lockfiles: ['pnpm-lock.yaml'],
      python: '>=3.10',
      node: '>=20',
      packageManager: 'pnpm',
      scripts: [
        { name: 'zoo', target: 'zoo.cli:main', source: 'setup.cfg', kind: 'console-script' },
      ],
      project: { name: 'zoo', version: '0.0.1', description: 'Every dependency file at once' },
      problems: [],
    });
  });

  it('reads setup.py statically and Poetry metadata', async () => {
    const library = await scanFixture('typed-library');
    expect(library.dependencies).toMatchObject({
      python: '>=3.8',
      project: { name: 'textkit', version: '0.3.1', description: 'Small text utilities' },
    });
    expect(library.dependencies.dependencies.map((d) => `${d.scope} ${d.spec}`)).toEqual([
      'runtime regex>=2023.0',
      'optional pypdf>=3',
    ]);
    const crew = await scanFixture('crewai-crew');
    expect(crew.dependencies.dependencies.map((d) => `${d.scope} ${d.name} ${d.version}`)).toEqual([
      'runtime crewai ^0.28',
      'runtime crewai-tools ^0.1',
      'dev pytest ^8.0',
    ]);
    expect(crew.dependencies).toMatchObject({
      python: '>=3.10,<3.13',
      scripts: [{ name: 'research', target: 'research_crew.main:run', kind: 'console-script' }],
    });
  });

  it('reports a dependency file that does not parse and keeps the others', async () => {
    const { copyFixture } = await import('./helpers/fixtures');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { scanRepository } = await import('../src/index');
    const copy = copyFixture('typed-library');
    try {
      writeFileSync(join(copy.dir, 'pyproject.toml'), '[project]\nname = "broken\n');
      const profile = await scanRepository(copy.dir, { workers: 0 });
      expect(profile.dependencies.problems).toEqual([
        {
          file: 'pyproject.toml',
          line: 2,
          detail: 'could not be parsed: unterminated string (line 2)',
        },
      ]);
      expect(
        profile.warnings.filter((w) => w.code === 'MANIFEST_UNREADABLE').map((w) => w.file),
      ).toEqual(['pyproject.toml']);
      expect(profile.dependencies.project?.name).toBe('textkit');
    } finally {
      copy.cleanup();
    }
  });
});

describe('TOML', () => {
  it('reads tables, arrays of tables, dotted keys, strings of every kind, numbers, dates and inline tables', () => {
    const document = parseToml(
      [
        '# comment',
        'title = "TOML \\"quoted\\" \\u00e9"',
        "literal = 'C:\\path'",
        'multi = """',
        'one \\',
        '   two"""',
        "raw = '''",
        "line\\n'''",
        'int = 1_000',
        'hex = 0xff',
        'float = -3.5e2',
        'flag = true',
        'date = 1979-05-27T07:32:00Z',
        'list = [ 1, 2,',
        '  3, # trailing',
        ']',
        'site."google.com" = true',
        '[server]',
        'inline = { host = "localhost", port = 8080 }',
        '[[fruits]]',
        'name = "apple"',
        '[[fruits]]',
        'name = "banana"',
        '[fruits.color]',
        'shade = "yellow"',
      ].join('\n'),
    );
    expect(document).toEqual({
      title: 'TOML "quoted" é',
      literal: 'C:\\path',
      multi: 'one two',
      raw: 'line\\n',
      int: 1000,
      hex: 255,
      float: -350,
      flag: true,
      date: '1979-05-27T07:32:00Z',
      list: [1, 2, 3],
      site: { 'google.com': true },
      server: { inline: { host: 'localhost', port: 8080 } },
      fruits: [{ name: 'apple' }, { name: 'banana', color: { shade: 'yellow' } }],
    });
  });

  it('says where malformed TOML is wrong and keeps __proto__ as plain data', () => {
    expect(() => parseToml('a = 1\na = 2\n')).toThrow(
      new TomlSyntaxError('key "a" is defined twice', 2),
    );
    expect(() => parseToml('x = [1, 2\ny = 3')).toThrow(TomlSyntaxError);
    const document = parseToml('__proto__ = { polluted = true }\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(document)).toEqual(['__proto__']);
  });
});
