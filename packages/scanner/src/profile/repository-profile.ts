import type { FileKind } from '../files/classify-file';
import type {
  AgentToolFact,
  ClassFact,
  CliProgramFact,
  CrewAgentFact,
  CrewFact,
  CrewTaskFact,
  ExportFact,
  FunctionFact,
  GraphFact,
  ImportFact,
  LlmCallFact,
  MainGuardFact,
  ParsedLanguage,
  RouteFact,
  SensitiveCallFact,
  ServerFact,
  ServiceKind,
  SyntaxErrorFact,
} from './file-facts';
import type { JsonValue } from './static-value';

/** The version of the {@link RepositoryProfile} shape. */
export const PROFILE_SCHEMA_VERSION = 1;

/** A place in the repository: a path relative to the root and a 1-based line. */
export interface Evidence {
  file: string;
  line?: number;
  /** What was seen there, in a few words or a short code excerpt. */
  detail: string;
}

/** One file of the repository. */
export interface FileEntry {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  /** Language from the file name (`python`, `typescript`, `markdown`, ...), when known. */
  language?: string;
  kind: FileKind;
  size: number;
  /** Set for parsed source files: the SHA-256 of the content (hex, first 16 bytes). */
  hash?: string;
  /** Set when the file was not read: `too-large`, `binary`, `unreadable`. */
  skipped?: 'too-large' | 'binary' | 'unreadable';
  /** The encoding when the file is not UTF-8. */
  encoding?: string;
}

/** A symbolic link found in the repository (never followed). */
export interface SymlinkEntry {
  path: string;
  /** The link target as written. */
  target: string;
  /** True when the target resolves inside the repository. */
  insideRoot: boolean;
  /** True when the target does not exist. */
  broken: boolean;
}

/** Code structure of one parsed source file. */
export interface ModuleProfile {
  path: string;
  language: ParsedLanguage;
  /** Dotted Python module name (`pkg.sub.mod`), for Python files in an importable location. */
  moduleName?: string;
  lineCount: number;
  functions: FunctionFact[];
  classes: ClassFact[];
  imports: ImportFact[];
  exports: ExportFact[];
  mainGuard?: MainGuardFact;
  shebang?: string;
  syntaxErrors: SyntaxErrorFact[];
}

/** An edge of the internal import graph: `from` imports `to` (both repository paths). */
export interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

/** One declared dependency. */
export interface DependencyFact {
  name: string;
  /** The version requirement as written (`>=1.2,<2`, `^4.17.1`), when any. */
  version?: string;
  /** Extras, markers, git URLs: the rest of the requirement as written. */
  spec: string;
  ecosystem: 'pypi' | 'npm' | 'cargo' | 'go' | 'rubygems';
  /** `runtime`, `dev` (tests, lint, build), `optional` (extras, optional groups), `peer`. */
  scope: 'runtime' | 'dev' | 'optional' | 'peer';
  /** The file it is declared in. */
  source: string;
}

/** Everything the repository declares it needs. */
export interface DependencyProfile {
  dependencies: DependencyFact[];
  /** Files that declare dependencies (requirements*.txt, pyproject.toml, package.json, ...). */
  manifests: string[];
  lockfiles: string[];
  /** Python version asked for (`requires-python`, Poetry `python`, `python_requires`, Pipfile `python_version`). */
  python?: string;
  /** Node version asked for (`engines.node`, `.nvmrc`). */
  node?: string;
  /** The package manager a JS project uses, from its lockfile or `packageManager`. */
  packageManager?: 'npm' | 'yarn' | 'pnpm' | 'bun';
  /** Console scripts and `bin` entries: name → target (`pkg.cli:main`, `./bin/cli.js`). */
  scripts: {
    name: string;
    target: string;
    source: string;
    kind: 'console-script' | 'gui-script' | 'bin' | 'npm-script';
  }[];
  /** Modules a package declares as its library entry (package.json `main`, `module`, `exports["."]`), repository paths. */
  libraryEntries: string[];
  /** The project's own name, version, description, license from its metadata. */
  project?: {
    name?: string;
    version?: string;
    description?: string;
    license?: string;
    homepage?: string;
  };
  /** Problems reading a dependency file (it is then partly read). */
  problems: Evidence[];
}

/** An environment variable the code or its examples ask for. */
export interface EnvironmentVariableFact {
  name: string;
  /** True when some read has no fallback (and it is not only tested for presence). */
  required: boolean;
  /** A literal fallback from the code, or the value of a `.env.example` line. */
  default?: string;
  /** The name looks like a secret (key, token, password, credentials, DSN). */
  secret: boolean;
  description?: string;
  /** Every read and declaration. */
  evidence: Evidence[];
}

