// `mark1 orchestrate plan|run|status|history|workflows` and `mark1 chat`, end to end with the built
// CLI, the deterministic planner, and example plugins installed the way users install them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHome, LAUNCHER, requireBuiltCli, runMark1 } from './support/cli';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples/plugins');
const DEMO =
  "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.";

let sandbox: ReturnType<typeof createSandboxHome>;
const mark1 = (...args: string[]) => runMark1(args, sandbox.env);

function chat(lines: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [LAUNCHER, 'chat'], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: sandbox.env,
    cwd: sandbox.root,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  requireBuiltCli();
  sandbox = createSandboxHome();
  for (const args of [
    ['init'],
    ...['text-sentiment', 'readability', 'report-builder', 'csv-stats'].map((name) => [
      'plugin',
      'install',
      join(EXAMPLES, name),
      '--yes',
    ]),
  ]) {
    const run = mark1(...args);
    if (run.status !== 0) throw new Error(`mark1 ${args.join(' ')} failed: ${run.stderr}`);
  }
}, 180_000);
afterAll(() => sandbox?.remove());

describe('mark1 orchestrate plan', () => {
  it('plans the demo request into parallel analyses and a CSV report, and writes a workflow that validates', () => {
    const out = join(sandbox.root, 'plan.yml');
    const run = mark1('orchestrate', 'plan', '--json', '--out', out, DEMO);
    expect(run.status, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as {
      orchestration: string;
      plan: { status: string; steps: { id: string; capability: string; runsAfter: string[] }[] };
      workflow: { steps: { id: string; inputs: Record<string, unknown> }[] };
    };
    expect(body.plan.status).toBe('complete');
    const byCapability = Object.fromEntries(body.plan.steps.map((step) => [step.capability, step]));
    expect(byCapability['analyze-sentiment']!.runsAfter).toEqual([]);
    expect(byCapability['calculate-readability']!.runsAfter).toEqual([]);
    expect(byCapability['build-report']!.runsAfter.sort()).toEqual(
      [byCapability['analyze-sentiment']!.id, byCapability['calculate-readability']!.id].sort(),
    );
    const report = body.workflow.steps.find(
      (step) => step.id === byCapability['build-report']!.id,
    )!;
    expect(report.inputs.format).toBe('csv');
    expect(readFileSync(out, 'utf8')).toContain('capability: build-report');
    const validate = mark1('workflow', 'validate', out);
    expect(validate.status, validate.stderr + validate.stdout).toBe(0);
  });

  it('explains the plan in words for people', () => {
    const run = mark1('orchestrate', 'plan', DEMO);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Data flow:');
    expect(run.stdout).toMatch(/why: matched "analyze", "sentiment"/);
  });

  it('refuses a request nothing installed can do, saying so', () => {
    const run = mark1('orchestrate', 'plan', 'book me a flight to Lisbon');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nothing in the request maps to an installed capability');
  });
});

describe('mark1 orchestrate run', () => {
  it('runs the demo with --yes: live progress, then the CSV report', () => {
    const run = mark1('orchestrate', 'run', '--yes', DEMO);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/step\.finished \S+ succeeded/);
    expect(run.stderr).toContain('run.finished succeeded');
    const reportLine = run.stdout.split('\n').find((line) => line.startsWith('report'))!;
    const path = reportLine.replace(/^report\s+/, '').replace(/\s+\(file\)$/, '');
    expect(existsSync(path)).toBe(true);
    const csv = readFileSync(path, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('section,key,value');
    expect(csv).toContain('sentiment,label,mixed');
  });

  it('asks before running, and without a terminal to ask on refuses unless --yes', () => {
    const run = mark1('orchestrate', 'run', DEMO);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pass --yes');
    const history = JSON.parse(mark1('orchestrate', 'history', '--json').stdout) as {
      request: string;
      runId: string | null;
      mode: string;
    }[];
    expect(history[0]).toMatchObject({ request: DEMO, mode: 'run', runId: null });
  });

  it('names the inputs a plan still needs, and runs once they are given', () => {
    const request = 'compute the statistics of the csv';
    const missing = mark1('orchestrate', 'run', '--yes', request);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /the plan needs inputs the request did not give: (\S+) \(give them with --input name=value\)/,
    );
    const name = /did not give: (\S+) \(/.exec(missing.stderr)![1]!;
    const run = mark1(
      'orchestrate',
      'run',
      '--yes',
      '--json',
      '--input',
      `${name}=city,people\nParis,2\nRome,4\n`,
      request,
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; state?: string; outputs?: unknown });
    expect(lines[0]!.type).toBe('orchestration.planned');
    expect(lines.some((line) => line.type === 'step.finished')).toBe(true);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'orchestration.finished', state: 'succeeded' });
    expect(JSON.stringify(result.outputs)).toContain('"mean":3');
  });

  it('keeps the story: status of an orchestration, history, and saved workflows', () => {
    const history = JSON.parse(mark1('orchestrate', 'history', '--json').stdout) as {
      id: string;
      runId: string | null;
    }[];
    const ran = history.find((record) => record.runId !== null)!;
    const status = mark1('orchestrate', 'status', ran.id);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain(ran.runId!);
    const workflows = JSON.parse(mark1('orchestrate', 'workflows', '--json').stdout) as {
      request: string | null;
    }[];
    expect(workflows.some((workflow) => workflow.request === DEMO)).toBe(true);
    expect(mark1('orchestrate', 'status', 'no-such-id').status).toBe(2);
  });
});

describe('mark1 chat', () => {
  it('asks for a missing input, takes the answer, amends the plan, and runs only when told', () => {
    const before = (JSON.parse(mark1('workflow', 'history', '--json').stdout) as unknown[]).length;
    const session = chat([
      'analyze the sentiment and readability of a text and create a report',
      '"Great product but expensive"',
      'make it html',
      'run',
      'exit',
    ]);
    expect(session.status, session.stderr).toBe(0);
    expect(session.stdout).toMatch(/What should I use for "\w+"/);
    expect(session.stdout).toContain('format ← "html"');
    expect(session.stdout).toMatch(/done \(run \S+\)/);
    const after = JSON.parse(mark1('workflow', 'history', '--json').stdout) as unknown[];
    expect(after.length).toBe(before + 1);
  });

  it('never runs a plan it was not told to run', () => {
    const before = (JSON.parse(mark1('workflow', 'history', '--json').stdout) as unknown[]).length;
    const session = chat([DEMO, 'exit']);
    expect(session.status, session.stderr).toBe(0);
    expect(session.stdout).toContain('Say "run" to run it');
    expect((JSON.parse(mark1('workflow', 'history', '--json').stdout) as unknown[]).length).toBe(
      before,
    );
  });
});
