// Per-step orchestration overhead and throughput of the executor, each next to its baseline
// measured in the same run: the bare spawn of the same command (or a direct call), without Mark-1.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStorage, loadConfig } from '@mark1/storage';
import { createExecutor, probeSandbox } from '../src/index';
import {
  createFolderResolver,
  FIXTURE_PLUGINS,
  registerFixturePlugins,
} from '../test/support/folder-resolver';
import { elapsedMs, fmt, reportBenchmark } from '../../../tools/bench/report';
import { bwrapArgs } from '../src/sandbox/bwrap-args';
import { prlimitArgs } from '../src/sandbox/resource-limits';
import { pythonRuntime } from '../src/invocation/runtimes';

const STEPS = 100;
const FUNCTION_STEPS = 30;
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const PARALLEL = 200;
const CONCURRENCY = 16;

/** The command alone, as a plugin runs: its own process group, stdout and stderr read to the end. */
function spawnOnce(argv: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { PATH: '/usr/bin:/bin' },
    });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function timeSequential(times: number, run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let index = 0; index < times; index += 1) await run();
  return elapsedMs(start);
}

async function timeParallel(
  times: number,
  concurrency: number,
  run: () => Promise<unknown>,
): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < times) {
        next += 1;
        await run();
      }
    }),
  );
  return elapsedMs(start);
}

function chain(plugin: string, capability: string, count: number) {
  return {
    name: `${count}-sequential-${plugin}`,
    max_concurrent: 1,
    steps: Array.from({ length: count }, (_, index) => ({
      id: `s${index}`,
      plugin,
      capability,
      ...(index > 0 ? { depends_on: [`s${index - 1}`] } : {}),
      retry: 1,
    })),
  };
}

function fan(plugin: string, capability: string, count: number) {
  return {
    name: `${count}-parallel`,
    max_concurrent: CONCURRENCY,
    steps: Array.from({ length: count }, (_, index) => ({
      id: `p${index}`,
      plugin,
      capability,
      retry: 1,
    })),
  };
}

