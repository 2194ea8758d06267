import { describe, expect, it } from 'vitest';
import { parseRunEvent } from './run-events';

describe('parseRunEvent', () => {
  it('reads a stored event back into a typed event', () => {
    expect(
      parseRunEvent({
        seq: 4,
        type: 'step.finished',
        at: '2026-01-01T00:00:00.000Z',
        payload: {
          runId: 'r',
          stepId: 's',
          itemIndex: null,
          attempt: 2,
          state: 'failed',
          error: { code: 'TIMEOUT', message: 'late' },
          retryInMs: 1000,
        },
      }),
    ).toEqual({
      type: 'step.finished',
      seq: 4,
      at: '2026-01-01T00:00:00.000Z',
      runId: 'r',
      stepId: 's',
      itemIndex: null,
      attempt: 2,
      state: 'failed',
      error: { code: 'TIMEOUT', message: 'late' },
      retryInMs: 1000,
    });
  });

  it('ignores events of unknown types or shapes', () => {
    expect(
      parseRunEvent({ seq: 1, type: 'step.exploded', at: '2026-01-01T00:00:00.000Z', payload: {} }),
    ).toBeUndefined();
    expect(
      parseRunEvent({
        seq: 1,
        type: 'run.finished',
        at: '2026-01-01T00:00:00.000Z',
        payload: { runId: 'r' },
      }),
    ).toBeUndefined();
  });
});
