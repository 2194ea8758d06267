// Anything exported here is public API of @mark1/scanner; everything else is internal.

export { ScannerErrorCodes } from './errors';
export type { ScannerErrorCode } from './errors';

export { scanRepository } from './scan-repository';
export { ScanOptionsSchema } from './options';
export type { ResolvedScanOptions, ScanOptions, ScanProgress } from './options';

export { generateManifest, GenerateManifestOptionsSchema } from './manifest/generate-manifest';
export type { GenerateManifestOptions, GeneratedManifest } from './manifest/generate-manifest';

export { PROFILE_SCHEMA_VERSION, ScanWarningCodes } from './profile/repository-profile';
export type {
  AgentProfile,
  CapabilityCandidate,
  CapabilityInvocation,
  CapabilityParameter,
  CapabilitySource,
  DependencyFact,
  DependencyProfile,
  EnvironmentVariableFact,
  Evidence,
  FileEntry,
  ImportEdge,
  LlmCallLocation,
  ModuleProfile,
  ReadmeFacts,
  RepositoryProfile,
  ResourceHints,
  ScanRunInfo,
  ScanWarning,
  ScanWarningCode,
  SensitiveCallLocation,
  ServiceFact,
  SymlinkEntry,
} from './profile/repository-profile';
export type {
  AgentFileFacts,
  AgentToolFact,
  ClassFact,
  CliCommandFact,
  CliFramework,
  CliOptionFact,
  CliProgramFact,
  CrewAgentFact,
  CrewFact,
  CrewTaskFact,
  DotenvLoadFact,
  EnvReadFact,
  ExportFact,
  FileFacts,
  FunctionFact,
  GraphFact,
  HttpFramework,
  ImportFact,
  LlmCallFact,
  LlmProvider,
  MainGuardFact,
  ParameterFact,
  ParsedLanguage,
  ResourceFileFacts,
  RouteFact,
  RouteParameterFact,
  SensitiveCallCategory,
  SensitiveCallFact,
  ServerFact,
  ServiceKind,
  ServiceUseFact,
  SyntaxErrorFact,
} from './profile/file-facts';
export { literalOf, renderStaticValue } from './profile/static-value';
export type { JsonValue, StaticValue } from './profile/static-value';

// Files
export { classifyFile, languageOf, parsedLanguageOf } from './files/classify-file';
export type { FileKind } from './files/classify-file';
export { walkRepository } from './files/walk-repository';
export type { WalkOptions, WalkResult, WalkedFile } from './files/walk-repository';
export { isIgnored, parseGitignore } from './files/gitignore';
export type { IgnoreRule } from './files/gitignore';
export { decodeText } from './files/decode-text';
export type { DecodedText } from './files/decode-text';

// Per-file extractors: parse once with parseSource, then run any of them on the model.
export { analyzeSource, parseSource } from './source-analysis';
export type {
  AccessChain,
  CallSite,
  ChainSegment,
  SourceModel,
  SyntaxNode,
} from './languages/source-model';
export { extractPythonStructure } from './extractors/structure/python-structure';
export { extractJsStructure } from './extractors/structure/js-structure';
export { extractPythonEnvReads } from './extractors/environment/python-env-reads';
export type { EnvReads } from './extractors/environment/python-env-reads';
export { extractJsEnvReads } from './extractors/environment/js-env-reads';
export { extractArgparsePrograms } from './extractors/cli/argparse-programs';
export { extractClickPrograms } from './extractors/cli/click-programs';
export { extractTyperPrograms } from './extractors/cli/typer-programs';
export { extractFirePrograms } from './extractors/cli/fire-programs';
export { extractSysArgvProgram } from './extractors/cli/sys-argv-program';
export { extractCommanderPrograms } from './extractors/cli/commander-programs';
export { extractYargsPrograms } from './extractors/cli/yargs-programs';
export { extractPythonRoutes } from './extractors/routes/python-routes';
export { extractExpressRoutes } from './extractors/routes/express-routes';
export { extractLlmCalls } from './extractors/llm/llm-calls';
export { extractAgentFacts } from './extractors/agents/agent-facts';
export { extractServiceUses } from './extractors/services/service-uses';
export { extractSensitiveCalls } from './extractors/security/sensitive-calls';
export { extractResourceHints } from './extractors/resources/resource-hints';

// Repository-level readers
export { readDependencies } from './dependencies/read-dependencies';
export { parseToml, TomlSyntaxError } from './dependencies/toml';
export type { TomlTable, TomlValue } from './dependencies/toml';
export { parseEnvExample } from './repository/env-example-file';
export type { EnvExampleEntry } from './repository/env-example-file';
export { readReadme } from './repository/readme';
export { isSecretName } from './repository/secret-names';
