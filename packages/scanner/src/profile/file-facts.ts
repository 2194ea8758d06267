import type { JsonValue, StaticValue } from './static-value';

/** Languages whose code the scanner parses with tree-sitter. */
export type ParsedLanguage = 'python' | 'javascript' | 'typescript' | 'tsx';

/** One parameter of a function or method. */
export interface ParameterFact {
  name: string;
  /**
   * `positional` (Python positional-or-keyword, any plain JS parameter), `positional-only` (before
   * `/`), `keyword-only` (after `*`), `variadic` (`*args`, `...rest`), `variadic-keyword`
   * (`**kwargs`), `destructured` (a JS object or array pattern).
   */
  kind:
    | 'positional'
    | 'positional-only'
    | 'keyword-only'
    | 'variadic'
    | 'variadic-keyword'
    | 'destructured';
  /** The type annotation as written (Python annotation, TypeScript type, or JSDoc `@param {type}`). */
  annotation?: string;
  /** The default value as written. */
  defaultText?: string;
  /** The default value when it is a literal. */
  default?: JsonValue;
  /** True when the parameter has a default or is marked optional (`x?: T`). */
  optional: boolean;
  /** Its description from the docstring (`Args:` / `:param x:`) or JSDoc `@param`. */
  description?: string;
}

/** A function or method. */
export interface FunctionFact {
  name: string;
  /** `Class.method` for methods, else the name. */
  qualifiedName: string;
  line: number;
  endLine: number;
  async: boolean;
  /** `function`, `method`, or a JS arrow/function expression bound to a top-level name (`arrow`). */
  kind: 'function' | 'method' | 'arrow';
  /** The enclosing class of a method. */
  className?: string;
  /** Defined at module level (or as a method of a module-level class). */
  topLevel: boolean;
  /** Not underscore-prefixed (Python), or exported (JS/TS). */
  public: boolean;
  /** JS/TS: exported from its module (`export`, `module.exports`). */
  exported?: boolean;
  parameters: ParameterFact[];
  /** The return annotation as written (or JSDoc `@returns {type}`). */
  returns?: string;
  /** The docstring or JSDoc description (at most 2,000 characters). */
  docstring?: string;
  /** Decorators as written, without `@` (each at most 200 characters). */
  decorators: string[];
}

/** A class. */
export interface ClassFact {
  name: string;
  line: number;
  endLine: number;
  bases: string[];
  decorators: string[];
  docstring?: string;
  methods: string[];
  exported?: boolean;
}

/** An import of a module (Python `import`/`from`, JS `import`, `require`, dynamic `import()`). */
export interface ImportFact {
  /** The module as written (`os.path`, `./util`, `@langchain/openai`); Python relative imports keep their dots. */
  module: string;
  /** Imported names (`from m import a as b`, `import { a as b }`); empty for a whole-module import. */
  names: { name: string; alias?: string }[];
  /** `import m as alias`, `import * as alias`, `import alias from 'm'`, `const alias = require('m')`. */
  alias?: string;
  line: number;
  kind: 'import' | 'from' | 'require' | 'dynamic' | 'side-effect' | 'reexport';
  /** TypeScript `import type`. */
  typeOnly?: boolean;
}

/** A name a JS/TS module exports. */
export interface ExportFact {
  name: string;
  line: number;
  kind: 'function' | 'class' | 'variable' | 'default' | 'reexport' | 'commonjs';
  /** The module re-exported from. */
  from?: string;
}

/** `if __name__ == "__main__":` (Python) or `require.main === module` (JS). */
export interface MainGuardFact {
  line: number;
  /** Functions called directly in the guard, e.g. `main`, `cli`, `fire.Fire`. */
  calls: string[];
}

/** How a piece of code reads an environment variable. */
export interface EnvReadFact {
  name: string;
  line: number;
  /** True when the code has no fallback (`os.environ["X"]`, a bare `process.env.X`). */
  required: boolean;
  /** The fallback when it is a literal (`os.getenv("X", "d")`, `process.env.X ?? "d"`). */
  default?: string;
  /** How it is read, e.g. `os.environ[]`, `os.getenv`, `process.env`, `destructuring`, `pydantic-settings`. */
  via: string;
  /** The code itself types it as a secret (pydantic `SecretStr`). */
  secret?: boolean;
}

/** Loading a `.env` file (`load_dotenv()`, `require('dotenv').config()`, `import 'dotenv/config'`). */
export interface DotenvLoadFact {
  line: number;
  via: string;
  /** The file named, when not the default `.env`. */
  path?: string;
}

/** CLI frameworks whose definitions the scanner reads. */
export type CliFramework =
  'argparse' | 'click' | 'typer' | 'fire' | 'commander' | 'yargs' | 'sys-argv';

