import type { Storage } from '@mark1/storage';
import { parseRunEvent } from '../events/run-events';

/**
 * What a run's stored events say for a resume: the last event number, the caller's working
 * directory (from `run.started`), and the attempts announced as started but never as finished
 * (by step run id).
 */
export async function eventHistory(
  storage: Storage,
  runId: string,
): Promise<{
  last: number;
  cwd?: string;
  open: Map<string, { stepId: string; itemIndex: number | null; attempt: number }>;
}> {
  let last = 0;
  let cwd: string | undefined;
  const open = new Map<string, { stepId: string; itemIndex: number | null; attempt: number }>();
  const key = (payload: { stepId: string; itemIndex: number | null; attempt: number }) =>
    `${payload.stepId}/${payload.itemIndex}/${payload.attempt}`;
  const started = new Map<string, string>();
  for (;;) {
    const page = await storage.runEvents.list(runId, { afterSeq: last, limit: 1000 });
    for (const record of page) {
      const event = parseRunEvent(record);
      if (event?.type === 'run.started' && cwd === undefined) cwd = event.cwd;
      if (event?.type === 'step.started' && event.stepRunId) {
        open.set(event.stepRunId, {
          stepId: event.stepId,
          itemIndex: event.itemIndex,
          attempt: event.attempt,
        });
        started.set(key(event), event.stepRunId);
      }
      if (event?.type === 'step.finished') {
        const stepRunId = started.get(key(event));
        if (stepRunId) open.delete(stepRunId);
      }
      last = record.seq;
    }
    if (page.length < 1000) return { last, open, ...(cwd === undefined ? {} : { cwd }) };
  }
}
