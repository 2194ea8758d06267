// Context store get latency, cache warm against cold (the database), and JSON ↔ CSV conversion
// throughput against JSON.parse / JSON.stringify of the same table, each baseline in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, type Storage } from '@mark1/storage';
import { convertValue, createArtifactStore, createContextStore } from '../src/index';
import { elapsedMs, fmt, percentile, reportBenchmark } from '../../../tools/bench/report';

const ENTRIES = 500;
const READS = 2000;
const POSTGRES_URL =
  process.env.MARK1_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function entryValue(index: number) {
  return {
    step: `step-${index}`,
    status: 'succeeded',
    outputs: Array.from({ length: 8 }, (_, j) => ({
      name: `output-${j}`,
      rows: index * j,
      path: `/runs/${index}/out-${j}.csv`,
    })),
  };
}

interface Latency {
  p50: number;
  p99: number;
  perSecond: number;
}

async function measureGets(
  storage: Storage,
  folder: string,
  cacheSizeBytes: number,
  clearEachTime: boolean,
): Promise<Latency> {
  const store = createContextStore({
    storage,
    artifacts: createArtifactStore({ root: join(folder, 'artifacts') }),
    cacheSizeBytes,
  });
  const keys = Array.from({ length: ENTRIES }, (_, i) => `bench-${i}`);
  for (const key of keys) await store.get(key); // warm the cache (and the database's pages) once
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < READS; i += 1) {
    if (clearEachTime) store.clearCache();
    const began = process.hrtime.bigint();
    const entry = await store.get(keys[(i * 7919) % ENTRIES]!);
    samples.push(elapsedMs(began));
    if (entry === undefined) throw new Error('benchmark entry missing');
  }
  const total = elapsedMs(start);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    perSecond: (READS / total) * 1000,
  };
}

async function latencyRows(
  engine: string,
  open: () => Promise<Storage>,
  folder: string,
): Promise<(string | number)[][]> {
  const storage = await open();
  try {
    const writer = createContextStore({
      storage,
      artifacts: createArtifactStore({ root: join(folder, 'artifacts') }),
    });
    for (let i = 0; i < ENTRIES; i += 1)
      await writer.put({ key: `bench-${i}`, type: 'step-output', data: entryValue(i) });
    const cold = await measureGets(storage, folder, 0, true);
    const warm = await measureGets(storage, folder, 64 * 1024 * 1024, false);
    const row = (label: string, latency: Latency, baseline: Latency) => [
      engine,
      label,
      fmt(latency.p50 * 1000, 1),
      fmt(latency.p99 * 1000, 1),
      fmt(latency.perSecond, 0),
      `${fmt(latency.perSecond / baseline.perSecond, 1)}×`,
    ];
    return [row('cold: database', cold, cold), row('warm: LRU cache', warm, cold)];
  } finally {
    await storage.close();
  }
}

function table(rows: number) {
  const cities = ['Oslo', 'Lima', 'Kyoto', 'Accra', 'Quito', 'Perth'];
  return Array.from({ length: rows }, (_, id) => ({
    id,
    name: `Person ${id}`,
    email: `person.${id}@example.com`,
    age: 18 + (id % 60),
    score: Math.round((id * 37.7) % 1000) / 10,
    active: id % 3 !== 0,
    city: cities[id % cities.length]!,
    joined: new Date(Date.UTC(2020, 0, 1) + id * 60_000).toISOString(),
    note: id % 10 === 0 ? 'said "hello, world"' : 'plain note',
  }));
}

function throughput(run: () => unknown, megabytes: number): { ms: number; mbps: number } {
  run(); // one warm-up pass: the JIT, and the first allocation of the big strings
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const start = process.hrtime.bigint();
    run();
    times.push(elapsedMs(start));
  }
  const ms = percentile(times, 50);
  return { ms, mbps: megabytes / (ms / 1000) };
}

