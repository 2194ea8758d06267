import { describe, expect, it } from 'vitest';
import { analyzeSource, extractJsStructure, parseSource } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('Python structure', () => {
  it('reads functions with parameters, annotations, defaults, docstrings (Google, Sphinx, NumPy) and decorators', async () => {
    const profile = await scanFixture('typed-library');
    const core = profile.modules.find((module) => module.path === 'textkit/core.py')!;
    expect(core.moduleName).toBe('textkit.core');
    expect(core.functions.map((fn) => fn.name)).toEqual([
      'slugify',
      'word_count',
      'summarize',
      'describe',
      'untyped',
      '_normalize',
    ]);
    const [slugify, wordCount, summarize] = core.functions;
    expect(slugify).toEqual({
      name: 'slugify',
      qualifiedName: 'slugify',
      line: 6,
      endLine: 15,
      async: false,
      kind: 'function',
      topLevel: true,
      public: true,
      parameters: [
        {
          name: 'text',
          kind: 'positional',
          optional: false,
          annotation: 'str',
          description: 'The title to convert.',
        },
        {
          name: 'separator',
          kind: 'positional',
          optional: true,
          annotation: 'str',
          defaultText: '"-"',
          default: '-',
          description: 'What joins the words.',
        },
        {
          name: 'max_length',
          kind: 'positional',
          optional: true,
          annotation: 'Optional[int]',
          defaultText: 'None',
          default: null,
          description: 'Cut the slug to this many characters.',
        },
      ],
      returns: 'str',
      docstring:
        'Turn a title into a URL slug.\n\nArgs:\n    text: The title to convert.\n    separator: What joins the words.\n    max_length (int): Cut the slug to this many characters.',
      decorators: [],
    });
    expect(wordCount!.parameters.map((p) => p.description)).toEqual([
      'the text to count',
      'count each distinct word once',
    ]);
    expect(summarize!.parameters.map((p) => [p.name, p.annotation, p.description ?? null])).toEqual(
      [
        ['path', 'Path', 'The text file to read.'],
        ['max_sentences', 'int', 'How many sentences to keep.'],
        ['style', 'Literal["plain", "bullets"]', null],
      ],
    );
    const init = profile.modules.find((module) => module.path === 'textkit/__init__.py')!;
    expect(init.moduleName).toBe('textkit');
    expect(init.imports).toEqual([
      {
        module: '.core',
        names: [{ name: 'slugify' }, { name: 'summarize' }, { name: 'word_count' }],
        line: 2,
        kind: 'from',
      },
    ]);
    expect(profile.importGraph).toEqual([
      { from: 'textkit/__init__.py', to: 'textkit/core.py', line: 2 },
    ]);
  });

  it('reads methods, classes, parameter kinds and the __main__ guard', () => {
    const facts = analyzeSource(
      [
        'import functools',
        'class Shape(Base, metaclass=Meta):',
        '    """A shape."""',
        '    @staticmethod',
        '    def make(kind: str, /, size: int, *rest, scale: float = 1.0, **options) -> "Shape":',
        '        def inner():',
        '            pass',
        '    @functools.cache',
        '    async def _area(self) -> float:',
        '        return 0.0',
        'if __name__ == "__main__":',
        '    import sys',
        '    sys.exit(main())',
      ].join('\n'),
      'python',
    );
    expect(facts.classes).toEqual([
      {
        name: 'Shape',
        line: 2,
        endLine: 10,
        bases: ['Base'],
        decorators: [],
        docstring: 'A shape.',
        methods: ['make', '_area'],
      },
    ]);
    const [make, inner, area] = facts.functions;
    expect(make!.parameters.map((p) => `${p.name}:${p.kind}`)).toEqual([
      'kind:positional-only',
      'size:positional',
      'rest:variadic',
      'scale:keyword-only',
      'options:variadic-keyword',
    ]);
    expect(make).toMatchObject({
      qualifiedName: 'Shape.make',
      kind: 'method',
      className: 'Shape',
      decorators: ['staticmethod'],
      topLevel: true,
      returns: '"Shape"',
    });
    expect(inner).toMatchObject({ name: 'inner', topLevel: false });
    expect(area).toMatchObject({
      qualifiedName: 'Shape._area',
      async: true,
      public: false,
      decorators: ['functools.cache'],
      parameters: [],
    });
    expect(facts.mainGuard).toEqual({ line: 11, calls: ['sys.exit', 'main'] });
  });
});

