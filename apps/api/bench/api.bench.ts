// The API under load, from a second process on loopback: autocannon at 100 connections for 30 s
// on GET /health (against a bare node:http server answering the same JSON, the baseline) and on
// GET /capabilities/search over 1,000 installed capabilities (against the same search called in
// process, without HTTP). Then POST /plugins/{id}/execute of a no-op capability against
// `mark1 run` of the same capability (a new process per call, as a script would do it).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRegistry } from '@mark1/registry';
import { createStorage, loadConfig } from '@mark1/storage';
import { fmt, percentile, reportBenchmark } from '../../../tools/bench/report';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER = resolve(HERE, '../dist/main.js');
const CLI = resolve(HERE, '../../cli/bin/mark1.js');
const AUTOCANNON = join(
  dirname(createRequire(import.meta.url).resolve('autocannon/package.json')),
  'autocannon.js',
);
const DURATION = Number(process.env.MARK1_BENCH_DURATION ?? 30);
const CONNECTIONS = 100;
const CAPABILITIES = 1000;
const QUERY = 'convert csv table to json records';
const EXECUTE_CALLS = 40;
const CLI_CALLS = 10;

const work = mkdtempSync(join(tmpdir(), 'mark1-bench-api-'));
const home = join(work, 'home');
const children: ChildProcess[] = [];
let finishing = false;
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  if (!process.env.MARK1_BENCH_KEEP) rmSync(work, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): void {
  execFileSync(
    'git',
    [
      '-c',
      'user.email=bench@mark1.invalid',
      '-c',
      'user.name=bench',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, stdio: 'ignore' },
  );
}

const WORDS = [
  'csv',
  'json',
  'yaml',
  'xml',
  'text',
  'image',
  'audio',
  'pdf',
  'markdown',
  'html',
  'table',
  'chart',
  'summary',
  'sentiment',
  'keywords',
  'translate',
  'resize',
  'compress',
  'extract',
  'classify',
];
const VERBS = [
  'convert',
  'analyze',
  'render',
  'parse',
  'validate',
  'merge',
  'split',
  'filter',
  'count',
  'score',
];

/** A plugin repository: `noop` (the command true) for the execute benchmark, or 1,000 capabilities for search. */
function repository(name: string, capabilities: number): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  const lines = [
    'schema_version: "1.0"',
    `plugin: { name: ${name}, version: 1.0.0, description: Benchmark plugin with ${capabilities} capabilities, runtime: node }`,
    'capabilities:',
  ];
  for (let index = 0; index < capabilities; index += 1) {
    const verb = VERBS[index % VERBS.length]!;
    const from = WORDS[index % WORDS.length]!;
    const to = WORDS[(index * 7 + 3) % WORDS.length]!;
    const capability = capabilities === 1 ? 'noop' : `${verb}-${from}-${to}-${index}`;
    lines.push(
      `  - name: ${capability}`,
      `    description: ${verb} ${from} into ${to} (variant ${index})`,
      `    tags: [${from}, ${to}, ${verb}]`,
      `    inputs: { data: { type: string, description: The ${from} to ${verb} } }`,
      `    outputs: { result: ${to === 'image' || to === 'audio' || to === 'pdf' ? 'text' : 'json'} }`,
      '    entry_point: { type: cli, command: ["true"] }',
    );
  }
  writeFileSync(join(root, 'mark1.plugin.yml'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(root, 'README.md'),
    `# ${name}\n\nA generated plugin for the API benchmark.\n`,
  );
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', name);
  return pathToFileURL(root).href;
}

