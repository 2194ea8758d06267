// Manifest and workflow throughput: parse + validate per second, side by side with the YAML parse
// alone (the baseline every reader pays) measured in the same run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createCatalog, readManifest, validateWorkflowText } from '../src/index';
import { fmt, reportBenchmark } from '../../../tools/bench/report';

const fixtures = join(import.meta.dirname, '../test/fixtures/manifests');
const native = readFileSync(join(fixtures, 'native.mark1.plugin.yml'), 'utf8');
const legacy = readFileSync(join(fixtures, 'seed-000.plugin.yaml'), 'utf8');
const catalog = createCatalog([readManifest(native).manifest]);
const workflow = `name: words
inputs:
  text: { type: string }
steps:
${Array.from(
  { length: 10 },
  (_, i) => `  - id: s${i}
    plugin: text-tools
    capability: word-count
    ${i > 0 ? `depends_on: [s${i - 1}]\n    ` : ''}inputs:
      text: "\${workflow.inputs.text} \${${i > 0 ? `steps.s${i - 1}.outputs.count` : 'workflow.inputs.text'}}"
`,
).join('')}`;

function opsPerSecond(run: () => void, seconds = 1.5): number {
  for (let i = 0; i < 200; i += 1) run();
  let operations = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 50; i += 1) run();
    operations += 50;
  }
  return operations / (Number(process.hrtime.bigint() - start) / 1e9);
}

const rows: (string | number)[][] = [];
for (const [label, text] of [
  ['mark1.plugin.yml, 5 capabilities', native],
  ['seed 000 plugin.yaml (normalized)', legacy],
] as const) {
  const baseline = opsPerSecond(() => parse(text));
  const full = opsPerSecond(() => readManifest(text));
  rows.push([label, fmt(baseline, 0), fmt(full, 0), `${fmt((full / baseline) * 100, 0)}%`]);
}
{
  if (!validateWorkflowText(workflow, catalog).valid)
    throw new Error('benchmark workflow is not valid');
  const baseline = opsPerSecond(() => parse(workflow));
  const full = opsPerSecond(() => validateWorkflowText(workflow, catalog));
  rows.push([
    'workflow, 10 chained steps',
    fmt(baseline, 0),
    fmt(full, 0),
    `${fmt((full / baseline) * 100, 0)}%`,
  ]);
}

reportBenchmark({
  id: 'sdk-manifest-parse',
  title: 'Manifest and workflow parse + validate',
  description:
    'Operations per second on one core: `yaml.parse` alone (baseline) against `readManifest` (YAML with source positions, format detection, normalization, zod validation) and `validateWorkflowText` (parse, schema, references, types, cycles).',
  columns: ['document', 'YAML parse only (ops/s)', 'parse + validate (ops/s)', 'share of baseline'],
  rows,
});
