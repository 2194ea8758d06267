import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type RunEventRecord, type Storage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRunEvents } from './run-event-feed';
import { createRunEventNotifier } from './run-event-notifier';

let folder: string;
let storage: Storage;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mark1-feed-'));
  storage = await createStorage({ url: `sqlite://${join(folder, 'feed.db')}` });
});
afterAll(async () => {
  await storage.close();
  rmSync(folder, { recursive: true, force: true });
});

async function newRun() {
  const run = await storage.runs.create({ workflowName: 'w', workflow: { name: 'w' } });
  await storage.runs.transition(run.id, 'running');
  return run.id;
}

async function collect(feed: AsyncGenerator<RunEventRecord>): Promise<string[]> {
  const types: string[] = [];
  for await (const event of feed) types.push(`${event.seq}:${event.type}`);
  return types;
}

describe('followRunEvents', () => {
  it('replays a finished run from the start or after a sequence number, then ends', async () => {
    const runId = await newRun();
    await storage.runEvents.append(runId, [
      { type: 'run.started' },
      { type: 'step.started' },
      { type: 'step.finished' },
    ]);
    await storage.runs.transition(runId, 'succeeded');
    await storage.runEvents.append(runId, [{ type: 'run.finished' }]);
    const notifier = createRunEventNotifier();
    const signal = new AbortController().signal;
    expect(
      await collect(followRunEvents({ storage, runId, afterSeq: 0, notifier, signal })),
    ).toEqual(['1:run.started', '2:step.started', '3:step.finished', '4:run.finished']);
    expect(
      await collect(followRunEvents({ storage, runId, afterSeq: 2, notifier, signal })),
    ).toEqual(['3:step.finished', '4:run.finished']);
  });

  it('follows a live run, woken by the notifier, and waits for the closing event written after the final state', async () => {
    const runId = await newRun();
    const notifier = createRunEventNotifier();
    await storage.runEvents.append(runId, [{ type: 'run.started' }]);
    const feed = collect(
      followRunEvents({
        storage,
        runId,
        afterSeq: 0,
        notifier,
        signal: new AbortController().signal,
        pollIntervalMs: 60_000,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await storage.runEvents.append(runId, [{ type: 'step.started' }]);
    notifier.notify(runId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await storage.runs.transition(runId, 'failed');
    notifier.notify(runId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await storage.runEvents.append(runId, [{ type: 'run.finished' }]);
    notifier.notify(runId);
    expect(await feed).toEqual(['1:run.started', '2:step.started', '3:run.finished']);
  });

  it('keeps following an interrupted run, and stops when its signal aborts', async () => {
    const runId = await newRun();
    await storage.runEvents.append(runId, [{ type: 'run.started' }]);
    await storage.runs.transition(runId, 'interrupted');
    const controller = new AbortController();
    const notifier = createRunEventNotifier();
    const feed = collect(
      followRunEvents({
        storage,
        runId,
        afterSeq: 0,
        notifier,
        signal: controller.signal,
        pollIntervalMs: 20,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(notifier.waitingRuns()).toBe(1);
    controller.abort();
    expect(await feed).toEqual(['1:run.started']);
    expect(notifier.waitingRuns()).toBe(0);
  });

  it('ends a run that never writes a closing event after the grace period', async () => {
    const runId = await newRun();
    await storage.runEvents.append(runId, [{ type: 'run.started' }]);
    await storage.runs.transition(runId, 'cancelled');
    const events = await collect(
      followRunEvents({
        storage,
        runId,
        afterSeq: 0,
        notifier: createRunEventNotifier(),
        signal: new AbortController().signal,
        pollIntervalMs: 10,
        closingGraceMs: 50,
      }),
    );
    expect(events).toEqual(['1:run.started']);
  });

  it('reads long histories in batches without losing or repeating an event', async () => {
    const runId = await newRun();
    await storage.runEvents.append(
      runId,
      Array.from({ length: 25 }, (_, index) => ({ type: `step.log`, payload: { index } })),
    );
    await storage.runs.transition(runId, 'succeeded');
    await storage.runEvents.append(runId, [{ type: 'run.finished' }]);
    const seqs: number[] = [];
    for await (const event of followRunEvents({
      storage,
      runId,
      afterSeq: 5,
      notifier: createRunEventNotifier(),
      signal: new AbortController().signal,
      batchSize: 7,
    })) {
      seqs.push(event.seq);
    }
    expect(seqs).toEqual(Array.from({ length: 21 }, (_, index) => index + 6));
  });
});