const { noop } = (await import(
  pathToFileURL(join(FIXTURE_PLUGINS, 'node-inproc', 'noop.mjs')).href
)) as { noop: () => unknown };
const home = mkdtempSync(join(tmpdir(), 'mark1-bench-executor-'));
try {
  const { config } = loadConfig({
    home,
    env: {
      MARK1_SANDBOX: 'off',
      MARK1_RETRY_ATTEMPTS: '0',
      MARK1_MAX_CONCURRENT: String(CONCURRENCY),
    },
  });
  const storage = await createStorage({ config });
  const ids = await registerFixturePlugins(storage);
  const executor = createExecutor({
    storage,
    config,
    resolver: createFolderResolver(FIXTURE_PLUGINS, { ids }),
    allowInProcess: true,
  });
  const support = await probeSandbox();
  const work = mkdtempSync(join(tmpdir(), 'mark1-bench-spawn-'));
  const truePath = '/usr/bin/true';

  const run = async (workflow: unknown) => {
    const start = process.hrtime.bigint();
    const result = await executor.run(workflow);
    if (result.state !== 'succeeded')
      throw new Error(`benchmark run failed: ${result.error?.message}`);
    return elapsedMs(start);
  };

  // Warm-up: first spawns, the sandbox probe, the database's first writes.
  await run(chain('noop-free', 'noop', 5));
  await run(chain('cli-tools', 'noop', 5));
  await run(chain('node-inproc', 'noop', 5));
  await timeSequential(20, () => spawnOnce([truePath], work));

  // The same command as the sandboxed step, started directly: bwrap + setpriv + prlimit + true.
  const sandboxArgv = [
    support.bwrap.path!,
    ...bwrapArgs({
      mounts: [{ path: work, writable: true }],
      network: false,
      canUnshareNet: support.bwrap.network,
      cwd: work,
      identity:
        support.bwrap.identity === 'uid-switch'
          ? { kind: 'uid-switch', uid: 1_199_999, setpriv: support.setpriv.path! }
          : { kind: support.bwrap.identity === 'user-namespace' ? 'user-namespace' : 'none' },
      tmpSizeBytes: 64 * 1024 * 1024,
    }),
    support.prlimit.path!,
    ...prlimitArgs({
      memoryBytes: 2 ** 31,
      cpuSeconds: 600,
      processes: 256,
      fileSizeBytes: 2 ** 30,
      openFiles: 1024,
    }),
    truePath,
  ];
  chmodSync(work, 0o777);
  if (support.bwrap.identity === 'uid-switch') chownSync(work, 1_199_999, 1_199_999);

  // Each baseline and its workflow are measured back to back, three times; the medians are reported
  // (the machine is shared, so single measurements swing).
  const rounds = async (pairs: readonly (() => Promise<number>)[]) => {
    const samples: number[][] = pairs.map(() => []);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [index, measure] of pairs.entries()) samples[index]!.push(await measure());
    }
    // At most three measurements per round: typed as a triple so destructuring needs no checks.
    return samples.map(median) as [number, number, number];
  };
  const [bare, plain] = await rounds([
    () => timeSequential(STEPS, () => spawnOnce([truePath], work)),
    () => run(chain('noop-free', 'noop', STEPS)),
  ]);
  const [bareSandbox, sandboxed] = await rounds([
    () => timeSequential(STEPS, () => spawnOnce(sandboxArgv, work)),
    () => run(chain('cli-tools', 'noop', STEPS)),
  ]);
  const [directCalls, inProcess] = await rounds([
    () => timeSequential(STEPS, async () => noop()),
    () => run(chain('node-inproc', 'noop', STEPS)),
  ]);
  const [bareParallel, parallel, parallelSandbox] = await rounds([
    () => timeParallel(PARALLEL, CONCURRENCY, () => spawnOnce([truePath], work)),
    () => run(fan('noop-free', 'noop', PARALLEL)),
    () => run(fan('cli-tools', 'noop', PARALLEL)),
  ]);

  // Python function steps: a fresh sandboxed interpreter per call, against warm workers.
  const warmExecutor = createExecutor({
    storage,
    config,
    resolver: createFolderResolver(FIXTURE_PLUGINS, { ids }),
    warmWorkers: { maxCalls: 1000 },
  });
  const interpreter = (
    await pythonRuntime({
      kind: 'none',
      pathPrepend: [],
      variables: {},
      secrets: {},
      readOnlyPaths: [],
    })
  ).executable;
  const functionChain = chain('py-tools', 'counter', FUNCTION_STEPS);
  const runOn = async (target: typeof executor, workflow: unknown) => {
    const start = process.hrtime.bigint();
    const result = await target.run(workflow);
    if (result.state !== 'succeeded')
      throw new Error(`benchmark run failed: ${result.error?.message}`);
    return elapsedMs(start);
  };
  await runOn(warmExecutor, chain('py-tools', 'counter', 3));
  const [barePython, cold, warm] = await rounds([
    () => timeSequential(FUNCTION_STEPS, () => spawnOnce([interpreter, '-c', 'pass'], work)),
    () => runOn(executor, functionChain),
    () => runOn(warmExecutor, functionChain),
  ]);
  await warmExecutor.close();

  const perStep = (total: number, baseline: number) => fmt((total - baseline) / STEPS, 2);
  const rows: (string | number)[][] = [
    [
      `${STEPS} sequential no-op subprocess steps, no sandbox`,
      `${fmt(bare, 0)} ms (spawn \`true\`)`,
      `${fmt(plain, 0)} ms`,
      perStep(plain, bare),
    ],
    [
      `${STEPS} sequential no-op subprocess steps, sandboxed`,
      `${fmt(bareSandbox, 0)} ms (spawn bwrap+setpriv+prlimit+\`true\`)`,
      `${fmt(sandboxed, 0)} ms`,
      perStep(sandboxed, bareSandbox),
    ],
    [
      `${STEPS} sequential in-process steps`,
      `${fmt(directCalls, 1)} ms (direct calls)`,
      `${fmt(inProcess, 0)} ms`,
      perStep(inProcess, directCalls),
    ],
    [
      `${PARALLEL} independent no-op steps, ${CONCURRENCY} at a time, no sandbox`,
      `${fmt((PARALLEL / bareParallel) * 1000, 0)} spawns/s`,
      `${fmt((PARALLEL / parallel) * 1000, 0)} steps/s`,
      perStep(parallel * (STEPS / PARALLEL), bareParallel * (STEPS / PARALLEL)),
    ],
    [
      `${PARALLEL} independent no-op steps, ${CONCURRENCY} at a time, sandboxed`,
      `${fmt((PARALLEL / bareParallel) * 1000, 0)} spawns/s`,
      `${fmt((PARALLEL / parallelSandbox) * 1000, 0)} steps/s`,
      perStep(parallelSandbox * (STEPS / PARALLEL), bareParallel * (STEPS / PARALLEL)),
    ],
    [
      `${FUNCTION_STEPS} sequential python_function steps, sandboxed, a fresh interpreter each`,
      `${fmt(barePython / FUNCTION_STEPS, 1)} ms per \`python -c pass\``,
      `${fmt(cold / FUNCTION_STEPS, 1)} ms per step`,
      fmt((cold - barePython) / FUNCTION_STEPS, 2),
    ],
    [
      `${FUNCTION_STEPS} sequential python_function steps, sandboxed, warm worker`,
      `${fmt(barePython / FUNCTION_STEPS, 1)} ms per \`python -c pass\``,
      `${fmt(warm / FUNCTION_STEPS, 1)} ms per step`,
      'no process start',
    ],
  ];
  const overhead = (plain - bare) / STEPS;
  reportBenchmark({
    id: 'executor-orchestration',
    title: 'Executor: per-step orchestration overhead and throughput',
    description: `Each workflow is run through \`createExecutor\` on SQLite (WAL), recording every step run, plugin execution and event. Overhead per step = (workflow wall time − the same commands spawned directly, in the same run, each in its own process group with stdout and stderr read as a plugin's are) / ${STEPS}. The sandboxed rows compare against spawning the very same bwrap + setpriv + prlimit command line directly, so the sandbox's own cost shows as the difference between the two baselines. Each figure is the median of ${ROUNDS} back-to-back rounds.`,
    columns: ['workload', 'baseline', 'Mark-1', 'overhead per step (ms)'],
    rows,
    notes: [
      `Goal ≤ 5 ms per subprocess step without the sandbox: ${fmt(overhead, 2)} ms, ${overhead <= 5 ? 'met' : 'missed'}.`,
      `The sandbox's own cost (bare bwrap+setpriv+prlimit spawn − bare spawn): ${fmt((bareSandbox - bare) / STEPS, 2)} ms per process start.`,
      `Throughput rows: overhead is the extra wall time per step over spawning the same ${PARALLEL} commands with the same concurrency.`,
      `Warm workers: a python_function step takes ${fmt(warm / FUNCTION_STEPS, 1)} ms instead of ${fmt(cold / FUNCTION_STEPS, 1)} ms (${fmt(cold / warm, 1)}× faster); the interpreter start they save is the floor of a cold call.`,
    ],
  });
  await executor.close();
  await storage.close();
  rmSync(work, { recursive: true, force: true });
} finally {
  rmSync(home, { recursive: true, force: true });
}