function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  let started = false;
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      // Keep the tail only: the server logs a line per request.
      output = (output + chunk.toString()).slice(-20_000);
      const match = started ? null : ready.exec(output);
      if (match) {
        started = true;
        resolvePromise({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      if (!started) reject(new Error(`${args[0]} exited (${code}):\n${output}`));
      else if (!finishing)
        console.error(`${args[0]} stopped (${code ?? signal}); its last output:\n${output}`);
    });
  });
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** autocannon in its own process (the load generator must not share the server's event loop or this one's). */
function load(url: string, headers: Record<string, string> = {}): LoadResult {
  const args = [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(DURATION), '-j'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const run = spawnSync(process.execPath, [...args, url], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const response = await fetch(url, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch (error) {
    throw new Error(`${init.method ?? 'GET'} ${url} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

// --- setup: keys, plugins (installed over the API), servers ---------------------------------
const { config } = loadConfig({ env: { MARK1_HOME: home }, cwd: work });
const storage = await createStorage({ config });
const viewer = (
  await storage.apiKeys.create({ name: 'bench-viewer', role: 'viewer', createdBy: 'bench' })
).token;
const admin = (
  await storage.apiKeys.create({ name: 'bench-admin', role: 'admin', createdBy: 'bench' })
).token;

const env = {
  PATH: process.env.PATH,
  HOME: work,
  MARK1_HOME: home,
  MARK1_API_RATE_LIMIT: '0',
  MARK1_API_ALLOWED_ROOTS: work,
  MARK1_LOG_LEVEL: 'info',
};
const api = await startChild(
  [
    ...(process.env.MARK1_BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MARK1_BENCH_PROFILE}`]
      : []),
    SERVER,
    '--port',
    '0',
  ],
  env,
  /"url":"(http:\/\/[^"]+)"[^\n]*mark1 api listening/,
);
const base = api.match[1]!;
const baseline = await startChild(
  [
    '-e',
    "const s=require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json; charset=utf-8'});r.end(JSON.stringify({status:'ok',version:'0.1.0',uptimeSeconds:process.uptime()}))});s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))",
  ],
  env,
  /listening (\d+)/,
);
const baselineUrl = `http://127.0.0.1:${baseline.match[1]}`;

for (const [name, count] of [
  ['bench-tools', 1],
  ['bench-catalog', CAPABILITIES],
] as const) {
  const accepted = await json(`${base}/api/v1/plugins/install`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: repository(name, count) }),
  });
  for (;;) {
    const operation = await json(`${base}${accepted.body.location as string}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    if (operation.body.state === 'succeeded') break;
    if (operation.body.state === 'failed')
      throw new Error(`installing ${name} failed: ${JSON.stringify(operation.body.error)}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
const capabilities = await json(`${base}/api/v1/capabilities`, {
  headers: { authorization: `Bearer ${viewer}` },
});
const installed = (capabilities.body as unknown as unknown[]).length;
if (installed !== CAPABILITIES + 1)
  throw new Error(`expected ${CAPABILITIES + 1} capabilities, found ${installed}`);
const searchPath = `/api/v1/capabilities/search?q=${encodeURIComponent(QUERY)}&limit=10`;
const check = await json(`${base}${searchPath}`, {
  headers: { authorization: `Bearer ${viewer}` },
});
if (check.status !== 200) throw new Error(`search answered ${check.status}`);

// --- in-process search: the same query on the same database, no HTTP ------------------------
const registry = createRegistry({ storage, config });
await registry.searchCapabilities(QUERY, { limit: 10 });
const inProcess: number[] = [];
const searchUntil = performance.now() + 3000;
while (performance.now() < searchUntil) {
  const start = performance.now();
  await registry.searchCapabilities(QUERY, { limit: 10 });
  inProcess.push(performance.now() - start);
}
await storage.close();

// --- HTTP load --------------------------------------------------------------------------------
const loadBefore = loadavg()[0]!;
const healthBaseline = load(`${baselineUrl}/health`);
const health = load(`${base}/health`);
const search = load(`${base}${searchPath}`, { authorization: `Bearer ${viewer}` });

// --- execute against mark1 run ------------------------------------------------------------------
// A fresh keep-alive agent: the sockets fetch pooled during setup have idled through the load.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const executeBody = JSON.stringify({ capability: 'noop' });
function execute(): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const call = request(
      `${base}/api/v1/plugins/bench-tools/execute`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${admin}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(executeBody),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolvePromise(JSON.parse(text) as Record<string, unknown>));
      },
    );
    call.on('error', reject);
    call.end(executeBody);
  });
}
const executeTotals: number[] = [];
const executeCalls: number[] = [];
for (let call = 0; call < EXECUTE_CALLS + 3; call += 1) {
  const start = performance.now();
  const response = { body: await execute() };
  const elapsed = performance.now() - start;
  if (response.body.state !== 'succeeded')
    throw new Error(`execute failed: ${JSON.stringify(response.body)}`);
  if (call < 3) continue;
  executeTotals.push(elapsed);
  executeCalls.push(response.body.durationMs as number);
}
const cliTotals: number[] = [];
for (let call = 0; call < CLI_CALLS; call += 1) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, '--json', 'run', 'bench-tools', 'noop'], {
    env,
    encoding: 'utf8',
  });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`mark1 run failed: ${run.stderr}`);
  cliTotals.push(elapsed);
}
agent.destroy();
const loadAfter = loadavg()[0]!;

