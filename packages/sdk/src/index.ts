// Anything exported here is public API of @mark1/sdk; everything else is internal.

export { Mark1Error, SdkErrorCodes, toMark1Error } from './errors';
export type { Mark1ErrorOptions, SdkErrorCode } from './errors';

export {
  DATA_TYPES,
  DataTypeSchema,
  FILE_DATA_TYPES,
  compatibility,
  isDataType,
} from './data-types';
export type { DataType, TypeCompatibility } from './data-types';

export { parseByteSize, parseDuration } from './duration';

export { closestMatch, didYouMean, editDistance } from './suggest';

export { formatDataPath, parseYamlSource } from './source-map';
export type {
  DataPath,
  ParsedSource,
  SourceMap,
  SourceParseProblem,
  SourcePosition,
} from './source-map';

export {
  InputSchemaSchema,
  JSON_TYPES,
  PATH_INPUT_FORMATS,
  dataTypeOfSchema,
  isPathInput,
} from './manifest/json-schema';
export type {
  CapabilityInputs,
  InputSchema,
  InputSchemaKeywords,
  JsonType,
} from './manifest/json-schema';

export {
  CliArgSchema,
  CliEntryPointSchema,
  ContainerEntryPointSchema,
  EntryPointSchema,
  HttpEntryPointSchema,
  HttpMethodSchema,
  NodeFunctionEntryPointSchema,
  PythonFunctionEntryPointSchema,
  StdoutModeSchema,
} from './manifest/entry-points';
export type {
  CliArg,
  CliEntryPoint,
  ContainerEntryPoint,
  EntryPoint,
  EntryPointInput,
  EntryPointType,
  HttpEntryPoint,
  NodeFunctionEntryPoint,
  PythonFunctionEntryPoint,
} from './manifest/entry-points';
export { argvText, renderCliArgs, renderCliArgv } from './manifest/cli-argv';
export type { CliArgTemplates } from './manifest/cli-argv';

export {
  CAPABILITY_NAME_PATTERN,
  CapabilityExampleSchema,
  CapabilityInputsSchema,
  CapabilityOutputsSchema,
  CapabilitySchema,
  DependenciesSchema,
  DurationSchema,
  ENV_NAME_PATTERN,
  EnvironmentVariableSchema,
  MANIFEST_SCHEMA_VERSION,
  OutputSpecSchema,
  PLUGIN_NAME_PATTERN,
  PermissionsSchema,
  PluginInfoSchema,
  PluginManifestSchema,
  RuntimeSchema,
} from './manifest/schema';
export type {
  Capability,
  CapabilityInput,
  Dependencies,
  EnvironmentVariable,
  OutputSpec,
  Permissions,
  PluginInfo,
  PluginManifest,
  PluginManifestInput,
  Runtime,
} from './manifest/schema';

export { toDataType, toKebabCase, toPluginName, splitCommandLine } from './manifest/names';
export { ManifestError } from './manifest/manifest-error';
export type { ManifestProblem } from './manifest/manifest-error';
export {
  MANIFEST_FILENAMES,
  MANIFEST_FORMATS,
  findManifestFile,
  readManifest,
  readManifestFile,
} from './manifest/read-manifest';
export type {
  ManifestFormat,
  ReadManifestOptions,
  ReadManifestResult,
} from './manifest/read-manifest';
export { writeManifest } from './manifest/write-manifest';

export {
  BackoffSchema,
  DependsOnSchema,
  RETRY_ON,
  RetrySchema,
  STEP_ID_PATTERN,
  StepSchema,
  WorkflowInputSchema,
  WorkflowSchema,
} from './workflow/schema';
export type {
  RetryPolicy,
  Workflow,
  WorkflowInput,
  WorkflowInputSpec,
  WorkflowStep,
  WorkflowStepInput,
} from './workflow/schema';

export { WorkflowError, WorkflowIssueCodes, formatIssue } from './workflow/issues';
export type {
  DataEdge,
  WorkflowIssue,
  WorkflowIssueCode,
  WorkflowValidationReport,
} from './workflow/issues';
export { validateWorkflow } from './workflow/validate';
export type { ValidateWorkflowOptions } from './workflow/validate';
export { assertValidWorkflow, parseWorkflow, validateWorkflowText } from './workflow/parse';
export type { ParseWorkflowOptions, ParsedWorkflow } from './workflow/parse';

export { collectPaths, formatPath } from './expressions/ast';
export type {
  BinaryNode,
  BinaryOperator,
  ExpressionNode,
  ListNode,
  LiteralNode,
  NotNode,
  PathNode,
} from './expressions/ast';
export { ExpressionEvaluationError, ExpressionSyntaxError } from './expressions/expression-error';
export { parseCondition, parseExpression } from './expressions/parser';
export {
  TemplateSyntaxError,
  hasTemplate,
  parseTemplate,
  templateReferences,
  wholeExpression,
} from './expressions/template';
export type { ExpressionPart, Template, TemplateReference, TextPart } from './expressions/template';
export {
  evaluateCondition,
  evaluateExpression,
  isTruthy,
  renderTemplate,
  renderValue,
  stringifyValue,
} from './expressions/evaluate';
export type { EvaluateOptions, ExpressionScope } from './expressions/evaluate';

export { defineCapability, definePlugin, inputsFromZod, isDefinedPlugin } from './define-plugin';
export type {
  DefineCapabilityOptions,
  DefinePluginOptions,
  DefinedCapability,
  DefinedPlugin,
  OutputDeclaration,
} from './define-plugin';

export { manifestJsonSchema, workflowJsonSchema } from './json-schemas';

export { createCatalog } from './catalog';
export type { CapabilityCatalog, CatalogEntry } from './catalog';

export type { PluginEnvironment, PluginResolver, ResolvedPlugin } from './plugin-resolver';
