import { type ApiKeysRepository, createApiKeysRepository } from './api-keys-repository';
import { type AuditLogRepository, createAuditLogRepository } from './audit-log-repository';
import {
  type ConnectionStatsRepository,
  createConnectionStatsRepository,
} from './connection-stats-repository';
import { type ContextsRepository, createContextsRepository } from './contexts-repository';
import {
  createPluginCapabilitiesRepository,
  type PluginCapabilitiesRepository,
} from './plugin-capabilities-repository';
import {
  createIdempotencyKeysRepository,
  type IdempotencyKeysRepository,
} from './idempotency-keys-repository';
import {
  createOrchestrationsRepository,
  type OrchestrationsRepository,
} from './orchestrations-repository';
import {
  createPluginExecutionsRepository,
  type PluginExecutionsRepository,
} from './plugin-executions-repository';
import {
  createPluginOperationsRepository,
  type PluginOperationsRepository,
} from './plugin-operations-repository';
import {
  createPluginVersionsRepository,
  type PluginVersionsRepository,
} from './plugin-versions-repository';
import { createPluginsRepository, type PluginsRepository } from './plugins-repository';
import type { RepositoryContext } from './repository-context';
import { createRunEventsRepository, type RunEventsRepository } from './run-events-repository';
import { createRunsRepository, type RunsRepository } from './runs-repository';
import { createSecretsRepository, type SecretsRepository } from './secrets-repository';
import { createStepRunsRepository, type StepRunsRepository } from './step-runs-repository';
import { createWorkflowsRepository, type WorkflowsRepository } from './workflows-repository';

/** Every repository, bound to one connection or transaction. */
export interface Repositories {
  readonly plugins: PluginsRepository;
  readonly pluginVersions: PluginVersionsRepository;
  readonly pluginCapabilities: PluginCapabilitiesRepository;
  readonly pluginExecutions: PluginExecutionsRepository;
  readonly workflows: WorkflowsRepository;
  readonly runs: RunsRepository;
  readonly stepRuns: StepRunsRepository;
  readonly runEvents: RunEventsRepository;
  readonly contexts: ContextsRepository;
  readonly secrets: SecretsRepository;
  readonly auditLog: AuditLogRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly idempotencyKeys: IdempotencyKeysRepository;
  readonly orchestrations: OrchestrationsRepository;
  readonly pluginOperations: PluginOperationsRepository;
  readonly connectionStats: ConnectionStatsRepository;
}

/** Builds every repository on `context`. */
export function createRepositories(context: RepositoryContext): Repositories {
  return {
    plugins: createPluginsRepository(context),
    pluginVersions: createPluginVersionsRepository(context),
    pluginCapabilities: createPluginCapabilitiesRepository(context),
    pluginExecutions: createPluginExecutionsRepository(context),
    workflows: createWorkflowsRepository(context),
    runs: createRunsRepository(context),
    stepRuns: createStepRunsRepository(context),
    runEvents: createRunEventsRepository(context),
    contexts: createContextsRepository(context),
    secrets: createSecretsRepository(context),
    auditLog: createAuditLogRepository(context),
    apiKeys: createApiKeysRepository(context),
    idempotencyKeys: createIdempotencyKeysRepository(context),
    orchestrations: createOrchestrationsRepository(context),
    pluginOperations: createPluginOperationsRepository(context),
    connectionStats: createConnectionStatsRepository(context),
  };
}
