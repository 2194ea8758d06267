// step_runs insert throughput on SQLite and PostgreSQL: one row per call (each its own implicit
// transaction: the baseline an executor pays when it records steps as they start) against
// createMany (all rows in one transaction, batched INSERTs), measured side by side in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStorage, type NewStepRun, type Storage } from '../src/index';
// The harness helper is imported relatively by design; the root lint config does not exempt bench/ yet.
import { elapsedMs, fmt, reportBenchmark } from '../../../tools/bench/report';

const POSTGRES_URL =
  process.env.MARK1_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROUNDS = 3;
const ONE_BY_ONE_ROWS = 1000;
const BATCH_ROWS = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function stepRuns(runId: string, count: number): NewStepRun[] {
  return Array.from({ length: count }, (_, index) => ({
    runId,
    stepId: `step-${index % 10}`,
    itemIndex: index,
    inputs: { file: `part-${index}.csv`, options: { header: true, delimiter: ',' } },
  }));
}

async function measure(storage: Storage): Promise<{ oneByOne: number; batched: number }> {
  const oneByOne: number[] = [];
  const batched: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const run = await storage.runs.create({
      workflowName: 'bench',
      workflow: { name: 'bench', steps: [] },
    });
    const single = stepRuns(run.id, ONE_BY_ONE_ROWS);
    let start = process.hrtime.bigint();
    for (const stepRun of single) await storage.stepRuns.create(stepRun);
    oneByOne.push(ONE_BY_ONE_ROWS / (elapsedMs(start) / 1000));

    const many = stepRuns(run.id, BATCH_ROWS);
    start = process.hrtime.bigint();
    await storage.stepRuns.createMany(many);
    batched.push(BATCH_ROWS / (elapsedMs(start) / 1000));
  }
  return { oneByOne: median(oneByOne), batched: median(batched) };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const rows: (string | number)[][] = [];
const notes: string[] = [];

const folder = mkdtempSync(join(tmpdir(), 'mark1-bench-'));
try {
  const sqlite = await createStorage({ url: `sqlite://${join(folder, 'bench.db')}` });
  const result = await measure(sqlite);
  await sqlite.close();
  rows.push([
    'SQLite (file, WAL, synchronous=NORMAL)',
    fmt(result.oneByOne, 0),
    fmt(result.batched, 0),
    `${fmt(result.batched / result.oneByOne, 1)}×`,
  ]);
} finally {
  rmSync(folder, { recursive: true, force: true });
}

if (await postgresReachable()) {
  const schema = `mark1_bench_${process.pid}`;
  const postgres = await createStorage({ url: `${POSTGRES_URL}?schema=${schema}` });
  try {
    const result = await measure(postgres);
    rows.push([
      'PostgreSQL 15 on 127.0.0.1 (TCP)',
      fmt(result.oneByOne, 0),
      fmt(result.batched, 0),
      `${fmt(result.batched / result.oneByOne, 1)}×`,
    ]);
  } finally {
    await postgres.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
} else {
  notes.push(`PostgreSQL was not reachable at ${POSTGRES_URL}; its row is missing from this run.`);
}

notes.push(
  `Median of ${ROUNDS} rounds; ${fmt(ONE_BY_ONE_ROWS, 0)} rows one by one, ${fmt(BATCH_ROWS, 0)} rows per createMany.`,
  'Both paths validate every row with zod and read the stored rows back (the repository returns records).',
  'The executor should record the step runs it creates together (a foreach fan-out, a new run) with createMany.',
);

reportBenchmark({
  id: 'storage-step-runs',
  title: 'step_runs inserts per second',
  description:
    'Rows per second written through `storage.stepRuns`: `create` one row per call, each committed on its own (baseline), against `createMany` writing all rows in one transaction with batched INSERTs.',
  columns: ['engine', 'one by one (rows/s)', 'createMany, one transaction (rows/s)', 'speed-up'],
  rows,
  notes,
});
