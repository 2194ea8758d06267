import { type Mark1Error, RETRY_ON, type RetryPolicy, type WorkflowStep } from '@mark1/sdk';
import { ExecutorErrorCodes } from '../errors';

/** Which `retry_on` kind an error is, or undefined when retrying cannot help (bad input, cancellation). */
export function retryKindOf(error: Mark1Error): (typeof RETRY_ON)[number] | undefined {
  switch (error.code) {
    case ExecutorErrorCodes.TIMEOUT:
      return 'timeout';
    case ExecutorErrorCodes.PLUGIN_EXIT_NONZERO:
    case ExecutorErrorCodes.MEMORY_LIMIT:
    case ExecutorErrorCodes.CPU_LIMIT:
    case ExecutorErrorCodes.FILE_SIZE_LIMIT:
    case ExecutorErrorCodes.PROCESS_LIMIT:
      return 'exit_code';
    case ExecutorErrorCodes.OUTPUT_INVALID:
    case ExecutorErrorCodes.OUTPUT_TOO_LARGE:
      return 'output_invalid';
    case ExecutorErrorCodes.PLUGIN_ERROR:
    case ExecutorErrorCodes.HTTP_ERROR:
    case ExecutorErrorCodes.SPAWN_FAILED:
    case ExecutorErrorCodes.INTERNAL:
      return 'error';
    default:
      return undefined;
  }
}

/**
 * The retry policy of a step: its own `retry`, else the configured number of retries
 * (`orchestration.retry_attempts`) with the default backoff.
 */
export function retryPolicyOf(step: WorkflowStep, defaultRetries: number): RetryPolicy {
  if (step.retry) return step.retry;
  return {
    max_attempts: defaultRetries + 1,
    backoff: { type: 'exponential', initial_delay: 1, max_delay: 60, multiplier: 2, jitter: 0.2 },
    retry_on: [...RETRY_ON],
  };
}

/**
 * Milliseconds to wait before attempt `attempt + 1`: `initial_delay` times `multiplier` to the
 * power of the retries so far (exponential) or `initial_delay` (fixed), at most `max_delay`, plus a
 * random `jitter` fraction of it so that many failing steps do not retry in lockstep.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const { backoff } = policy;
  const base =
    backoff.type === 'fixed'
      ? backoff.initial_delay
      : backoff.initial_delay * backoff.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(backoff.max_delay, base);
  return Math.round(capped * (1 + backoff.jitter * random()) * 1000);
}