/** One option or positional argument of a command-line command. */
export interface CliOptionFact {
  /** The destination name (argparse `dest`, the Python parameter, the commander/yargs key). */
  name: string;
  /** Flags, long first: `['--count', '-c']`; empty for a positional argument. */
  flags: string[];
  positional: boolean;
  /** `string`, `integer`, `number`, `boolean`, `path`, `file`, `directory`, `url`, or unknown. */
  valueType?: 'string' | 'integer' | 'number' | 'boolean' | 'path' | 'file' | 'directory' | 'url';
  /** The type as written (`int`, `click.Path(exists=True)`, `<number>`). */
  typeText?: string;
  required: boolean;
  default?: JsonValue;
  choices?: JsonValue[];
  /** Takes several values (argparse `nargs='+'`/`'*'`/`append`, click `multiple`, variadic `<files...>`). */
  multiple: boolean;
  /** How several values are given: `list` after one flag (`nargs`), `repeat` the flag (`append`, `multiple`). */
  multipleStyle?: 'list' | 'repeat';
  /** A switch that takes no value (`store_true`, `is_flag`, a bool typer option). */
  isFlag: boolean;
  /** The flag that turns a default-true switch off (`--no-color`, click `--shout/--no-shout`). */
  negativeFlag?: string;
  /** The argparse action as written. */
  action?: string;
  /** argparse `nargs` as written. */
  nargs?: string | number;
  help?: string;
  /** click `envvar=`, typer `envvar=`, yargs `.env()` name. */
  envVar?: string;
  line: number;
}

/** One command of a command-line program (the program itself when it has no subcommands). */
export interface CliCommandFact {
  /** The subcommand path, e.g. `['remote', 'add']`; empty for the program's own command. */
  path: string[];
  description?: string;
  line: number;
  /** The Python or JS function that runs it. */
  functionName?: string;
  options: CliOptionFact[];
}

/** A command-line program defined in one file. */
export interface CliProgramFact {
  framework: CliFramework;
  line: number;
  /** The variable or function that holds it (`parser`, `cli`, `app`, `program`). */
  variable?: string;
  /** The program name when given (`prog=`, `.name()`, `scriptName`). */
  name?: string;
  description?: string;
  /** The function to call to run the program: the function that builds an argparse parser, the click group, the typer app. */
  entryFunction?: string;
  /** argparse: whether the file parses arguments with it (`parse_args`); a parser only built and returned is a factory. */
  parsesArguments?: boolean;
  commands: CliCommandFact[];
}

/** HTTP frameworks whose routes the scanner reads. */
export type HttpFramework = 'fastapi' | 'flask' | 'express';

/** One parameter of an HTTP route. */
export interface RouteParameterFact {
  name: string;
  in: 'path' | 'query' | 'body';
  annotation?: string;
  required: boolean;
  default?: JsonValue;
  /** A field of this request-body model (a pydantic class of the same file), sent as a top-level body field. */
  fieldOf?: string;
  description?: string;
}

/** One HTTP route. */
export interface RouteFact {
  framework: HttpFramework;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  line: number;
  /** The app or router variable it is declared on. */
  variable?: string;
  /** The handler function, when it is named. */
  functionName?: string;
  description?: string;
  parameters: RouteParameterFact[];
}

/** A router of another module mounted under a path prefix (`app.use('/api', require('./routes'))`). */
export interface RouteMountFact {
  prefix: string;
  /** The module specifier the router comes from. */
  module: string;
  line: number;
}

/** A server started by the code (`uvicorn.run`, `app.run`, `app.listen`). */
export interface ServerFact {
  framework: string;
  line: number;
  host?: string;
  port?: number;
  /** The application object served, e.g. `app` or `"main:app"`. */
  app?: string;
}

/** Providers of large language models the scanner recognises. */
export type LlmProvider =
  | 'openai'
  | 'anthropic'
  | 'google'
  | 'ollama'
  | 'azure-openai'
  | 'mistral'
  | 'groq'
  | 'cohere'
  | 'bedrock'
  | 'huggingface'
  | 'unknown';

/** A call to a large language model. */
export interface LlmCallFact {
  provider: LlmProvider;
  /** The client library: `openai-sdk`, `anthropic-sdk`, `ollama`, `langchain`, `litellm`, `google-genai`, `crewai`, `http`. */
  via: string;
  /** The call or constructor, resolved through imports, e.g. `openai.OpenAI().chat.completions.create`. */
  api: string;
  line: number;
  /** The model name when it is a literal (or a module constant). */
  model?: string;
  /** The model expression as written when it is not a literal. */
  modelExpression?: string;
}

/** A LangChain tool (`@tool`, `Tool(...)`, `StructuredTool.from_function`, a `BaseTool` subclass). */
export interface AgentToolFact {
  name: string;
  line: number;
  framework: 'langchain' | 'crewai';
  functionName?: string;
  description?: string;
}

