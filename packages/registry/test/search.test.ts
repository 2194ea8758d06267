import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness';
import { FIXTURES } from './support/git';

let harness: Harness;

function plugin(name: string, capabilities: string): string {
  const folder = join(harness.work, name);
  cpSync(join(FIXTURES, 'needs-config', 'show.sh'), join(folder, 'run.sh'));
  writeFileSync(
    join(folder, 'mark1.plugin.yml'),
    `schema_version: "1.0"\nplugin: { name: ${name}, description: test plugin }\ncapabilities:\n${capabilities}`,
  );
  return folder;
}

beforeAll(async () => {
  harness = await createHarness({ registry: { searchRecheckMs: 0 } });
  const cli = 'entry_point: { type: cli, command: [sh, run.sh] }';
  await harness.registry.install(
    plugin(
      'converters',
      `  - { name: csv-to-json, description: Converts CSV tables into JSON records, tags: [convert, table], inputs: { csv: { type: string, data_type: csv } }, outputs: { data: json }, ${cli} }\n  - { name: json-to-csv, description: Writes JSON records as a CSV table, tags: [convert], inputs: { data: { type: object, data_type: json } }, outputs: { csv: csv }, ${cli} }\n`,
    ),
  );
  await harness.registry.install(
    plugin(
      'text-tools',
      `  - { name: analyze-sentiment, description: Scores the sentiment of a review, tags: [nlp, opinion], inputs: { text: { type: string, description: the review } }, outputs: { label: text }, ${cli} }\n  - { name: word-count, description: Counts the words of a text, tags: [text], inputs: { text: { type: string } }, outputs: { count: json }, ${cli} }\n`,
    ),
  );
  await harness.registry.install(
    plugin(
      'charts',
      `  - { name: create-chart, description: Draws a bar or line chart of a table, tags: [visualization], inputs: { csv: { type: string, data_type: csv } }, outputs: { chart: image }, ${cli} }\n`,
    ),
  );
});
afterAll(() => harness?.close());

const top = async (query: string, limit = 3) =>
  (await harness.registry.searchCapabilities(query, { limit })).map(
    (hit) => `${hit.plugin}/${hit.capability}`,
  );

describe('capability search', () => {
  it('ranks by names, descriptions, tags and input/output types', async () => {
    expect((await top('convert csv to json'))[0]).toBe('converters/csv-to-json');
    expect((await top('analyse the sentiment of customer reviews'))[0]).toBe(
      'text-tools/analyze-sentiment',
    );
    expect((await top('opinion'))[0]).toBe('text-tools/analyze-sentiment');
    expect((await top('image'))[0]).toBe('charts/create-chart');
    expect(await top('counting words')).toEqual(['text-tools/word-count']);
    expect(await top('kubernetes deployment')).toEqual([]);
    const [hit] = await harness.registry.searchCapabilities('chart', { limit: 1 });
    expect(hit).toMatchObject({
      plugin: 'charts',
      inputTypes: ['csv'],
      outputTypes: ['image'],
      matched: ['chart'],
    });
    expect(hit!.score).toBeGreaterThan(0);
  });

  it('follows installs, disables and updates, also when another registry made them', async () => {
    await harness.registry.disable('charts');
    expect(await top('chart')).toEqual([]);
    const other = harness.reopen();
    // A registry trusting its index for a minute does not see the other's change yet.
    const patient = harness.reopen({ searchRecheckMs: 60_000 });
    expect(await patient.searchCapabilities('chart')).toEqual([]);
    await other.enable('charts');
    expect(await top('chart')).toEqual(['charts/create-chart']);
    expect(await patient.searchCapabilities('chart')).toEqual([]);
    const manifest = join(harness.work, 'charts', 'mark1.plugin.yml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8')
        .replace('create-chart', 'draw-plot')
        .replace('plugin: { name: charts', 'plugin: { name: charts, version: 0.2.0'),
    );
    await other.update('charts');
    expect(await top('plot')).toEqual(['charts/draw-plot']);
    expect((await harness.registry.capabilities()).map((item) => item.capability).sort()).toEqual([
      'analyze-sentiment',
      'csv-to-json',
      'draw-plot',
      'json-to-csv',
      'word-count',
    ]);
  });
});

describe('capability search under load', () => {
  it('concurrent searches share one freshness check of the plugins table', async () => {
    const plugins = harness.storage.plugins;
    const list = plugins.list.bind(plugins);
    let reads = 0;
    plugins.list = async (...args: Parameters<typeof list>) => {
      reads += 1;
      return list(...args);
    };
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => harness.registry.searchCapabilities('csv', { limit: 1 })),
      );
      expect(new Set(results.map((hits) => hits[0]?.capability)).size).toBe(1);
      expect(reads).toBe(1);
    } finally {
      plugins.list = list;
    }
  });
});
