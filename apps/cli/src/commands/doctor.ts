import { execFile } from 'node:child_process';
import type { Command } from 'commander';
import { PROTECTIONS, probeSandbox, type SandboxSupport } from '@mark1/executor';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { renderPairs } from '../output/table';

interface ToolCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

function check(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000, encoding: 'utf8', env }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** Runtimes and engines plugins may need: the Python behind python3, Node, the docker engine. */
async function toolChecks(env: NodeJS.ProcessEnv): Promise<ToolCheck[]> {
  const python = await check(
    'python3',
    ['-c', 'import sys; print(sys.version.split()[0], sys.executable)'],
    env,
  );
  const docker = await check('docker', ['version', '--format', '{{.Server.Version}}'], env);
  const dockerReason =
    docker.output
      .split('\n')
      .find((line) => /cannot connect|error|refused|not found/i.test(line)) ??
    docker.output.split('\n')[0];
  return [
    {
      name: 'python3',
      ok: python.ok,
      detail: python.ok ? python.output : 'not found: Python plugins cannot run (install python3)',
    },
    { name: 'node', ok: true, detail: `${process.version} ${process.execPath}` },
    {
      name: 'container engine',
      ok: docker.ok && docker.output !== '',
      detail:
        docker.ok && docker.output
          ? `docker ${docker.output}`
          : `not reachable (${dockerReason || 'docker is not installed'}): container plugins fail with CONTAINER_ENGINE_UNAVAILABLE`,
    },
  ];
}

function renderDoctor(
  support: SandboxSupport,
  mode: string,
  tools: readonly ToolCheck[],
  colors: Colors,
): string {
  const mark = (ok: boolean) => (ok ? colors.green('✓') : colors.red('✗'));
  const missing = PROTECTIONS.filter((protection) => !support.protections[protection].available);
  const lines = [
    colors.bold('Sandbox'),
    renderPairs(
      [
        [
          'mode',
          `${mode}${mode === 'required' && missing.length ? colors.red(' – plugins will be refused until the missing protections are fixed') : ''}`,
        ],
        [
          'bubblewrap',
          support.bwrap.usable
            ? `${support.bwrap.version ?? 'bwrap'} (${support.bwrap.path})`
            : colors.red(support.bwrap.problem ?? 'unusable'),
        ],
        [
          'prlimit',
          support.prlimit.usable
            ? String(support.prlimit.path)
            : colors.red(support.prlimit.problem ?? 'unusable'),
        ],
        [
          'identity',
          support.bwrap.identity === 'uid-switch'
            ? 'root: each call runs as a uid of its own (setpriv)'
            : support.bwrap.identity === 'user-namespace'
              ? 'unprivileged user namespace'
              : colors.yellow('plugins keep the orchestrator uid'),
        ],
      ],
      colors,
    ),
    '',
    ...PROTECTIONS.map((protection) => {
      const entry = support.protections[protection];
      return `${mark(entry.available)} ${protection.padEnd(11)} ${entry.available ? colors.dim(entry.how) : colors.red(entry.problem ?? 'not available')}`;
    }),
    '',
    colors.bold('Runtimes'),
    ...tools.map(
      (tool) =>
        `${mark(tool.ok)} ${tool.name.padEnd(16)} ${tool.ok ? colors.dim(tool.detail) : colors.yellow(tool.detail)}`,
    ),
  ];
  if (missing.length > 0 && mode === 'preferred') {
    lines.push(
      '',
      colors.yellow(
        `Under sandbox: preferred, plugins run without: ${missing.join(', ')} (each run records what was active).`,
      ),
    );
  }
  return lines.join('\n');
}

/** `mark1 doctor`: what this machine supports, found by trying each mechanism for real. */
export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      'what this machine supports: each sandbox protection (tried for real), runtimes, the container engine',
    )
    .action(async () => {
      const support = await probeSandbox();
      const mode = context.config().config.sandbox;
      const tools = await toolChecks({
        PATH: context.io.env.PATH ?? process.env.PATH,
        HOME: context.io.env.HOME,
        DOCKER_HOST: context.io.env.DOCKER_HOST,
      });
      const printer = context.printer();
      printer.result({ sandbox: { mode, ...support }, tools }, () =>
        renderDoctor(support, mode, tools, printer.colors),
      );
    });
}
