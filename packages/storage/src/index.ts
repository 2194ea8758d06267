// Anything exported here is public API of @mark1/storage; everything else is internal.

export { StorageErrorCodes } from './errors';
export type { StorageErrorCode } from './errors';

export {
  CONFIG_KEY_DEFINITIONS,
  CONFIG_KEY_SCHEMAS,
  LOG_LEVELS,
  SANDBOX_MODES,
} from './config/config-keys';
export type {
  ConfigKey,
  ConfigKeyDefinition,
  ConfigValue,
  LogLevel,
  SandboxMode,
} from './config/config-keys';
export { describeConfigSource } from './config/config-source';
export type { ConfigSource } from './config/config-source';
export { loadConfig } from './config/load-config';
export type {
  ConfigEntry,
  LoadConfigOptions,
  LoadedConfig,
  Mark1Config,
} from './config/load-config';
export { renderConfigTemplate } from './config/config-template';
export { homeLayout } from './config/home-layout';
export type { HomeLayout } from './config/home-layout';
export { initHome } from './home/init-home';
export type { InitHomeResult } from './home/init-home';
export { writeFileAtomic } from './home/write-file-atomic';

export { parseDatabaseUrl, redactDatabaseUrl } from './database/database-url';
export type {
  DatabaseEngine,
  DatabaseTarget,
  ParseDatabaseUrlOptions,
} from './database/database-url';
export type { ReadOnlySqlOptions, ReadOnlySqlResult } from './database/read-only-sql';

export { createStorage } from './create-storage';
export type { Storage, StorageOptions } from './create-storage';
export { MIGRATIONS_TABLE } from './migrations/migration-list';
export type { AppliedMigration, MigrationStatus } from './migrations/migrator';
export { MARK1_TABLES, isMark1Table } from './inspection/mark1-tables';
export type { Mark1Table } from './inspection/mark1-tables';
export type { DatabaseStatus, TableRowCount } from './inspection/database-status';
export type { TableQueryOptions, TableQueryResult } from './inspection/table-query';
export type {
  CapabilityTiming,
  MonitoringOptions,
  MonitoringReport,
  RecentFailure,
} from './inspection/monitoring-report';

export type { Repositories } from './repositories/create-repositories';
export { ErrorInfoSchema } from './repositories/repository-context';
export type { ErrorInfo } from './repositories/repository-context';
export {
  NewPluginSchema,
  PLUGIN_STATUSES,
  PluginPatchSchema,
  PluginRecordSchema,
} from './repositories/plugins-repository';
export type {
  NewPlugin,
  PluginListOptions,
  PluginPatch,
  PluginRecord,
  PluginStatus,
  PluginsRepository,
} from './repositories/plugins-repository';
export {
  NewPluginVersionSchema,
  PluginVersionRecordSchema,
} from './repositories/plugin-versions-repository';
export type {
  NewPluginVersion,
  PluginVersionRecord,
  PluginVersionsRepository,
} from './repositories/plugin-versions-repository';
export {
  NewPluginCapabilitySchema,
  PluginCapabilityRecordSchema,
} from './repositories/plugin-capabilities-repository';
export type {
  ActiveCapabilityRecord,
  CapabilityListOptions,
  NewPluginCapability,
  PluginCapabilitiesRepository,
  PluginCapabilityRecord,
} from './repositories/plugin-capabilities-repository';
export {
  EXECUTION_STATUSES,
  ExecutionOutcomeSchema,
  NewPluginExecutionSchema,
  PluginExecutionRecordSchema,
} from './repositories/plugin-executions-repository';
export type {
  ExecutionListOptions,
  ExecutionOutcome,
  ExecutionStatus,
  NewPluginExecution,
  PluginExecutionRecord,
  PluginExecutionsRepository,
} from './repositories/plugin-executions-repository';
export { NewWorkflowSchema, WorkflowRecordSchema } from './repositories/workflows-repository';
export type {
  NewWorkflow,
  WorkflowRecord,
  WorkflowsRepository,
} from './repositories/workflows-repository';
export {
  NewRunSchema,
  RUN_STATES,
  RUN_TRANSITIONS,
  RunRecordSchema,
  RunTransitionSchema,
} from './repositories/runs-repository';
export type {
  NewRun,
  RunListOptions,
  RunOwner,
  RunRecord,
  RunState,
  RunTransition,
  RunsRepository,
} from './repositories/runs-repository';
export {
  NewStepRunSchema,
  STEP_RUN_STATES,
  STEP_RUN_TRANSITIONS,
  StepRunRecordSchema,
  StepRunTransitionSchema,
} from './repositories/step-runs-repository';
export type {
  NewStepRun,
  StepRunRecord,
  StepRunState,
  StepRunTransition,
  StepRunsRepository,
} from './repositories/step-runs-repository';
export { NewRunEventSchema, RunEventRecordSchema } from './repositories/run-events-repository';
export type {
  NewRunEvent,
  RunEventListOptions,
  RunEventRecord,
  RunEventsRepository,
} from './repositories/run-events-repository';
export { ContextRecordSchema, NewContextSchema } from './repositories/contexts-repository';
export type {
  ContextListOptions,
  ContextRecord,
  ContextsRepository,
  NewContext,
} from './repositories/contexts-repository';
export { EncryptedSecretSchema, SecretRecordSchema } from './repositories/secrets-repository';
export type {
  EncryptedSecret,
  SecretRecord,
  SecretsRepository,
} from './repositories/secrets-repository';
export {
  AUDIT_OUTCOMES,
  AuditEntryRecordSchema,
  NewAuditEntrySchema,
} from './repositories/audit-log-repository';
export type {
  AuditEntryRecord,
  AuditListOptions,
  AuditLogRepository,
  AuditOutcome,
  NewAuditEntry,
} from './repositories/audit-log-repository';
export {
  API_KEY_ROLES,
  API_KEY_TOKEN_PREFIX,
  ApiKeyRecordSchema,
  NewApiKeySchema,
} from './repositories/api-keys-repository';
export type {
  ApiKeyListOptions,
  ApiKeyRecord,
  ApiKeyRole,
  ApiKeysRepository,
  CreatedApiKey,
  NewApiKey,
} from './repositories/api-keys-repository';
export {
  IdempotencyRecordSchema,
  IdempotencyRequestSchema,
  IdempotentResponseSchema,
} from './repositories/idempotency-keys-repository';
export type {
  IdempotencyBegin,
  IdempotencyKeysRepository,
  IdempotencyRecord,
  IdempotencyRequest,
  IdempotentResponse,
} from './repositories/idempotency-keys-repository';
export {
  NewOrchestrationSchema,
  ORCHESTRATION_MODES,
  OrchestrationRecordSchema,
} from './repositories/orchestrations-repository';
export type {
  NewOrchestration,
  OrchestrationListOptions,
  OrchestrationMode,
  OrchestrationRecord,
  OrchestrationsRepository,
} from './repositories/orchestrations-repository';
export {
  NewPluginOperationSchema,
  PLUGIN_OPERATION_KINDS,
  PLUGIN_OPERATION_STATES,
  PLUGIN_OPERATION_TRANSITIONS,
  PluginOperationRecordSchema,
  PluginOperationTransitionSchema,
} from './repositories/plugin-operations-repository';
export type {
  NewPluginOperation,
  PluginOperationKind,
  PluginOperationRecord,
  PluginOperationState,
  PluginOperationTransition,
  PluginOperationsRepository,
} from './repositories/plugin-operations-repository';
export type {
  ConnectionStats,
  ConnectionStatsRepository,
} from './repositories/connection-stats-repository';
