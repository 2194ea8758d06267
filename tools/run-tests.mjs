#!/usr/bin/env node
// The README's test command: check formatting, then lint, typecheck, build and test every project
// through Nx, then sum
// the vitest JSON reports so the last line is always the plain total `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const reports = join(root, 'reports', 'vitest');
rmSync(reports, { recursive: true, force: true });

const extra = process.argv.slice(2);
const format = spawnSync('npx', ['prettier', '--check', '--log-level=warn', '.'], {
  cwd: root,
  stdio: 'inherit',
});
if (format.status !== 0)
  console.log('Formatting differs from Prettier in the files above: run `npm run format`.');
const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'lint', 'typecheck', 'build', 'test', '--outputStyle=static', ...extra],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
);

function* reportFiles(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* reportFiles(path);
    else if (name.endsWith('.json')) yield path;
  }
}

let passed = 0;
let failed = 0;
const perProject = [];
for (const file of reportFiles(reports)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const p = report.numPassedTests ?? 0;
  // A file that fails to load has no test results of its own: count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (result) => result.status === 'failed' && (result.assertionResults ?? []).length === 0,
  ).length;
  const f = (report.numFailedTests ?? 0) + brokenFiles;
  passed += p;
  failed += f;
  perProject.push(`${file.slice(reports.length + 1, -'.json'.length)}: ${p} passed, ${f} failed`);
}
console.log('\nTest reports:\n  ' + (perProject.join('\n  ') || '(none)'));
const ok = nx.status === 0 && format.status === 0 && failed === 0;
if ((nx.status !== 0 || format.status !== 0) && failed === 0) {
  console.log('The format check or a lint, typecheck, build or test task failed (see above).');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
