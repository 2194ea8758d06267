// Install time of a plugin repository of 10, 100 and 1,000 files (dependency install excluded),
// side by side with `git clone` of the same repository (the floor every install pays), and the
// dependency install measured on its own (a virtualenv with pip and one wheel from a local folder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStorage, loadConfig } from '@mark1/storage';
import { createRegistry, type InstallEvent, type InstallStep } from '../src/index';
import { buildWheel } from '../test/support/wheel';
import { fmt, reportBenchmark } from '../../../tools/bench/report';

const RUNS = 3;
const work = mkdtempSync(join(tmpdir(), 'mark1-bench-install-'));
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@mark1.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@mark1.invalid',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: gitEnv, stdio: 'ignore' });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A Python plugin repository of `files` files: a manifest, a README, and modules of ~40 lines. */
function makeRepository(files: number): string {
  const root = join(work, `repo-${files}`);
  mkdirSync(join(root, 'pkg'), { recursive: true });
  writeFileSync(
    join(root, 'mark1.plugin.yml'),
    `schema_version: "1.0"\nplugin: { name: bench-${files}, description: A benchmark plugin of ${files} files, runtime: python }\ncapabilities:\n  - name: run\n    description: Runs the first module's entry function.\n    inputs: { text: { type: string, description: Some text, required: true } }\n    outputs: { result: json }\n    entry_point: { type: python_function, module: pkg.mod0, function: run }\n`,
  );
  writeFileSync(
    join(root, 'README.md'),
    `# bench-${files}\n\nA generated plugin for the install benchmark.\n`,
  );
  writeFileSync(join(root, 'pkg', '__init__.py'), '');
  for (let index = 0; index < files - 3; index += 1) {
    const body = Array.from(
      { length: 8 },
      (_, fn) =>
        `def helper_${fn}(values: list) -> int:\n    """Sum the values."""\n    total = 0\n    for value in values:\n        total += value * ${fn}\n    return total\n`,
    ).join('\n');
    writeFileSync(
      join(root, 'pkg', `mod${index}.py`),
      `"""Module ${index}."""\n\n\ndef run(text: str) -> dict:\n    return {"result": len(text)}\n\n\n${body}`,
    );
  }
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'bench');
  return root;
}

const home = join(work, 'home');
const { config } = loadConfig({ env: { MARK1_HOME: home }, cwd: work });
const storage = await createStorage({ config });
const registry = createRegistry({ storage, config });

const rows: (string | number)[][] = [];
for (const files of [10, 100, 1000]) {
  const repo = makeRepository(files);
  const url = pathToFileURL(repo).href;
  const clone: number[] = [];
  const total: number[] = [];
  const phases: Record<string, number[]> = {};
  for (let run = 0; run < RUNS; run += 1) {
    const target = join(work, `clone-${files}-${run}`);
    let start = performance.now();
    git(work, 'clone', '--quiet', '--depth', '1', '--', url, target);
    clone.push(performance.now() - start);
    rmSync(target, { recursive: true, force: true });

    const marks: [InstallStep, number][] = [];
    start = performance.now();
    await registry.install(url, {
      noDeps: true,
      onEvent: (event: InstallEvent) => {
        if (event.type === 'step' && marks.at(-1)?.[0] !== event.step)
          marks.push([event.step, performance.now()]);
      },
    });
    const end = performance.now();
    total.push(end - start);
    marks.forEach(([step, at], index) => {
      (phases[step] ??= []).push((marks[index + 1]?.[1] ?? end) - at);
    });
    await registry.uninstall(`bench-${files}`);
  }
  const phase = (step: InstallStep) => fmt(median(phases[step] ?? [0]), 0);
  rows.push([
    fmt(files, 0),
    fmt(median(clone), 0),
    fmt(median(total), 0),
    phase('fetch'),
    phase('validate'),
    phase('environment'),
    phase('register'),
  ]);
}

// Dependency install on its own: a plugin with one requirement, installed with and without it.
const wheels = join(work, 'wheels');
mkdirSync(wheels);
buildWheel(
  join(import.meta.dirname, '../test/fixtures/wheel-src'),
  'm1fixture_slugify',
  'm1fixture-slugify',
  '1.0.0',
  wheels,
);
const depPlugin = join(import.meta.dirname, '../test/fixtures/py-with-dep');
const withDeps: number[] = [];
const withoutDeps: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  for (const noDeps of [true, false]) {
    let environment = 0;
    let started = 0;
    await registry.install(depPlugin, {
      yes: true,
      noDeps,
      pip: { findLinks: [wheels], noIndex: true },
      onEvent: (event) => {
        if (event.type === 'step' && event.step === 'environment' && started === 0)
          started = performance.now();
        if (event.type === 'environment') environment = performance.now() - started;
      },
    });
    (noDeps ? withoutDeps : withDeps).push(environment);
    await registry.uninstall('py-with-dep');
  }
}
await storage.close();
rmSync(work, { recursive: true, force: true });

reportBenchmark({
  id: 'registry-install',
  title: 'Plugin install time (dependencies excluded)',
  description:
    `Median of ${RUNS} installs of a generated Python plugin repository (git, \`file://\` URL, \`--no-deps\`) on SQLite, in milliseconds, next to a shallow \`git clone\` of the same repository (baseline, same run). ` +
    "The phases come from the install's progress events: fetch (shallow clone, link check, content digest), validate (manifest, entry points, tree-sitter scan and lexical security rules, scores), environment (a virtualenv without pip), register (one transaction). " +
    'The rest of the total is manifest reading, configuration and the move into place.',
  columns: [
    'files',
    'git clone (baseline)',
    'install, total',
    'fetch',
    'validate',
    'environment',
    'register',
  ],
  rows,
  notes: [
    'Each phase column is the median of that phase on its own, so the columns need not add up to the total.',
    `The machine is shared: load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores at the end of the run.`,
    `Dependency install, measured separately (one requirement from a local wheel, \`--find-links --no-index\`): the environment step takes ${fmt(median(withDeps), 0)} ms with it (virtualenv with pip, pip install) against ${fmt(median(withoutDeps), 0)} ms without (\`--no-deps\`: a virtualenv without pip).`,
  ],
});
