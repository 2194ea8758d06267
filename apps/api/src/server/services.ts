import type { ContextStore } from '@mark1/context';
import type { Registry } from '@mark1/registry';
import type { Mark1Config, Storage } from '@mark1/storage';
import type { RunEventNotifier } from '../events/run-event-notifier';
import type { ApiMetrics } from '../metrics/metrics';
import type { PathGuard } from '../security/allowed-paths';
import type { ApiSettings } from './api-settings';
import type { BackgroundTasks } from './background-tasks';
import type { RunService } from './run-service';

/** The packages the routes call, wired once per server. */
export interface ApiServices {
  readonly config: Mark1Config;
  readonly settings: ApiSettings;
  readonly storage: Storage;
  readonly registry: Registry;
  readonly contexts: ContextStore;
  /** Runs workflows and capabilities through the executor, in the background. */
  readonly runs: RunService;
  readonly notifier: RunEventNotifier;
  readonly metrics: ApiMetrics;
  readonly paths: PathGuard;
  /** Background work (installs) the server waits for, or interrupts, when it stops. */
  readonly tasks: BackgroundTasks;
}

/**
 * How routes reach the services: a call that throws `SERVICE_UNAVAILABLE` when there are none (the
 * app built only to generate the OpenAPI document, without a database).
 */
export type ServiceAccess = () => ApiServices;