const ms = (value: number) => fmt(value, value < 10 ? 2 : 1);
reportBenchmark({
  id: 'api-load',
  title: 'API server under load, and execute against mark1 run',
  description: `autocannon in its own process, ${CONNECTIONS} connections for ${DURATION} s on loopback, against the built server (SQLite, info-level JSON logs, an API key on every search request, rate limit off). Baselines in the same run: a bare \`node:http\` server answering the same JSON for /health, and \`registry.searchCapabilities\` called in process (no HTTP) over the same ${CAPABILITIES} capabilities (query "${QUERY}", 10 hits).`,
  columns: ['endpoint', 'requests/s', 'p50 (ms)', 'p99 (ms)', 'errors', 'non-2xx', 'requests'],
  rows: [
    [
      'GET /health, bare node:http (baseline)',
      fmt(healthBaseline.rps, 0),
      ms(healthBaseline.p50),
      ms(healthBaseline.p99),
      healthBaseline.errors,
      healthBaseline.non2xx,
      fmt(healthBaseline.total, 0),
    ],
    [
      'GET /health, Mark-1 API',
      fmt(health.rps, 0),
      ms(health.p50),
      ms(health.p99),
      health.errors,
      health.non2xx,
      fmt(health.total, 0),
    ],
    [
      `search in process, no HTTP (baseline, ${inProcess.length} calls)`,
      fmt(1000 / (inProcess.reduce((a, b) => a + b, 0) / inProcess.length), 0),
      ms(percentile(inProcess, 50)),
      ms(percentile(inProcess, 99)),
      0,
      0,
      fmt(inProcess.length, 0),
    ],
    [
      `GET /capabilities/search, ${CAPABILITIES} capabilities`,
      fmt(search.rps, 0),
      ms(search.p50),
      ms(search.p99),
      search.errors,
      search.non2xx,
      fmt(search.total, 0),
    ],
  ],
  notes: [
    `Execute overhead, a no-op capability (the command \`true\`): POST /plugins/bench-tools/execute, ${EXECUTE_CALLS} sequential calls after 3 warm-up calls, p50 ${ms(percentile(executeTotals, 50))} ms (p99 ${ms(percentile(executeTotals, 99))} ms), of which the executor's own call took p50 ${ms(percentile(executeCalls, 50))} ms; \`mark1 run bench-tools noop\`, ${CLI_CALLS} runs, p50 ${ms(percentile(cliTotals, 50))} ms (p99 ${ms(percentile(cliTotals, 99))} ms): the API saves the process start, module loading and database open of every call.`,
    `Goals: 0 errors (${health.errors + search.errors + health.non2xx + search.non2xx === 0 ? 'met' : 'missed'}); search p99 under 50 ms with ${CAPABILITIES} capabilities (${search.p99 < 50 ? 'met' : 'missed'}: ${ms(search.p99)} ms).`,
    `Server, load generator and this script share the machine's ${cpus().length} cores (1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after), so absolute numbers are a floor for a dedicated host.`,
  ],
});
finishing = true;
for (const child of children) child.kill('SIGTERM');
