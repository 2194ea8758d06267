/** Languages `plugin generate` writes. */
export const SCAFFOLD_LANGUAGES = ['python', 'node', 'typescript'] as const;
/** A language `plugin generate` writes. */
export type ScaffoldLanguage = (typeof SCAFFOLD_LANGUAGES)[number];

/** What the templates are filled with. */
export interface TemplateValues {
  /** The plugin name (kebab or snake case). */
  readonly name: string;
  /** The Python package name (`name` with `_`). */
  readonly module: string;
  readonly description: string;
}

const CAPABILITY = (entryPoint: string) => `capabilities:
  - name: word-count
    description: Counts the words of a text, or its distinct words when asked to.
    tags: [text, count]
    inputs:
      text:
        type: string
        data_type: text
        description: The text whose words are counted.
        required: true
      unique:
        type: boolean
        default: false
        description: Count each distinct word (case-insensitive) once.
    outputs:
      count:
        type: json
        description: The number of words.
    entry_point:
${entryPoint}
    timeout: 30s
    example:
      description: Five words, four of them distinct.
      inputs:
        text: the cat and the hat
      expect:
        count: 5
`;

const PERMISSIONS = `permissions:
  network: false
  filesystem: none
`;

function manifest(
  values: TemplateValues,
  runtime: string,
  entryPoint: string,
  dependencies: string,
): string {
  return `# Mark-1 plugin manifest (schema 1.0); JSON Schema: @mark1/sdk/schemas/mark1.plugin.schema.json
schema_version: "1.0"
plugin:
  name: ${values.name}
  version: 0.1.0
  description: ${JSON.stringify(values.description)}
  license: MIT
  runtime: ${runtime}
  tags: [text]
${CAPABILITY(entryPoint)}dependencies:
${dependencies}${PERMISSIONS}`;
}

function readme(values: TemplateValues, language: string, test: string, extra = ''): string {
  return `# ${values.name}

${values.description}

A Mark-1 plugin written in ${language}. Its capability \`word-count\` counts the words of a text
(\`unique: true\` counts each distinct word once) and returns \`{ "count": <number> }\`.

## Use it

\`\`\`sh
mark1 plugin validate .          # manifest, entry points, security scan, scores
mark1 plugin install .           # install it into Mark-1
mark1 plugin test ${values.name}       # run the capability's example
\`\`\`

## Develop it

Edit the function and its manifest entry (\`mark1.plugin.yml\`) together: inputs are the
function's parameters, outputs the keys of what it returns. Run the tests with \`${test}\`.${extra}
`;
}

/** Files of a Python plugin: a typed function called through `python_function`, with a unittest suite. */
export function pythonTemplate(values: TemplateValues): Record<string, string> {
  return {
    'mark1.plugin.yml': manifest(
      values,
      'python',
      `      type: python_function
      module: ${values.module}.main
      function: word_count`,
      '  python: ">=3.9"\n',
    ),
    'README.md': readme(values, 'Python', 'python3 -m unittest discover -s tests -t .'),
    [`${values.module}/__init__.py`]: `"""${values.description}"""\n`,
    [`${values.module}/main.py`]: `"""The capabilities of ${values.name}."""


def word_count(text: str, unique: bool = False) -> dict:
    """Count the words of a text.

    Args:
        text: The text whose words are counted.
        unique: Count each distinct word (case-insensitive) once.

    Returns:
        {"count": number of words}
    """
    words = text.split()
    count = len({word.lower() for word in words}) if unique else len(words)
    return {"count": count}
`,
    'tests/__init__.py': '',
    'tests/test_main.py': `import unittest

from ${values.module}.main import word_count


class WordCountTest(unittest.TestCase):
    def test_counts_words(self):
        self.assertEqual(word_count("the cat and the hat"), {"count": 5})

    def test_counts_distinct_words_once(self):
        self.assertEqual(word_count("The cat and the hat", unique=True), {"count": 4})

    def test_empty_text_has_no_words(self):
        self.assertEqual(word_count("   "), {"count": 0})


if __name__ == "__main__":
    unittest.main()
`,
    '.gitignore': '__pycache__/\n.venv/\n',
  };
}

