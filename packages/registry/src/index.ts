// Anything exported here is public API of @mark1/registry; everything else is internal.

export { RegistryErrorCodes } from './errors';
export type { RegistryErrorCode } from './errors';

export { createRegistry } from './create-registry';
export type { Registry, RegistryOptions } from './create-registry';
export type { GeneratedManifest, ManifestGenerator } from './registry-context';

export type {
  InstallEvent,
  InstallOptions,
  InstallResult,
  InstallStep,
  UpdateOptions,
} from './install/install-plugin';
export type { UninstallResult } from './install/uninstall-plugin';
export type { RollbackResult } from './versions/rollback';
export type { InstallRecord } from './versions/install-record';
export type { RecoveryReport } from './install/operation-journal';
export type { SmokeTester, SmokeTestReport, SmokeTestResult } from './install/smoke-test';
export type { PluginTestResult } from './install/test-plugin';
export type { ConfigurationEntry, PluginDetails, PluginSummary } from './lookup/plugin-details';
export type { HealthStatus, PluginHealth } from './health/health-check';

export { nonInteractivePrompter } from './prompts/prompter';
export type { Prompter, PromptQuestion } from './prompts/prompter';
export { createTerminalPrompter } from './prompts/terminal-prompter';
export type { TerminalPrompterOptions } from './prompts/terminal-prompter';

export { validatePlugin } from './validation/validate-plugin';
export type { ReadManifestInfo, ValidatePluginOptions } from './validation/validate-plugin';
export { CERTIFICATION_LEVELS } from './validation/validation-report';
export type {
  CertificationLevel,
  ScoreItem,
  ValidationIssue,
  ValidationReport,
} from './validation/validation-report';
export { SECURITY_RULES } from './validation/security-rules';
export type { SecurityRuleId, Severity } from './validation/security-rules';
export type { SecurityFinding } from './validation/security-scan';

export type { EnvironmentReport, FailedDependency } from './environments/environment-report';
export type { PipSources } from './environments/python-environment';

export type {
  CapabilityHit,
  CapabilityInputSummary,
  CapabilitySummary,
} from './search/capability-search';

export { DEFAULT_SOURCE_LIMITS } from './sources/source-limits';
export type { SourceLimits } from './sources/source-limits';

export { generatePlugin } from './scaffold/generate-plugin';
export type { GeneratedPlugin, GeneratePluginOptions } from './scaffold/generate-plugin';
export { SCAFFOLD_LANGUAGES } from './scaffold/templates';
export type { ScaffoldLanguage } from './scaffold/templates';
export { packagePlugin } from './packaging/package-plugin';
export type { PackagedPlugin, PackagePluginOptions } from './packaging/package-plugin';
