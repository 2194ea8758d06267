import type { ParsedLanguage } from '../profile/file-facts';

/** What a file is for. */
export type FileKind =
  'source' | 'test' | 'docs' | 'config' | 'data' | 'build' | 'binary' | 'other';

const LANGUAGES: Record<string, string> = {
  py: 'python',
  pyi: 'python',
  pyw: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  go: 'go',
  rs: 'rust',
  rb: 'ruby',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  cs: 'csharp',
  php: 'php',
  swift: 'swift',
  m: 'objective-c',
  r: 'r',
  lua: 'lua',
  pl: 'perl',
  pm: 'perl',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  fish: 'shell',
  ps1: 'powershell',
  bat: 'batch',
  sql: 'sql',
  html: 'html',
  htm: 'html',
  css: 'css',
  scss: 'scss',
  sass: 'sass',
  less: 'less',
  vue: 'vue',
  svelte: 'svelte',
  dart: 'dart',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  jl: 'julia',
  clj: 'clojure',
  zig: 'zig',
  nim: 'nim',
  ipynb: 'jupyter',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  rst: 'restructuredtext',
  adoc: 'asciidoc',
  txt: 'text',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  xml: 'xml',
  proto: 'protobuf',
  graphql: 'graphql',
  gql: 'graphql',
  tf: 'terraform',
  dockerfile: 'dockerfile',
};

const CODE_LANGUAGES = new Set([
  'python',
  'javascript',
  'typescript',
  'tsx',
  'go',
  'rust',
  'ruby',
  'java',
  'kotlin',
  'scala',
  'c',
  'cpp',
  'csharp',
  'php',
  'swift',
  'objective-c',
  'r',
  'lua',
  'perl',
  'shell',
  'powershell',
  'batch',
  'sql',
  'html',
  'css',
  'scss',
  'sass',
  'less',
  'vue',
  'svelte',
  'dart',
  'elixir',
  'erlang',
  'haskell',
  'julia',
  'clojure',
  'zig',
  'nim',
  'jupyter',
  'protobuf',
  'graphql',
  'terraform',
]);

const BINARY_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'ico',
  'webp',
  'tif',
  'tiff',
  'psd',
  'svgz',
  'heic',
  'zip',
  'gz',
  'tgz',
  'tar',
  'bz2',
  'xz',
  '7z',
  'rar',
  'zst',
  'jar',
  'war',
  'whl',
  'egg',
  'so',
  'dll',
  'dylib',
  'exe',
  'o',
  'a',
  'lib',
  'obj',
  'pyc',
  'pyo',
  'pyd',
  'class',
  'wasm',
  'node',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp3',
  'mp4',
  'wav',
  'ogg',
  'flac',
  'avi',
  'mov',
  'mkv',
  'webm',
  'm4a',
  'pdf',
  'doc',
  'docx',
  'ppt',
  'pptx',
  'odt',
  'pt',
  'pth',
  'onnx',
  'safetensors',
  'ckpt',
  'gguf',
  'bin',
  'tflite',
  'pb',
]);

const DATA_EXTENSIONS = new Set([
  'csv',
  'tsv',
  'jsonl',
  'ndjson',
  'parquet',
  'arrow',
  'feather',
  'xlsx',
  'xls',
  'npy',
  'npz',
  'h5',
  'hdf5',
  'sqlite',
  'sqlite3',
  'db',
  'pkl',
  'pickle',
  'avro',
  'orc',
  'geojson',
  'dat',
]);

const BUILD_FILES =
  /^(requirements[\w.-]*\.(txt|in)|constraints[\w.-]*\.txt|setup\.py|setup\.cfg|pyproject\.toml|pipfile|pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|environment\.ya?ml|package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|bun\.lockb?|cargo\.toml|cargo\.lock|go\.mod|go\.sum|gemfile|gemfile\.lock|makefile|gnumakefile|cmakelists\.txt|dockerfile(\..*)?|.*\.dockerfile|(docker-)?compose(\.[\w-]+)?\.ya?ml|procfile|tox\.ini|noxfile\.py|manifest\.in|justfile|build\.gradle(\.kts)?|pom\.xml|meson\.build|mark1\.plugin\.ya?ml)$/i;
const DOC_NAMES =
  /^(readme|license|licence|copying|changelog|changes|history|authors|contributors|contributing|notice|code_of_conduct|security)(\.[\w.]+)?$/i;
const CONFIG_NAMES =
  /^(\.[\w.-]+rc(\.\w+)?|\.editorconfig|\.gitignore|\.gitattributes|\.dockerignore|\.npmignore|\.env(\..+)?|\.flake8|\.pylintrc|.*\.config\.(js|cjs|mjs|ts|json)|tsconfig(\.[\w-]+)?\.json|jsconfig\.json)$/i;
const TEST_NAMES =
  /^(test_.*\.py|.*_test\.(py|go|rb)|conftest\.py|.*\.(test|spec)\.[cm]?[jt]sx?|.*_spec\.rb|test\.[cm]?[jt]s)$/i;
const TEST_DIRS = /(^|\/)(tests?|__tests__|spec|specs|testing)\//i;
const DOC_DIRS = /(^|\/)(docs?|documentation)\//i;

/** A file's extension without the dot, lower-case (`''` when none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The language of a file from its name (`undefined` when unknown). */
export function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile' || name.startsWith('dockerfile.')) return 'dockerfile';
  if (name === 'makefile') return 'make';
  return LANGUAGES[extensionOf(path)];
}

/** The tree-sitter language of a file, when the scanner parses it. */
export function parsedLanguageOf(path: string): ParsedLanguage | undefined {
  const language = languageOf(path);
  return language === 'python' ||
    language === 'javascript' ||
    language === 'typescript' ||
    language === 'tsx'
    ? language
    : undefined;
}

/** What a file is for, from its path: build manifests, tests, docs, config, data, binaries, source. */
export function classifyFile(path: string): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const extension = extensionOf(path);
  const language = languageOf(path);
  if (BUILD_FILES.test(name)) return 'build';
  if (BINARY_EXTENSIONS.has(extension)) return 'binary';
  if (DATA_EXTENSIONS.has(extension)) return 'data';
  if (language && CODE_LANGUAGES.has(language)) {
    if (TEST_NAMES.test(name) || TEST_DIRS.test(path)) return 'test';
    if (CONFIG_NAMES.test(name)) return 'config';
    return 'source';
  }
  if (DOC_NAMES.test(name)) return 'docs';
  if (CONFIG_NAMES.test(name)) return 'config';
  if (language === 'markdown' || language === 'restructuredtext' || language === 'asciidoc')
    return 'docs';
  if (language === 'text') return DOC_DIRS.test(path) ? 'docs' : 'other';
  if (
    language === 'json' ||
    language === 'yaml' ||
    language === 'toml' ||
    language === 'ini' ||
    language === 'xml'
  )
    return 'config';
  if (extension === 'svg') return 'data';
  return 'other';
}