describe('JavaScript and TypeScript structure', () => {
  it('reads exported functions with JSDoc, CommonJS exports and the import graph across .js specifiers', async () => {
    const bin = await scanFixture('js-cli-bin');
    const measure = bin.modules.find((module) => module.path === 'lib/measure.js')!;
    expect(measure.exports).toEqual([{ name: 'measure', line: 16, kind: 'commonjs' }]);
    expect(measure.functions).toEqual([
      {
        name: 'measure',
        qualifiedName: 'measure',
        line: 10,
        endLine: 14,
        async: true,
        kind: 'function',
        topLevel: true,
        public: true,
        exported: true,
        parameters: [{ name: "{ path, unit = 'px' }", kind: 'destructured', optional: false }],
        returns: 'Promise<{width: number, height: number}>',
        docstring: 'Measure one PNG image file.',
        decorators: [],
      },
    ]);
    expect(bin.importGraph).toEqual([{ from: 'bin/imgsize.js', to: 'lib/measure.js', line: 3 }]);
    const ts = await scanFixture('ts-yargs-cli');
    expect(ts.importGraph).toEqual([{ from: 'src/cli.ts', to: 'src/stats.ts', line: 5 }]);
    const stats = ts.modules.find((module) => module.path === 'src/stats.ts')!;
    expect(stats.exports.map((e) => `${e.kind}:${e.name}`)).toEqual([
      'variable:ColumnStats',
      'function:columnStats',
    ]);
    expect(stats.functions[0]!.parameters).toEqual([
      { name: 'rows', kind: 'positional', optional: false, annotation: 'string[][]' },
      { name: 'header', kind: 'positional', optional: false, annotation: 'string[]' },
    ]);
  });

  it('reads TypeScript parameters, classes, arrow functions and ES exports', () => {
    const model = parseSource(
      [
        "import type { Options } from './options';",
        'export class Store extends Base implements Saver {',
        '  private cache = 1;',
        '  async save(key: string, value?: unknown): Promise<void> {}',
        '  #secret() {}',
        '}',
        '/** Double it. */',
        'export const double = (n: number = 2): number => n * 2;',
        'export default function run(...args: string[]) {}',
        "export { helper as aid } from './helper';",
      ].join('\n'),
      'typescript',
    );
    const structure = extractJsStructure(model);
    expect(model.imports).toEqual([
      {
        module: './options',
        names: [{ name: 'Options' }],
        line: 1,
        kind: 'import',
        typeOnly: true,
      },
      { module: './helper', names: [], line: 10, kind: 'reexport' },
    ]);
    expect(
      structure.classes.map((c) => ({
        name: c.name,
        bases: c.bases,
        methods: c.methods,
        exported: c.exported,
      })),
    ).toEqual([
      { name: 'Store', bases: ['Base', 'Saver'], methods: ['save', '#secret'], exported: true },
    ]);
    expect(
      structure.functions.map(
        (fn) =>
          `${fn.qualifiedName}:${fn.kind}:${fn.public}:${fn.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}:${p.annotation ?? ''}`).join(',')}`,
      ),
    ).toEqual([
      'Store.save:method:true:key:string,value?:unknown',
      'Store.#secret:method:false:',
      'double:arrow:true:n?:number',
      'run:function:true:args:string[]',
    ]);
    expect(structure.functions.find((fn) => fn.name === 'double')?.docstring).toBe('Double it.');
    expect(
      structure.exports.map((e) => `${e.kind}:${e.name}${e.from ? `<${e.from}` : ''}`),
    ).toEqual(['class:Store', 'variable:double', 'default:default', 'reexport:aid<./helper']);
  });
});
