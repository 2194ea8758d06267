// `mark1 run`, `mark1 workflow ...` and `mark1 doctor`, end to end with the built CLI and plugins
// installed the way users install them.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, LAUNCHER, requireBuiltCli, runMark1 } from './support/cli';

const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples/plugins');
const PY_TOOLS = join(ROOT, 'packages/executor/test/fixtures/plugins/py-tools');

let sandbox: ReturnType<typeof createSandboxHome>;
const mark1 = (...args: string[]) => runMark1(args, sandbox.env);
beforeAll(() => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  for (const args of [
    ['init'],
    ['plugin', 'install', PY_TOOLS],
    ['plugin', 'install', join(EXAMPLES, 'text-sentiment')],
    ['plugin', 'install', join(EXAMPLES, 'readability')],
    ['plugin', 'install', join(EXAMPLES, 'report-builder')],
  ]) {
    const run = mark1(...args);
    if (run.status !== 0) throw new Error(`mark1 ${args.join(' ')} failed: ${run.stderr}`);
  }
});
afterAll(() => sandbox?.remove());

function write(name: string, text: string): string {
  const path = join(sandbox.root, name);
  writeFileSync(path, text);
  return path;
}

const DEMO = `name: feedback
inputs:
  text: { type: string }
steps:
  - id: sentiment
    plugin: text-sentiment
    capability: analyze-sentiment
    inputs: { text: "\${workflow.inputs.text}" }
  - id: readability
    plugin: readability
    capability: calculate-readability
    inputs: { text: "\${workflow.inputs.text}" }
  - id: report
    plugin: report-builder
    capability: build-report
    depends_on: [sentiment, readability]
    inputs:
      title: Feedback
      format: csv
      sections: { Sentiment: "\${steps.sentiment.outputs.sentiment}", Readability: "\${steps.readability.outputs.readability}" }
outputs:
  label: "\${steps.sentiment.outputs.label}"
  report: "\${steps.report.outputs.content}"
`;

describe('mark1 run', () => {
  it('calls one capability and prints its outputs (JSON with --json), reading typed inputs', () => {
    const text = mark1('run', 'py-tools', 'add', '--input', 'a=40', '--input', 'b=2');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/sum\s+42/);
    expect(text.stderr).toMatch(/step.finished call succeeded/);
    const inputs = write('inputs.json', JSON.stringify({ text: 'Great product but expensive' }));
    const json = mark1(
      'run',
      'text-sentiment',
      'analyze-sentiment',
      '--input-file',
      inputs,
      '--json',
    );
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      state: 'succeeded',
      outputs: { label: 'mixed' },
    });
  });

  it('exits 1 with the step error and its code when the call fails', () => {
    const run = mark1('run', 'py-tools', 'fail', '--input', 'message=bad row 7');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/error: .*ValueError: bad row 7.* \[PLUGIN_ERROR\]/);
  });
});