const JS_FUNCTION = `/**
 * Counts the words of a text.
 * @param {{ text: string, unique?: boolean }} inputs
 * @returns {{ count: number }}
 */
export function wordCount({ text, unique = false }) {
  const words = text.split(/\\s+/).filter((word) => word.length > 0);
  const count = unique ? new Set(words.map((word) => word.toLowerCase())).size : words.length;
  return { count };
}
`;

const JS_TEST = (module: string) => `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wordCount } from '${module}';

test('counts words', () => {
  assert.deepEqual(wordCount({ text: 'the cat and the hat' }), { count: 5 });
});

test('counts distinct words once', () => {
  assert.deepEqual(wordCount({ text: 'The cat and the hat', unique: true }), { count: 4 });
});

test('empty text has no words', () => {
  assert.deepEqual(wordCount({ text: '   ' }), { count: 0 });
});
`;

/** Files of a Node plugin (JavaScript, ES modules): a function called through `node_function`, with a node:test suite. */
export function nodeTemplate(values: TemplateValues): Record<string, string> {
  return {
    'mark1.plugin.yml': manifest(
      values,
      'node',
      `      type: node_function
      module: ./index.js
      function: wordCount`,
      '  node: ">=20"\n',
    ),
    'README.md': readme(values, 'JavaScript (Node.js)', 'npm test'),
    'package.json': `${JSON.stringify(
      {
        name: values.name,
        version: '0.1.0',
        description: values.description,
        license: 'MIT',
        private: true,
        type: 'module',
        main: './index.js',
        engines: { node: '>=20' },
        scripts: { test: 'node --test test/' },
      },
      null,
      2,
    )}\n`,
    'index.js': `// The capabilities of ${values.name}.\n\n${JS_FUNCTION}`,
    'test/index.test.js': JS_TEST('../index.js'),
    '.gitignore': 'node_modules/\n',
  };
}

/**
 * Files of a TypeScript plugin: `src/index.ts`, and `dist/index.js` already built from it (Mark-1
 * never runs build scripts, so the built file ships with the plugin; `npm run build` rebuilds it).
 */
export function typescriptTemplate(values: TemplateValues): Record<string, string> {
  return {
    'mark1.plugin.yml': manifest(
      values,
      'node',
      `      type: node_function
      module: ./dist/index.js
      function: wordCount`,
      '  node: ">=20"\n',
    ),
    'README.md': readme(
      values,
      'TypeScript',
      'npm test',
      '\n\nMark-1 runs `dist/index.js` and never runs build scripts: after changing `src/index.ts`, run\n`npm install && npm run build` and keep the built file with the plugin.',
    ),
    'package.json': `${JSON.stringify(
      {
        name: values.name,
        version: '0.1.0',
        description: values.description,
        license: 'MIT',
        private: true,
        type: 'module',
        main: './dist/index.js',
        types: './dist/index.d.ts',
        engines: { node: '>=20' },
        scripts: { build: 'tsc -p tsconfig.json', test: 'node --test test/' },
        devDependencies: { typescript: '^5.9.3' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          declaration: true,
          outDir: 'dist',
          rootDir: 'src',
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
    'src/index.ts': `// The capabilities of ${values.name}.

/** Inputs of word-count. */
export interface WordCountInputs {
  /** The text whose words are counted. */
  text: string;
  /** Count each distinct word (case-insensitive) once. */
  unique?: boolean;
}

/** Counts the words of a text. */
export function wordCount({ text, unique = false }: WordCountInputs): { count: number } {
  const words = text.split(/\\s+/).filter((word) => word.length > 0);
  const count = unique ? new Set(words.map((word) => word.toLowerCase())).size : words.length;
  return { count };
}
`,
    'dist/index.js': `// Built from src/index.ts (npm run build).\n\n${JS_FUNCTION}`,
    'dist/index.d.ts': `/** Inputs of word-count. */
export interface WordCountInputs {
    /** The text whose words are counted. */
    text: string;
    /** Count each distinct word (case-insensitive) once. */
    unique?: boolean;
}
/** Counts the words of a text. */
export declare function wordCount({ text, unique }: WordCountInputs): {
    count: number;
};
`,
    'test/index.test.js': JS_TEST('../dist/index.js'),
    '.gitignore': 'node_modules/\n',
  };
}