const folder = mkdtempSync(join(tmpdir(), 'mark1-bench-context-'));
const rows: (string | number)[][] = [];
const notes: string[] = [];
try {
  rows.push(
    ...(await latencyRows(
      'SQLite',
      () => createStorage({ url: `sqlite://${join(folder, 'bench.db')}` }),
      folder,
    )),
  );
  const schema = `mark1_bench_ctx_${process.pid}`;
  try {
    rows.push(
      ...(await latencyRows(
        'PostgreSQL',
        () => createStorage({ url: `${POSTGRES_URL}?schema=${schema}` }),
        folder,
      )),
    );
  } catch (error) {
    notes.push(`PostgreSQL not measured: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    try {
      execFileSync(
        'psql',
        [POSTGRES_URL, '-X', '-q', '-c', `drop schema if exists "${schema}" cascade`],
        { stdio: 'ignore' },
      );
    } catch {
      // Nothing to drop when PostgreSQL was not there.
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

console.log(
  [
    '| engine | read | p50 (µs) | p99 (µs) | reads/s | vs cold |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n'),
);
const records = table(56_000);
const jsonText = JSON.stringify(records);
const jsonMb = Buffer.byteLength(jsonText) / 1e6;
const csvText = convertValue(records, 'json', 'csv').value as string;
const csvMb = Buffer.byteLength(csvText) / 1e6;
const stringify = throughput(() => JSON.stringify(records), jsonMb);
const parse = throughput(() => JSON.parse(jsonText), jsonMb);
const toCsv = throughput(() => convertValue(records, 'json', 'csv'), jsonMb);
const fromCsv = throughput(() => convertValue(csvText, 'csv', 'json'), csvMb);
const roundTrip = convertValue(csvText, 'csv', 'json').value;
if (JSON.stringify(roundTrip) !== jsonText)
  throw new Error('json → csv → json did not give the table back');
const conversionRows = [
  [
    'JSON.stringify (baseline)',
    fmt(jsonMb, 1),
    fmt(stringify.ms, 0),
    fmt(stringify.mbps, 0),
    '100%',
  ],
  [
    'json → csv (convertValue)',
    fmt(jsonMb, 1),
    fmt(toCsv.ms, 0),
    fmt(toCsv.mbps, 0),
    `${fmt((toCsv.mbps / stringify.mbps) * 100, 0)}%`,
  ],
  ['JSON.parse (baseline)', fmt(jsonMb, 1), fmt(parse.ms, 0), fmt(parse.mbps, 0), '100%'],
  [
    'csv → json (convertValue)',
    fmt(csvMb, 1),
    fmt(fromCsv.ms, 0),
    fmt(fromCsv.mbps, 0),
    `${fmt((fromCsv.mbps / parse.mbps) * 100, 0)}%`,
  ],
];

reportBenchmark({
  id: 'context-store',
  title: 'Context store: get latency (cache warm vs cold) and JSON ↔ CSV conversion',
  description: [
    `Get latency over ${ENTRIES} step-output contexts (about ${fmt(Buffer.byteLength(JSON.stringify(entryValue(ENTRIES / 2))) / 1000, 1)} KB of JSON each), ${READS} reads in a scattered order: cold reads empty the LRU cache before every get, so each one is a database query plus decoding; warm reads hit the cache. Rates are sequential reads per second in one process, with the cold read as the baseline.`,
    '',
    '| engine | read | p50 (µs) | p99 (µs) | reads/s | vs cold |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Conversion throughput on a ${fmt(jsonMb, 1)} MB JSON table (${records.length.toLocaleString('en-US')} records × 9 fields; the CSV is ${fmt(csvMb, 1)} MB), median of 3 runs after a warm-up. MB/s counts the input's size; the baselines are JSON.stringify (for writing CSV) and JSON.parse (for reading it) of the same table. The csv → json run includes per-column type inference, and the round trip is checked to give the table back.`,
  ].join('\n'),
  columns: ['operation', 'input MB', 'time (ms)', 'MB/s', 'share of baseline'],
  rows: conversionRows,
  notes,
});