/** A LangGraph `StateGraph` and what is added to it. */
export interface GraphFact {
  line: number;
  variable?: string;
  stateType?: string;
  nodes: { name: string; handler?: string; line: number }[];
  edges: { from: string; to: string; line: number; conditional?: boolean }[];
  entryPoint?: string;
  /** Functions that pick the next node of conditional edges. */
  routers: string[];
  compiled: boolean;
}

/** A CrewAI `Agent`. */
export interface CrewAgentFact {
  line: number;
  variable?: string;
  role?: string;
  goal?: string;
  backstory?: string;
  tools: string[];
}

/** A CrewAI `Task`. */
export interface CrewTaskFact {
  line: number;
  variable?: string;
  description?: string;
  expectedOutput?: string;
  agent?: string;
}

/** A CrewAI `Crew` (or a `@CrewBase` class). */
export interface CrewFact {
  line: number;
  variable?: string;
  agents: string[];
  tasks: string[];
  process?: string;
}

/** Agent-framework facts of one file. */
export interface AgentFileFacts {
  /** Frameworks imported: `langchain`, `langgraph`, `crewai`, `autogen`, `llama_index`, `semantic_kernel`, ... */
  frameworks: { name: string; line: number; module: string }[];
  tools: AgentToolFact[];
  /** LangChain/LangGraph agent constructors (`create_react_agent`, `AgentExecutor`, `initialize_agent`). */
  agentConstructors: { api: string; line: number }[];
  graphs: GraphFact[];
  crewAgents: CrewAgentFact[];
  crewTasks: CrewTaskFact[];
  crews: CrewFact[];
  /** Loops that call a model on every turn (AutoGPT-style). */
  loops: { line: number; kind: 'unbounded' | 'bounded'; llmLines: number[] }[];
}

/** Kinds of external services. */
export type ServiceKind =
  | 'database'
  | 'cache'
  | 'queue'
  | 'storage'
  | 'email'
  | 'http-api'
  | 'llm-api'
  | 'vector-store'
  | 'search';

/** One sign in a file that the code talks to an external service. */
export interface ServiceUseFact {
  /** Service id, e.g. `postgresql`, `redis`, `s3`, `openai`. */
  service: string;
  kind: ServiceKind;
  line: number;
  /** `import`, `call`, or `url`. */
  via: 'import' | 'call' | 'url';
  detail: string;
}

/** Categories of calls a security review cares about. */
export type SensitiveCallCategory =
  | 'code-execution'
  | 'shell'
  | 'subprocess'
  | 'deserialization'
  | 'network'
  | 'filesystem-delete'
  | 'dynamic-import'
  | 'native-code';

/** A call a security review or the sandbox cares about, with its arguments as far as they are known. */
export interface SensitiveCallFact {
  category: SensitiveCallCategory;
  /** Resolved through imports, e.g. `subprocess.run`, `pickle.loads`, `child_process.exec`. */
  callee: string;
  line: number;
  column: number;
  args: StaticValue[];
  kwargs: Record<string, StaticValue>;
  /** Why it is in this category when the callee alone does not say it, e.g. `shell=True`. */
  detail?: string;
}

/** Hints about what the code needs to run. */
export interface ResourceFileFacts {
  gpu: { line: number; detail: string }[];
  longRunning: { line: number; detail: string }[];
}

/** Where tree-sitter found a syntax error. */
export interface SyntaxErrorFact {
  line: number;
  column: number;
}

/**
 * Everything the scanner learns from one source file. Independent of the file's path, so files with
 * the same content share one cached entry.
 */
export interface FileFacts {
  language: ParsedLanguage;
  lineCount: number;
  functions: FunctionFact[];
  classes: ClassFact[];
  imports: ImportFact[];
  exports: ExportFact[];
  /** Python `__all__` when it is a literal list. */
  declaredAll?: string[];
  mainGuard?: MainGuardFact;
  shebang?: string;
  envReads: EnvReadFact[];
  dotenvLoads: DotenvLoadFact[];
  /** Names of environment variables read with a name that is not a literal (counted, not named). */
  dynamicEnvReads: number;
  cliPrograms: CliProgramFact[];
  routes: RouteFact[];
  /** Routers of other modules mounted under a prefix here. */
  routeMounts: RouteMountFact[];
  servers: ServerFact[];
  llmCalls: LlmCallFact[];
  agents: AgentFileFacts;
  services: ServiceUseFact[];
  sensitiveCalls: SensitiveCallFact[];
  resources: ResourceFileFacts;
  /** Every print of the file prints JSON (`print(json.dumps(...))`, `console.log(JSON.stringify(...))`). */
  printsJson: boolean;
  syntaxErrors: SyntaxErrorFact[];
  /** Extractors that failed on this file (a scanner bug; the other facts are still there). */
  extractorFailures: { extractor: string; message: string }[];
}
