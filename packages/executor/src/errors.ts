import { Mark1Error, type Mark1ErrorOptions } from '@mark1/sdk';

/** Error codes raised by `@mark1/executor`. */
export const ExecutorErrorCodes = {
  /** A step failed (after its retries); the error carries the step id and any partial output. */
  STEP_FAILED: 'STEP_FAILED',
  /** A run was given inputs that do not match the workflow's declared inputs. */
  WORKFLOW_INPUT_INVALID: 'WORKFLOW_INPUT_INVALID',
  /** A step's inputs do not match its capability's input schema (missing, wrong type, not in enum). */
  STEP_INPUT_INVALID: 'STEP_INPUT_INVALID',
  /** An expression in a step (inputs, when, foreach, entry point template) could not be evaluated. */
  EXPRESSION_FAILED: 'EXPRESSION_FAILED',
  /** A path input names a file or folder that does not exist, or the sandboxed plugin could not read it. */
  INPUT_PATH_NOT_FOUND: 'INPUT_PATH_NOT_FOUND',
  /** A value could not be converted to the data type the next step's input declares. */
  CONVERSION_FAILED: 'CONVERSION_FAILED',
  /** `${secrets.NAME}` or a declared secret variable names a secret this plugin does not have. */
  SECRET_NOT_AVAILABLE: 'SECRET_NOT_AVAILABLE',
  /** A required environment variable of the plugin has no value. */
  ENV_MISSING: 'ENV_MISSING',
  /** The plugin's program could not be started (not found, not executable, argument list too long). */
  SPAWN_FAILED: 'SPAWN_FAILED',
  /** The plugin exited with a non-zero code, or was killed by a signal. */
  PLUGIN_EXIT_NONZERO: 'PLUGIN_EXIT_NONZERO',
  /** A Python or Node function raised; the message names the exception. */
  PLUGIN_ERROR: 'PLUGIN_ERROR',
  /** The call ran longer than its timeout; its whole process group was killed. */
  TIMEOUT: 'TIMEOUT',
  /** The whole run ran longer than the workflow's (or the configured) timeout. */
  RUN_TIMEOUT: 'RUN_TIMEOUT',
  /** The plugin hit its memory limit (address space, or Node's heap). */
  MEMORY_LIMIT: 'MEMORY_LIMIT',
  /** The plugin used more CPU seconds than allowed. */
  CPU_LIMIT: 'CPU_LIMIT',
  /** The plugin tried to write a file larger than allowed. */
  FILE_SIZE_LIMIT: 'FILE_SIZE_LIMIT',
  /** The plugin tried to run more processes than allowed (a fork bomb is stopped here). */
  PROCESS_LIMIT: 'PROCESS_LIMIT',
  /** The plugin wrote more to standard output (or its result channel) than the executor keeps. */
  OUTPUT_TOO_LARGE: 'OUTPUT_TOO_LARGE',
  /** The plugin's result is malformed: not JSON where JSON is required, or not the declared outputs. */
  OUTPUT_INVALID: 'OUTPUT_INVALID',
  /** An `http` entry point answered with an error status or could not be reached. */
  HTTP_ERROR: 'HTTP_ERROR',
  /** A `container` entry point needs a container engine and none is reachable. */
  CONTAINER_ENGINE_UNAVAILABLE: 'CONTAINER_ENGINE_UNAVAILABLE',
  /** An `http` entry point of a plugin whose manifest does not ask for network access. */
  NETWORK_NOT_PERMITTED: 'NETWORK_NOT_PERMITTED',
  /** `sandbox: required` and this machine cannot apply a protection the plugin needs. */
  SANDBOX_UNAVAILABLE: 'SANDBOX_UNAVAILABLE',
  /** The plugin asked to run in the orchestrator's process, and the user did not allow it (or the reverse). */
  IN_PROCESS_NOT_ALLOWED: 'IN_PROCESS_NOT_ALLOWED',
  /** The capability's entry point type cannot be run by this executor. */
  ENTRY_POINT_UNSUPPORTED: 'ENTRY_POINT_UNSUPPORTED',
  /** The plugin or capability named by a step or a call is not installed. */
  CAPABILITY_NOT_FOUND: 'CAPABILITY_NOT_FOUND',
  /** The run or step was cancelled (Ctrl-C, `workflow cancel`, an API call). */
  CANCELLED: 'CANCELLED',
  /** The orchestrator that ran the step stopped before the step finished. */
  INTERRUPTED: 'INTERRUPTED',
  /** No run has the given id. */
  RUN_NOT_FOUND: 'RUN_NOT_FOUND',
  /** The run is in a state that does not allow the request (resume a finished run, cancel a cancelled one). */
  RUN_STATE_INVALID: 'RUN_STATE_INVALID',
  /** A run is still owned by a live orchestrator, so it cannot be resumed from here. */
  RUN_IN_PROGRESS: 'RUN_IN_PROGRESS',
  /** Something in the executor itself failed; the message says what. */
  INTERNAL: 'EXECUTOR_INTERNAL',
} as const;

/** A code raised by `@mark1/executor`. */
export type ExecutorErrorCode = (typeof ExecutorErrorCodes)[keyof typeof ExecutorErrorCodes];

/** A {@link Mark1Error} with an executor code. */
export function executorError(
  code: ExecutorErrorCode,
  message: string,
  options: Mark1ErrorOptions = {},
): Mark1Error {
  return new Mark1Error(code, message, options);
}

/** A step that failed, with the error of its last attempt and what it produced before failing. */
export class StepFailedError extends Mark1Error {
  /** The step's id in the workflow. */
  readonly stepId: string;
  /** Index of the `foreach` item that failed, when the step fans out. */
  readonly itemIndex: number | undefined;
  /** Attempts made. */
  readonly attempts: number;
  /** Outputs produced before the failure (items that succeeded, values parsed before the error). */
  readonly partialOutput: Readonly<Record<string, unknown>> | undefined;
  /** The error of the last attempt (a Mark-1 error with its own code). */
  readonly reason: Mark1Error;

  constructor(options: {
    stepId: string;
    itemIndex?: number;
    attempts: number;
    reason: Mark1Error;
    partialOutput?: Record<string, unknown>;
  }) {
    const where = options.itemIndex === undefined ? '' : ` (item ${options.itemIndex})`;
    super(
      ExecutorErrorCodes.STEP_FAILED,
      `Step "${options.stepId}"${where} failed after ${options.attempts} attempt${options.attempts === 1 ? '' : 's'}: ${options.reason.message}`,
      {
        cause: options.reason,
        details: {
          stepId: options.stepId,
          ...(options.itemIndex === undefined ? {} : { itemIndex: options.itemIndex }),
          attempts: options.attempts,
          reason: options.reason.toJSON(),
          ...(options.partialOutput ? { partialOutput: options.partialOutput } : {}),
        },
      },
    );
    this.name = 'StepFailedError';
    this.stepId = options.stepId;
    this.itemIndex = options.itemIndex;
    this.attempts = options.attempts;
    this.partialOutput = options.partialOutput;
    this.reason = options.reason;
  }
}
