// Capability search latency over 1,000 and 10,000 registered capabilities (p50/p99), side by side
// with a linear scan that only checks which capabilities contain every query word (no ranking),
// measured in the same run over the same capabilities and queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, loadConfig } from '@mark1/storage';
import { createRegistry } from '../src/index';
import { elapsedMs, fmt, percentile, reportBenchmark } from '../../../tools/bench/report';

const VERBS = [
  'convert',
  'analyze',
  'extract',
  'summarize',
  'translate',
  'render',
  'validate',
  'merge',
  'filter',
  'classify',
  'detect',
  'generate',
  'resize',
  'compress',
  'chart',
  'count',
  'sort',
  'score',
  'parse',
  'transcribe',
];
const NOUNS = [
  'csv',
  'json',
  'text',
  'image',
  'audio',
  'pdf',
  'table',
  'report',
  'sentiment',
  'invoice',
  'email',
  'log',
  'review',
  'markdown',
  'html',
  'video',
  'keyword',
  'entity',
  'language',
  'chart',
];
const TYPES = ['text', 'json', 'csv', 'image', 'pdf', 'markdown', 'html', 'audio', 'file'];
const QUERIES = [
  'convert csv to json',
  'analyze the sentiment of reviews',
  'extract text from pdf',
  'resize an image',
  'summarize a long report',
  'detect the language of an email',
  'render markdown as html',
  'count keywords in logs',
  'classify invoices',
  'transcribe audio to text',
];

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const rows: (string | number)[][] = [];
for (const total of [1000, 10_000]) {
  const work = mkdtempSync(join(tmpdir(), 'mark1-bench-search-'));
  const { config } = loadConfig({ env: { MARK1_HOME: join(work, 'home') }, cwd: work });
  const storage = await createStorage({ config });
  const perPlugin = 10;
  const texts: string[] = [];
  await storage.withTransaction(async (repositories) => {
    for (let plugin = 0; plugin < total / perPlugin; plugin += 1) {
      const name = `plugin-${plugin}`;
      const created = await repositories.plugins.create({
        name,
        pluginType: 'cli_tool',
        version: '1.0.0',
      });
      await repositories.pluginVersions.add({
        pluginId: created.pluginId,
        version: '1.0.0',
        manifest: {},
        path: join(work, name),
      });
      const capabilities = Array.from({ length: perPlugin }, (_, index) => {
        const verb = pick(VERBS);
        const noun = pick(NOUNS);
        const description = `${verb}s ${noun} data and ${pick(VERBS)}s the ${pick(NOUNS)} it finds, for ${pick(NOUNS)} workflows`;
        const input = pick(TYPES);
        const output = pick(TYPES);
        texts.push(
          `${verb}-${noun}-${index} ${description} ${noun} ${input} ${output}`.toLowerCase(),
        );
        return {
          name: `${verb}-${noun}-${index}`,
          description,
          inputTypes: [input],
          outputTypes: [output],
          parameters: {
            type: 'object',
            properties: {
              [noun]: { type: 'string', data_type: input, description: `the ${noun}` },
            },
            required: [noun],
          },
          tags: [noun, verb],
        };
      });
      await repositories.pluginCapabilities.replace(created.pluginId, '1.0.0', capabilities);
    }
  });
  const registry = createRegistry({ storage, config });
  let start = process.hrtime.bigint();
  await registry.searchCapabilities('warm up the index');
  const coldMs = elapsedMs(start);

  const ranked: number[] = [];
  const linear: number[] = [];
  for (let round = 0; round < 30; round += 1) {
    for (const query of QUERIES) {
      start = process.hrtime.bigint();
      const hits = await registry.searchCapabilities(query, { limit: 10 });
      ranked.push(elapsedMs(start));
      if (hits.length === 0) throw new Error(`no hits for ${query}`);
      const words = query
        .toLowerCase()
        .split(/\s+/)
        .filter((word) => word.length > 3);
      start = process.hrtime.bigint();
      texts.filter((text) => words.every((word) => text.includes(word))).slice(0, 10);
      linear.push(elapsedMs(start));
    }
  }
  rows.push([
    fmt(total, 0),
    fmt(percentile(linear, 50), 2),
    fmt(percentile(linear, 99), 2),
    fmt(percentile(ranked, 50), 2),
    fmt(percentile(ranked, 99), 2),
    fmt(coldMs, 0),
  ]);
  await storage.close();
  rmSync(work, { recursive: true, force: true });
}

reportBenchmark({
  id: 'registry-search',
  title: 'Capability search latency',
  description:
    'Milliseconds per `searchCapabilities` call (BM25 over names, tags, plugin names, descriptions, input names and input/output data types; top 10) over capabilities registered in SQLite, ' +
    '10 plain-words queries × 30 rounds, next to a linear substring scan over the same capability texts (baseline, same run, unranked). ' +
    'A warm call includes the change check (one query of the plugins table); the first call also reads every active capability and builds the index (last column).',
  columns: [
    'capabilities',
    'linear scan p50',
    'linear scan p99',
    'search p50',
    'search p99',
    'first call (index build)',
  ],
  rows,
  notes: [
    'p99 includes the change check that runs at most once a second (it reads the plugins table), and GC pauses.',
    `The machine is shared: load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores at the end of the run.`,
  ],
});