describe('mark1 workflow', () => {
  it('validates a file with line and column for each problem', () => {
    const good = write('demo.yml', DEMO);
    expect(mark1('workflow', 'validate', good).stdout).toMatch(/✓ .*demo.yml is valid: 3 steps/);
    const bad = write(
      'bad.yml',
      DEMO.replace('capability: build-report', 'capability: build-reprot'),
    );
    const run = mark1('workflow', 'validate', bad);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /bad.yml:\d+:\d+: steps\[2\]\.capability: plugin "report-builder" has no capability "build-reprot". Did you mean "build-report"\?/,
    );
  });

  it('runs the demo workflow: a line per step, the outputs, and the run in history and status', () => {
    const run = mark1(
      'workflow',
      'run',
      write('demo.yml', DEMO),
      '--input',
      'text=Great product but expensive',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/step.finished sentiment succeeded/);
    expect(run.stderr).toMatch(/step.finished report succeeded/);
    expect(run.stdout).toMatch(/^succeeded run [0-9a-f-]{36}/);
    expect(run.stdout).toMatch(/label\s+mixed/);
    const history = JSON.parse(mark1('workflow', 'history', '--limit', '1', '--json').stdout) as {
      id: string;
      state: string;
    }[];
    expect(history[0]!.state).toBe('succeeded');
    const status = JSON.parse(mark1('workflow', 'status', history[0]!.id, '--json').stdout) as {
      run: { state: string };
      steps: { stepId: string; state: string }[];
    };
    expect(status.steps.map((step) => `${step.stepId}:${step.state}`).sort()).toEqual([
      'readability:succeeded',
      'report:succeeded',
      'sentiment:succeeded',
    ]);
  });

  it('runs with warm workers when asked (--warm), with the same results', () => {
    const run = mark1(
      'workflow',
      'run',
      write('demo.yml', DEMO),
      '--input',
      'text=Great product but expensive',
      '--warm',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/label\s+mixed/);
  });

  it('streams events as JSON lines with --json, ending with run.finished and the outputs', () => {
    const run = mark1(
      'workflow',
      'run',
      write('demo.yml', DEMO),
      '--input',
      'text=Great product but expensive',
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; seq: number; outputs?: { label?: string } },
      );
    expect(events[0]!.type).toBe('run.started');
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)).toMatchObject({
      type: 'run.finished',
      state: 'succeeded',
      outputs: { label: 'mixed' },
    });
  });

  it('resumes a run after the CLI is killed with SIGKILL: finished steps do not run again', async () => {
    const log = join(sandbox.root, 'calls.log');
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    const steps = ['one', 'two', 'three', 'four', 'five'];
    const yaml = [
      'name: appends',
      'inputs:',
      '  log: { type: string, format: path }',
      'steps:',
      ...steps.flatMap((id, index) => [
        `  - id: ${id}`,
        '    plugin: py-tools',
        '    capability: append-line',
        ...(index > 0 ? [`    depends_on: [${steps[index - 1]}]`] : []),
        `    inputs: { log: "\${workflow.inputs.log}", line: ${id}, delay: 0.3 }`,
      ]),
      'outputs:',
      '  lines: "${steps.five.outputs.lines}"',
      '',
    ].join('\n');
    const file = write('appends.yml', yaml);
    const child = spawn(
      process.execPath,
      [LAUNCHER, 'workflow', 'run', file, '--input', `log=${log}`],
      { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((done) => child.on('exit', done));
    const deadline = Date.now() + 60_000;
    while (readFileSync(log, 'utf8').split('\n').filter(Boolean).length < 2) {
      if (Date.now() > deadline) throw new Error(`the workflow did not get going: ${stderr}`);
      await new Promise((wait) => setTimeout(wait, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const runId = /run\.started ([0-9a-f-]{36})/.exec(stderr)![1]!;
    const before = JSON.parse(mark1('workflow', 'status', runId, '--json').stdout) as {
      run: { state: string };
      orphaned: boolean;
      steps: { stepId: string; state: string }[];
    };
    expect(before.run.state).toBe('running');
    expect(before.orphaned).toBe(true);
    const finished = before.steps
      .filter((step) => step.state === 'succeeded')
      .map((step) => step.stepId);
    expect(finished).toContain('one');

    // The next command that starts a run says there is one to resume.
    const other = mark1('run', 'py-tools', 'add', '--input', 'a=1');
    expect(other.status).toBe(0);
    const offer = mark1(
      'workflow',
      'run',
      write(
        'tiny.yml',
        'name: tiny\nsteps:\n  - { id: a, plugin: py-tools, capability: add, inputs: { a: 1 } }\n',
      ),
    );
    expect(offer.stderr).toContain(`interrupted run: ${runId} (appends)`);

    const resumed = mark1('workflow', 'resume', runId);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/run\.started .* \(resumed\)/);
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    for (const name of finished) expect(lines.filter((line) => line === name)).toHaveLength(1);
    for (const name of steps) expect(lines).toContain(name);
    expect(resumed.stdout).toMatch(new RegExp(`lines\\s+${lines.length}`));
    const after = JSON.parse(mark1('workflow', 'status', runId, '--json').stdout) as {
      run: { state: string };
    };
    expect(after.run.state).toBe('succeeded');
  });

  it('Ctrl-C cancels the run and kills its plugins; `workflow cancel` stops a run from another terminal', async () => {
    const file = write(
      'slow.yml',
      'name: slow\nsteps:\n  - { id: wait, plugin: py-tools, capability: sleep, inputs: { seconds: 60 } }\n',
    );
    const child = spawn(process.execPath, [LAUNCHER, 'workflow', 'run', file], {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('step.started wait')) {
      if (Date.now() > deadline) throw new Error(`no step started: ${stderr}`);
      await new Promise((wait) => setTimeout(wait, 20));
    }
    await new Promise((wait) => setTimeout(wait, 300));
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/cancelling the run/);
    expect(stderr).toMatch(/\[CANCELLED\]/);
    const runId = /run\.started ([0-9a-f-]{36})/.exec(stderr)![1]!;
    const status = JSON.parse(mark1('workflow', 'status', runId, '--json').stdout) as {
      run: { state: string };
      steps: { state: string; sandbox: { uid: number } }[];
    };
    expect(status.run.state).toBe('cancelled');
    expect(status.steps[0]!.state).toBe('cancelled');
    const uid = status.steps[0]!.sandbox.uid;
    const survivors = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          return new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(
            readFileSync(`/proc/${entry}/status`, 'utf8'),
          );
        } catch {
          return false;
        }
      });
    expect(survivors).toEqual([]);

    const remote = spawn(process.execPath, [LAUNCHER, 'workflow', 'run', file], {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let remoteErr = '';
    remote.stderr.on('data', (chunk: Buffer) => (remoteErr += chunk.toString()));
    const remoteExit = new Promise<number | null>((done) =>
      remote.on('exit', (code) => done(code)),
    );
    while (!remoteErr.includes('step.started wait'))
      await new Promise((wait) => setTimeout(wait, 20));
    const remoteId = /run\.started ([0-9a-f-]{36})/.exec(remoteErr)![1]!;
    const cancel = mark1('workflow', 'cancel', remoteId);
    expect(cancel.status, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(`run ${remoteId} is cancelled`);
    expect(await remoteExit).toBe(1);
  });
});

describe('mark1 doctor', () => {
  it('prints what this machine supports, every protection tried for real', () => {
    const run = mark1('doctor');
    expect(run.status, run.stderr).toBe(0);
    for (const protection of [
      'filesystem',
      'network',
      'memory',
      'cpu',
      'processes',
      'file-size',
      'open-files',
      'timeout',
      'environment',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`✓ ${protection}`));
    }
    expect(run.stdout).toMatch(/container engine\s+not reachable/);
    const json = JSON.parse(mark1('doctor', '--json').stdout) as {
      sandbox: { mode: string; bwrap: { usable: boolean } };
    };
    expect(json.sandbox).toMatchObject({ mode: 'preferred', bwrap: { usable: true } });
  });
});
