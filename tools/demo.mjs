#!/usr/bin/env node
// `npm run demo`: the README's main job on the embedded default (SQLite in MARK1_HOME, no network,
// no LLM). Creates the home if needed, installs the example plugins through `mark1 plugin install`
// (the path users take), then plans and runs the demo request with `mark1 orchestrate run`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const launcher = join(root, 'apps/cli/bin/mark1.js');
const request =
  process.argv.slice(2).join(' ') ||
  "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.";

function mark1(args, options = {}) {
  const run = spawnSync(process.execPath, [launcher, ...args], {
    encoding: 'utf8',
    stdio: options.stdio ?? 'pipe',
  });
  if (options.check !== false && run.status !== 0) {
    process.stderr.write(run.stderr ?? '');
    console.error(`demo: mark1 ${args.join(' ')} failed (exit ${run.status})`);
    process.exit(run.status ?? 1);
  }
  return run;
}

mark1(['init']);
const installed = new Set(
  JSON.parse(mark1(['plugin', 'list', '--json']).stdout).map((plugin) => plugin.name),
);
const examples = join(root, 'examples/plugins');
for (const name of readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()) {
  if (installed.has(name)) continue;
  console.error(`demo: installing ${name}`);
  mark1(['plugin', 'install', join(examples, name), '--yes']);
}
console.error(`\ndemo: mark1 orchestrate run --yes "${request}"\n`);
const run = mark1(['orchestrate', 'run', '--yes', request], { stdio: 'inherit', check: false });
process.exit(run.status ?? 1);