/** An external service the code talks to. */
export interface ServiceFact {
  /** `postgresql`, `redis`, `s3`, `openai`, or the host of an HTTP API. */
  id: string;
  kind: ServiceKind;
  evidence: Evidence[];
}

/** A call to a model, with where it is. */
export interface LlmCallLocation extends LlmCallFact {
  file: string;
}

/** A call a security review cares about, with where it is. */
export interface SensitiveCallLocation extends SensitiveCallFact {
  file: string;
}

/** The agent framework and pattern of a repository. */
export interface AgentProfile {
  frameworks: { name: string; evidence: Evidence[] }[];
  /**
   * The dominant pattern: `langgraph-graph`, `crewai-crew`, `langchain-agent`, `autonomous-loop`
   * (a loop that calls a model each turn), `llm-pipeline` (model calls without an agent), or `none`.
   */
  pattern:
    | 'langgraph-graph'
    | 'crewai-crew'
    | 'langchain-agent'
    | 'autonomous-loop'
    | 'llm-pipeline'
    | 'none';
  tools: (AgentToolFact & { file: string })[];
  agentConstructors: { api: string; file: string; line: number }[];
  graphs: (GraphFact & { file: string })[];
  crew: {
    agents: (CrewAgentFact & { file: string })[];
    tasks: (CrewTaskFact & { file: string })[];
    crews: (CrewFact & { file: string })[];
  };
  loops: { file: string; line: number; kind: 'unbounded' | 'bounded'; llmLines: number[] }[];
}

/** What the code needs to run, beyond its dependencies. */
export interface ResourceHints {
  gpu: { required: boolean; evidence: Evidence[] };
  /** Dependencies known to be large to install or to load (torch, tensorflow, transformers, ...). */
  heavyDependencies: string[];
  /** Code that keeps running: servers, schedulers, `serve_forever`. */
  longRunning: Evidence[];
}

/** How a capability is invoked. */
export type CapabilityInvocation =
  | { kind: 'cli'; command: string[]; cwd?: string; subcommand: string[] }
  | { kind: 'python_function'; module: string; function: string; cwd?: string }
  | { kind: 'node_function'; module: string; function: string }
  | { kind: 'http'; method: RouteFact['method']; path: string; baseUrl: string; start?: string[] };

/** One input of a capability, as the scanner understood it. */
export interface CapabilityParameter {
  /** The input name (a valid identifier). */
  name: string;
  description?: string;
  /** JSON Schema type; absent when nothing says what the value is. */
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** Item type of an array. */
  itemType?: 'string' | 'integer' | 'number' | 'boolean';
  /** `file`, `directory`, `url` when it can be inferred. */
  dataType?: 'file' | 'directory' | 'url' | 'json';
  /** JSON Schema `format` (`path`, `uri`). */
  format?: string;
  required: boolean;
  default?: JsonValue;
  choices?: JsonValue[];
  /** The capability writes to this path (an output file or directory argument). */
  writable?: boolean;
  /** A program-wide option that goes before the subcommand on the command line. */
  global?: boolean;
  /** How the input reaches the program: a flag, a positional, a keyword argument, an HTTP field. */
  binding:
    | {
        kind: 'flag';
        flag: string;
        negativeFlag?: string;
        isSwitch: boolean;
        repeat: boolean;
        separateValues: boolean;
      }
    | { kind: 'positional'; index: number; variadic: boolean }
    | { kind: 'keyword' }
    | { kind: 'http'; in: 'path' | 'query' | 'body' };
}

/** Where a capability candidate comes from. */
export type CapabilitySource =
  | 'argparse'
  | 'click'
  | 'typer'
  | 'fire'
  | 'sys-argv'
  | 'main-script'
  | 'console-script'
  | 'package-bin'
  | 'package-script'
  | 'commander'
  | 'yargs'
  | 'python-function'
  | 'node-function'
  | 'fastapi-route'
  | 'flask-route'
  | 'express-route'
  | 'langchain-tool'
  | 'crewai-tool'
  | 'readme-usage';

/** Something the repository can do, with the evidence behind it and how sure the scanner is. */
export interface CapabilityCandidate {
  /** Kebab-case, unique in the profile. */
  name: string;
  description: string;
  /** 0–1: 0.9+ a declared entry point with a parsed interface, ~0.5 a guess from names or docs. */
  confidence: number;
  source: CapabilitySource;
  invocation: CapabilityInvocation;
  parameters: CapabilityParameter[];
  /** The capability prints JSON. */
  outputsJson: boolean;
  /** The return annotation of a function capability, as written. */
  returns?: string;
  /** README command lines that call it. */
  examples: string[];
  /** What a user types to run it: console script and bin names, script paths, `-m` module names. */
  commandNames?: string[];
  evidence: Evidence[];
  /** Things about it the scanner could not work out, in plain words. */
  notes: string[];
}

