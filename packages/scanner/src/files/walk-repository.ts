import {
  type Dirent,
  existsSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type ScanWarning,
  ScanWarningCodes,
  type SymlinkEntry,
} from '../profile/repository-profile';
import { type IgnoreRule, isIgnored, parseGitignore } from './gitignore';

/** A file found by the walk, with the metadata the cache compares. */
export interface WalkedFile {
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

/** What {@link walkRepository} found. */
export interface WalkResult {
  files: WalkedFile[];
  symlinks: SymlinkEntry[];
  /** Files and folders skipped by `.gitignore`, `ignore` patterns and the built-in list. */
  ignored: number;
  warnings: ScanWarning[];
}

/** Options of {@link walkRepository}. */
export interface WalkOptions {
  /** Honour `.gitignore` files and `.git/info/exclude`. @default true */
  respectGitignore: boolean;
  /** Extra gitignore-style patterns, relative to the root. */
  ignore: readonly string[];
  /** Folders deeper than this are not entered. */
  maxDepth: number;
  /** The walk stops after this many files. */
  maxFiles: number;
}

/** Folders never scanned: version control, dependencies, virtualenvs, build output and caches. */
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '__pycache__',
  '.venv',
  'venv',
  '.virtualenv',
  'virtualenv',
  'site-packages',
  'dist',
  'build',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.hypothesis',
  '.eggs',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.parcel-cache',
  '.cache',
  'coverage',
  'htmlcov',
  '.idea',
  '.gradle',
  '.terraform',
  '.serverless',
  '.nx',
  '.yarn',
  '.pnpm-store',
  '.ipynb_checkpoints',
  '.mark1',
]);

function isVirtualenv(directory: string): boolean {
  return existsSync(join(directory, 'pyvenv.cfg')) || existsSync(join(directory, 'conda-meta'));
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Lists the files of a repository in a deterministic order (depth-first, names sorted): skips the
 * built-in folders (`.git`, `node_modules`, virtualenvs, `dist`, `build`, caches), what `.gitignore`
 * ignores, and never follows a symbolic link (each one is reported, with whether it points inside).
 */
export function walkRepository(root: string, options: WalkOptions): WalkResult {
  const files: WalkedFile[] = [];
  const symlinks: SymlinkEntry[] = [];
  const warnings: ScanWarning[] = [];
  let ignored = 0;
  const realRoot = realpathSync(root);
  const baseRules: IgnoreRule[] =
    options.ignore.length > 0 ? parseGitignore(options.ignore.join('\n'), '') : [];
  if (options.respectGitignore) {
    const exclude = join(root, '.git', 'info', 'exclude');
    if (existsSync(exclude)) baseRules.push(...safeRules(exclude, ''));
  }
  const stack: { directory: string; depth: number; rules: IgnoreRule[] }[] = [
    { directory: '', depth: 0, rules: baseRules },
  ];
  let stopped = false;
  while (stack.length > 0 && !stopped) {
    const { directory, depth, rules: inherited } = stack.pop()!;
    const absoluteDirectory = directory === '' ? root : join(root, directory);
    let entries: Dirent[];
    try {
      entries = readdirSync(absoluteDirectory, { withFileTypes: true });
    } catch (error) {
      warnings.push({
        code: ScanWarningCodes.FILE_UNREADABLE,
        file: directory || '.',
        message: `Folder ${directory || '.'} could not be read: ${(error as Error).message}`,
      });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let rules = inherited;
    if (
      options.respectGitignore &&
      entries.some((entry) => entry.name === '.gitignore' && entry.isFile())
    ) {
      rules = [...inherited, ...safeRules(join(absoluteDirectory, '.gitignore'), directory)];
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      const path = directory === '' ? entry.name : `${directory}/${entry.name}`;
      const absolutePath = join(absoluteDirectory, entry.name);
      if (entry.isSymbolicLink()) {
        if (isIgnored(rules, path, false)) {
          ignored += 1;
          continue;
        }
        const link = describeSymlink(realRoot, absolutePath, path);
        symlinks.push(link);
        if (!link.insideRoot) {
          warnings.push({
            code: ScanWarningCodes.SYMLINK_OUTSIDE_ROOT,
            file: path,
            message: `${path} is a symbolic link to ${link.target}, outside the repository; it was not followed.`,
          });
        }
        continue;
      }
      if (entry.isDirectory()) {
        if (
          SKIPPED_DIRECTORIES.has(entry.name) ||
          entry.name.endsWith('.egg-info') ||
          isIgnored(rules, path, true) ||
          isVirtualenv(absolutePath)
        ) {
          ignored += 1;
          continue;
        }
        if (depth + 1 > options.maxDepth) {
          warnings.push({
            code: ScanWarningCodes.DEPTH_LIMIT,
            file: path,
            message: `${path} is deeper than ${options.maxDepth} folders and was not scanned (raise maxDepth to include it).`,
          });
          continue;
        }
        subdirectories.push(path);
        continue;
      }
      if (!entry.isFile()) continue;
      if (isIgnored(rules, path, false)) {
        ignored += 1;
        continue;
      }
      if (files.length >= options.maxFiles) {
        warnings.push({
          code: ScanWarningCodes.FILE_LIMIT,
          message: `The repository has more than ${options.maxFiles} files; the rest were not scanned (raise maxFiles to include them).`,
        });
        stopped = true;
        break;
      }
      try {
        const stats = statSync(absolutePath);
        files.push({ path, absolutePath, size: stats.size, mtimeMs: stats.mtimeMs });
      } catch (error) {
        warnings.push({
          code: ScanWarningCodes.FILE_UNREADABLE,
          file: path,
          message: `${path} could not be read: ${(error as Error).message}`,
        });
      }
    }
    for (let i = subdirectories.length - 1; i >= 0; i--)
      stack.push({ directory: subdirectories[i]!, depth: depth + 1, rules });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  symlinks.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, symlinks, ignored, warnings };
}

function safeRules(file: string, base: string): IgnoreRule[] {
  try {
    return parseGitignore(readFileSync(file, 'utf8'), base);
  } catch {
    return [];
  }
}

function describeSymlink(realRoot: string, absolutePath: string, path: string): SymlinkEntry {
  let target = '';
  try {
    target = readlinkSync(absolutePath);
  } catch {
    return { path, target, insideRoot: false, broken: true };
  }
  let lexical: string;
  try {
    lexical = resolve(realpathSync(dirname(absolutePath)), target);
  } catch {
    lexical = resolve(dirname(absolutePath), target);
  }
  let resolved = lexical;
  let broken = false;
  try {
    resolved = realpathSync(absolutePath);
  } catch {
    broken = true;
  }
  const inside = (candidate: string): boolean => {
    const rel = relative(realRoot, candidate);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return {
    path: toPosix(path),
    target,
    insideRoot: inside(resolved) && (broken ? inside(lexical) : true),
    broken,
  };
}
