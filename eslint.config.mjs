// One lint configuration for the whole workspace. Package boundaries follow
// ../shared/design/ARCHITECTURE.md: each library may import only the libraries
// its tag lists below; apps may import any library.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const lib = (name, ...deps) => ({
  sourceTag: `scope:${name}`,
  onlyDependOnLibsWithTags: [`scope:${name}`, ...deps.map((d) => `scope:${d}`)],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'reports/**',
      '.nx/**',
      '**/tests/fixtures/**',
      '**/test/fixtures/**',
      'examples/**/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Shared test and benchmark helpers under tools/, imported relatively.
          allow: [
            '../../../tools/testing/*',
            '../../../tools/bench/*',
            '../../../../tools/testing/*',
          ],
          depConstraints: [
            lib('sdk'),
            lib('storage', 'sdk'),
            lib('scanner', 'sdk'),
            lib('context', 'sdk', 'storage'),
            lib('registry', 'sdk', 'storage', 'scanner'),
            lib('planner', 'sdk'),
            lib('executor', 'sdk', 'storage', 'context'),
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:examples', onlyDependOnLibsWithTags: ['scope:sdk'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@mark1/*/src', '@mark1/*/src/**', '@mark1/*/dist/**'],
              message: 'Import a package through its public entry point (@mark1/<name>).',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Build and test configuration share the workspace presets under tools/.
    files: ['**/vitest.config.ts', '**/tsup.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  prettier,
);
