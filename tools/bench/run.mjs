#!/usr/bin/env node
// `npm run bench [-- <filter>...]`: runs every `packages/*/bench/*.bench.ts` and
// `apps/*/bench/*.bench.ts` (or those whose path contains a filter) in its own Node process, with
// workspace packages resolved to source, and writes each result into docs/benchmarks.md under the
// date and the machine it ran on. Sections of benchmarks not run are kept as they were.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const filters = process.argv.slice(2);
const docPath = join(root, 'docs', 'benchmarks.md');

const benchFiles = [];
for (const group of ['packages', 'apps']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const project of readdirSync(groupDir)) {
    const dir = join(groupDir, project, 'bench');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.bench.ts')) benchFiles.push(join(dir, file));
    }
  }
}
const selected = benchFiles.filter(
  (file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)),
);
if (selected.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ') || '(none found)'}.`);
  process.exit(1);
}

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`;
const scratch = mkdtempSync(join(tmpdir(), 'mark1-bench-'));
const results = [];
let failures = 0;
for (const file of selected) {
  const out = join(scratch, `${results.length}-${Date.now()}.json`);
  console.log(`\n▶ ${relative(root, file)}`);
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@mark1/source', '--import', 'tsx', file],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MARK1_BENCH_OUT: out },
    },
  );
  if (run.status !== 0 || !existsSync(out)) {
    console.error(`✖ ${relative(root, file)} failed (exit ${run.status})`);
    failures += 1;
    continue;
  }
  results.push({ file: relative(root, file), ...JSON.parse(readFileSync(out, 'utf8')) });
}

function section(result) {
  const head = `| ${result.columns.join(' | ')} |`;
  const rule = `| ${result.columns.map(() => '---').join(' | ')} |`;
  const rows = result.rows.map((row) => `| ${row.join(' | ')} |`);
  const notes = (result.notes ?? []).map((note) => `- ${note}`);
  return [
    `<!-- bench:${result.id} -->`,
    `## ${result.title}`,
    '',
    `_${date} · ${machine} · \`${result.file}\`_`,
    '',
    result.description,
    '',
    head,
    rule,
    ...rows,
    ...(notes.length ? ['', ...notes] : []),
    `<!-- /bench:${result.id} -->`,
  ].join('\n');
}

let doc = existsSync(docPath)
  ? readFileSync(docPath, 'utf8')
  : '# Benchmarks\n\nWritten by `npm run bench`; each section says when and where it last ran. ' +
    'Every benchmark measures its baseline in the same run, side by side.\n';
for (const result of results) {
  const start = doc.indexOf(`<!-- bench:${result.id} -->`);
  const endMarker = `<!-- /bench:${result.id} -->`;
  const end = doc.indexOf(endMarker);
  if (start >= 0 && end > start) {
    doc = doc.slice(0, start) + section(result) + doc.slice(end + endMarker.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${section(result)}\n`;
  }
}
// Formatted as `npm test`'s Prettier check expects, and swapped in whole so a crash leaves the old file.
const formatted = await format(doc, {
  ...(await resolveConfig(docPath)),
  filepath: docPath,
});
const temporary = `${docPath}.${process.pid}.tmp`;
writeFileSync(temporary, formatted);
renameSync(temporary, docPath);
console.log(`\nWrote ${results.length} section(s) to ${relative(root, docPath)}.`);
process.exit(failures === 0 ? 0 : 1);
