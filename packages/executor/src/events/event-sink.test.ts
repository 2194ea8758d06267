import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type Storage } from '@mark1/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventSink } from './event-sink';
import type { RunEvent } from './run-events';

let dir: string;
let storage: Storage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mark1-sink-'));
  storage = await createStorage({ url: `sqlite://${join(dir, 'db.sqlite')}` });
});

afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('event sink', () => {
  it('hands events to listeners at once and stores them in order, numbered as the listeners saw them', async () => {
    const run = await storage.runs.create({ workflowName: 'w', workflow: {} });
    const seen: RunEvent[] = [];
    const sink = createEventSink({
      storage,
      runId: run.id,
      lastSeq: 0,
      listeners: [(event) => seen.push(event)],
      batchDelayMs: 5,
    });
    sink.emit({
      type: 'run.started',
      runId: run.id,
      workflow: 'w',
      resumed: false,
      steps: [],
      cwd: '/',
    });
    expect(seen.map((event) => event.seq)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (let index = 0; index < 5; index += 1) {
      sink.emit({
        type: 'step.log',
        runId: run.id,
        stepId: 's',
        itemIndex: null,
        level: 'info',
        text: String(index),
      });
    }
    await sink.flush();
    // A flush with nothing left, and a timer firing after it, must settle too.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await sink.flush();
    const stored = await storage.runEvents.list(run.id);
    expect(stored.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stored.map((event) => event.seq)).toEqual(seen.map((event) => event.seq));
    expect(sink.error).toBeUndefined();
  });

  it('settles its flush whatever the timing of events, batches and timers', async () => {
    const run = await storage.runs.create({ workflowName: 'w', workflow: {} });
    const sink = createEventSink({
      storage,
      runId: run.id,
      lastSeq: 0,
      listeners: [],
      batchDelayMs: 1,
    });
    for (let index = 0; index < 30; index += 1) {
      sink.emit({
        type: 'step.log',
        runId: run.id,
        stepId: 's',
        itemIndex: null,
        level: 'info',
        text: String(index),
      });
      await new Promise((resolve) => setTimeout(resolve, index % 4));
    }
    // Timers that fire after everything was written must leave nothing in flight.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const settled = await Promise.race([
      sink.flush().then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    expect(settled).toBe(true);
    expect((await storage.runEvents.list(run.id)).length).toBe(30);
  });
});
