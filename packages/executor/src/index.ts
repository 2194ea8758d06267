// Anything exported here is public API of @mark1/executor; everything else is internal.

export { ExecutorErrorCodes, StepFailedError } from './errors';
export type { ExecutorErrorCode } from './errors';

export { createExecutor, toExecutorError } from './create-executor';
export type {
  CapabilityRunOptions,
  CapabilityRunResult,
  ExecutionLimits,
  Executor,
  ExecutorOptions,
  RunHandle,
  RunOptions,
  RunStatus,
} from './executor-types';
export type { EngineSettings, RunResult, StepSummary } from './engine/run-types';

export {
  RUN_OUTCOMES,
  RunEventBodySchema,
  STEP_OUTCOMES,
  parseRunEvent,
} from './events/run-events';
export type {
  EventError,
  RunEvent,
  RunEventBody,
  RunEventListener,
  RunEventType,
  RunOutcome,
  StepOutcome,
} from './events/run-events';

export { createLocalDispatcher } from './dispatch/local-dispatcher';
export type { LocalDispatcherOptions } from './dispatch/local-dispatcher';
export type { StepDispatcher } from './dispatch/step-dispatcher';
export { invokeCapability } from './invocation/invoke-capability';
export type {
  CallHooks,
  CallResult,
  CapabilityCall,
  InvocationServices,
} from './invocation/invoke-capability';
export type { OutputFile } from './invocation/output-mapping';

export { PROTECTIONS, probeSandbox } from './sandbox/sandbox-support';
export type { Protection, ProtectionSupport, SandboxSupport } from './sandbox/sandbox-support';
export type { SandboxReport } from './sandbox/sandbox-policy';
export type { LimitDefaults } from './sandbox/resource-limits';
export type { SandboxUidPool } from './sandbox/sandbox-uids';
export { createSandboxUidPool } from './sandbox/sandbox-uids';
export type { WarmPoolOptions } from './workers/warm-pool';