/** A README of the repository and what it says about usage. */
export interface ReadmeFacts {
  path: string;
  title?: string;
  summary?: string;
  /** Shell command lines from fenced code blocks (`$ ` prompts removed). */
  commands: { command: string; line: number }[];
}

/** Codes of the warnings a scan reports. */
export const ScanWarningCodes = {
  /** A file is larger than `maxFileBytes` and was listed but not read. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** A file could not be read (permissions, vanished during the scan). */
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  /** A source file has syntax errors; its facts come from the parts that parse. */
  SYNTAX_ERROR: 'SYNTAX_ERROR',
  /** A source file is not valid UTF-8 and was read as windows-1252. */
  ENCODING_FALLBACK: 'ENCODING_FALLBACK',
  /** A symbolic link points outside the repository; it was not followed. */
  SYMLINK_OUTSIDE_ROOT: 'SYMLINK_OUTSIDE_ROOT',
  /** The directory tree is deeper than `maxDepth`; deeper folders were not scanned. */
  DEPTH_LIMIT: 'DEPTH_LIMIT',
  /** The repository has more than `maxFiles` files; the rest were not scanned. */
  FILE_LIMIT: 'FILE_LIMIT',
  /** A dependency file or README could not be fully read. */
  MANIFEST_UNREADABLE: 'MANIFEST_UNREADABLE',
  /** The cache could not be read or written; the scan ran without it. */
  CACHE_UNAVAILABLE: 'CACHE_UNAVAILABLE',
  /** Worker threads could not be used; files were parsed in the calling thread. */
  WORKERS_UNAVAILABLE: 'WORKERS_UNAVAILABLE',
  /** An extractor failed on a file (a scanner bug); the other facts of the file are kept. */
  EXTRACTOR_FAILED: 'EXTRACTOR_FAILED',
  /** A file could not be parsed at all. */
  PARSE_FAILED: 'PARSE_FAILED',
} as const;

/** A code of {@link ScanWarningCodes}. */
export type ScanWarningCode = (typeof ScanWarningCodes)[keyof typeof ScanWarningCodes];

/** Something the scan could not do fully; never fatal. */
export interface ScanWarning {
  code: ScanWarningCode;
  message: string;
  file?: string;
  line?: number;
}

/** How the scan ran; the only part of a profile that differs between two scans of the same files. */
export interface ScanRunInfo {
  durationMs: number;
  filesParsed: number;
  filesFromCache: number;
  /** Worker threads used (0: the calling thread). */
  workers: number;
  /** Why the scan stayed in the calling thread, when it did. */
  inThreadReason?: string;
  /** The cache file used, when any. */
  cacheFile?: string;
}

/**
 * What the scanner learned about a repository. JSON-serializable; every list is in a deterministic
 * order (paths, then lines), so two scans of the same files give the same profile except `scan`.
 */
export interface RepositoryProfile {
  schemaVersion: typeof PROFILE_SCHEMA_VERSION;
  /** The repository's name (its package name, else the folder name). */
  name: string;
  description?: string;
  /** The absolute path scanned. */
  root: string;
  summary: {
    files: number;
    bytes: number;
    /** Files and bytes per language. */
    languages: Record<string, { files: number; bytes: number }>;
    /** The parsed language with the most source bytes. */
    primaryLanguage?: ParsedLanguage;
    kinds: Partial<Record<FileKind, number>>;
    /** Files skipped by `.gitignore` and the built-in ignore list. */
    ignored: number;
  };
  files: FileEntry[];
  symlinks: SymlinkEntry[];
  modules: ModuleProfile[];
  importGraph: ImportEdge[];
  dependencies: DependencyProfile;
  environment: EnvironmentVariableFact[];
  /** The code loads a `.env` file (python-dotenv, dotenv). */
  dotenv: Evidence[];
  /** Environment reads whose variable name is computed, so the scanner cannot name them. */
  dynamicEnvReads: { file: string; count: number }[];
  services: ServiceFact[];
  llmCalls: LlmCallLocation[];
  agents: AgentProfile;
  resources: ResourceHints;
  cliPrograms: (CliProgramFact & { file: string })[];
  routes: (RouteFact & { file: string })[];
  servers: (ServerFact & { file: string })[];
  /** Raw calls a security review cares about, with file, line and arguments, so nothing needs re-parsing. */
  sensitiveCalls: SensitiveCallLocation[];
  capabilities: CapabilityCandidate[];
  readme?: ReadmeFacts;
  warnings: ScanWarning[];
  scan: ScanRunInfo;
}
