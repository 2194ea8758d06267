import { Mark1Error, type WorkflowStep } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryKindOf, retryPolicyOf } from './retry-policy';

const step = (retry?: WorkflowStep['retry']): WorkflowStep =>
  ({
    id: 's',
    plugin: 'p',
    capability: 'c',
    inputs: {},
    depends_on: [],
    on_error: 'fail',
    ...(retry ? { retry } : {}),
  }) as WorkflowStep;

describe('retry policy', () => {
  it('uses the configured retries when the step has no retry of its own', () => {
    expect(retryPolicyOf(step(), 3).max_attempts).toBe(4);
    expect(retryPolicyOf(step(), 0).max_attempts).toBe(1);
  });

  it('grows exponentially up to max_delay, with jitter added on top', () => {
    const policy = {
      max_attempts: 6,
      backoff: {
        type: 'exponential' as const,
        initial_delay: 1,
        max_delay: 5,
        multiplier: 2,
        jitter: 0.5,
      },
      retry_on: ['error' as const],
    };
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, () => 0))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(1500);
    expect(
      backoffDelayMs({ ...policy, backoff: { ...policy.backoff, type: 'fixed' } }, 4, () => 0),
    ).toBe(1000);
  });

  it('retries plugin failures but never bad inputs or cancellation', () => {
    const kind = (code: string) => retryKindOf(new Mark1Error(code, 'x'));
    expect([
      kind('TIMEOUT'),
      kind('PLUGIN_EXIT_NONZERO'),
      kind('OUTPUT_INVALID'),
      kind('PLUGIN_ERROR'),
    ]).toEqual(['timeout', 'exit_code', 'output_invalid', 'error']);
    expect([
      kind('STEP_INPUT_INVALID'),
      kind('CANCELLED'),
      kind('SECRET_NOT_AVAILABLE'),
      kind('INPUT_PATH_NOT_FOUND'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
