import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toPluginName } from '@mark1/sdk';
import { filesystemError, registryError, RegistryErrorCodes } from '../errors';
import { assertPluginName } from '../plugin-layout';
import {
  nodeTemplate,
  pythonTemplate,
  type ScaffoldLanguage,
  SCAFFOLD_LANGUAGES,
  typescriptTemplate,
} from './templates';

/** Options of {@link generatePlugin}. */
export interface GeneratePluginOptions {
  /** The plugin's name (sanitized to a valid plugin name). */
  name: string;
  /**
   * The language.
   * @default 'python'
   */
  language?: ScaffoldLanguage;
  /**
   * The folder to create; it must not exist or be empty.
   * @default `<cwd>/<name>`
   */
  directory?: string;
  /** The plugin's description. */
  description?: string;
  /**
   * Folder a relative `directory` is resolved against.
   * @default process.cwd()
   */
  cwd?: string;
}

/** What {@link generatePlugin} wrote. */
export interface GeneratedPlugin {
  readonly name: string;
  readonly language: ScaffoldLanguage;
  /** The plugin's folder. */
  readonly directory: string;
  /** Files written, relative. */
  readonly files: readonly string[];
  /** The command that runs the plugin's own tests, run in its folder. */
  readonly testCommand: readonly string[];
}

/**
 * Writes a new plugin that passes `validatePlugin` and has a passing test suite of its own: a
 * `word-count` capability with typed, described inputs and outputs, an example, a README, a
 * license and tests (unittest for Python, node:test for Node and TypeScript). The files are
 * written into a temporary folder and renamed into place, so a failure leaves nothing.
 */
export function generatePlugin(options: GeneratePluginOptions): GeneratedPlugin {
  const language = options.language ?? 'python';
  if (!SCAFFOLD_LANGUAGES.includes(language)) {
    throw registryError(
      RegistryErrorCodes.CONFIGURATION_INVALID,
      `"${String(language)}" is not a language \`plugin generate\` writes; use ${SCAFFOLD_LANGUAGES.join(', ')}.`,
    );
  }
  const name = assertPluginName(toPluginName(options.name));
  const directory = resolve(options.cwd ?? process.cwd(), options.directory ?? name);
  if (existsSync(directory) && readdirSync(directory).length > 0) {
    throw registryError(
      RegistryErrorCodes.TARGET_EXISTS,
      `${directory} already exists and is not empty; choose another folder (or name), or remove it first.`,
      { details: { directory } },
    );
  }
  const values = {
    name,
    module: name.replace(/-/g, '_').replace(/^(\d)/, '_$1'),
    description:
      options.description?.trim() || `${name}: a Mark-1 plugin that counts the words of a text.`,
  };
  const files =
    language === 'python'
      ? pythonTemplate(values)
      : language === 'node'
        ? nodeTemplate(values)
        : typescriptTemplate(values);
  const parent = dirname(directory);
  const temporary = join(parent, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(parent, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      const path = join(temporary, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content, { mode: 0o644 });
    }
    if (existsSync(directory)) rmSync(directory, { recursive: true });
    renameSync(temporary, directory);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw filesystemError('write the new plugin into', directory, error);
  }
  return {
    name,
    language,
    directory,
    files: Object.keys(files).sort(),
    testCommand:
      language === 'python'
        ? ['python3', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.']
        : ['node', '--test', 'test/'],
  };
}
