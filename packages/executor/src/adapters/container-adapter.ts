import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type ContainerEntryPoint, parseByteSize } from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';
import { SYSTEM_PATH } from '../invocation/plugin-env';
import { asText, renderEntryTemplate } from '../invocation/templates';
import { findExecutable, splitPath } from '../sandbox/find-executable';
import type { Adapter } from './adapter';
import { buildCliArgs } from './cli-argv';
import { parseOutputText } from './parse-output';

/** The docker CLI's own environment: PATH and the orchestrator's choice of daemon, nothing else. */
function dockerEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? SYSTEM_PATH };
  for (const name of [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_CONFIG',
    'DOCKER_CERT_PATH',
    'DOCKER_TLS_VERIFY',
    'HOME',
  ]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function docker(
  binary: string,
  args: string[],
  timeoutMs: number,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { timeout: timeoutMs, env: dockerEnv(), encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ ok: !error, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

/** The docker CLI, once a daemon answers; `CONTAINER_ENGINE_UNAVAILABLE` otherwise. */
async function reachableEngine(what: string): Promise<string> {
  const binary = findExecutable('docker', splitPath(process.env.PATH));
  if (!binary) {
    throw executorError(
      ExecutorErrorCodes.CONTAINER_ENGINE_UNAVAILABLE,
      `${what} runs in a container, and the docker CLI is not installed. Install Docker (or a docker-compatible engine such as Podman with its docker CLI) to use container plugins.`,
    );
  }
  const info = await docker(binary, ['version', '--format', '{{.Server.Version}}'], 15_000);
  if (!info.ok || !info.output) {
    const reason =
      info.output
        .split('\n')
        .find((line) => /cannot connect|error|refused|no such file/i.test(line)) ??
      info.output.split('\n')[0];
    throw executorError(
      ExecutorErrorCodes.CONTAINER_ENGINE_UNAVAILABLE,
      `${what} runs in a container, and no container engine is reachable (${reason || 'docker did not answer'}). Start the Docker daemon (or point DOCKER_HOST at one) and try again.`,
      { details: { docker: binary, output: info.output.slice(0, 500) } },
    );
  }
  return binary;
}

/**
 * `container`: `docker run` of the image with the call's inputs in its environment, the work and
 * output dirs mounted, no network unless the manifest allows it, and the manifest's memory and
 * process limits. When no engine is reachable the call fails with `CONTAINER_ENGINE_UNAVAILABLE`.
 */
export const containerAdapter: Adapter<'container'> = {
  type: 'container',
  async run(entry: ContainerEntryPoint, context) {
    const what = `${context.plugin.name}/${context.capability.name}`;
    const binary = await reachableEngine(what);
    const permissions = context.plugin.manifest.permissions;
    const name = `mark1-${randomBytes(6).toString('hex')}`;
    const workspace = context.workspace;
    const argv = [
      binary,
      'run',
      '--rm',
      '-i',
      '--name',
      name,
      '--network',
      permissions.network ? 'bridge' : 'none',
    ];
    if (permissions.max_memory !== undefined)
      argv.push('--memory', String(parseByteSize(permissions.max_memory)));
    if (permissions.max_processes !== undefined)
      argv.push('--pids-limit', String(permissions.max_processes));
    argv.push(
      '-v',
      `${workspace.workDir}:${workspace.workDir}`,
      '-v',
      `${workspace.outputDir}:${workspace.outputDir}`,
    );
    for (const mount of context.pathMounts)
      argv.push('-v', `${mount.path}:${mount.path}:${mount.writable ? 'rw' : 'ro'}`);
    argv.push('--workdir', entry.workdir ?? workspace.workDir);
    // Values travel in the CLI's environment (`-e NAME`), so secrets never show in a process list.
    const env: Record<string, string> = {};
    for (const [key, template] of Object.entries(entry.env ?? {})) {
      env[key] = asText(renderEntryTemplate(template, context.scope, `${what} env.${key}`));
    }
    for (const key of [
      'MARK1_INPUT',
      'MARK1_INPUT_FILE',
      'MARK1_OUTPUT_DIR',
      'MARK1_WORK_DIR',
      ...Object.keys(env),
    ])
      argv.push('-e', key);
    argv.push(
      entry.image,
      ...(entry.command ?? []),
      ...buildCliArgs(entry.args, context.scope, what),
    );
    const result = await context.launcher.run({
      argv,
      hostProgram: true,
      env: { ...dockerEnv(), ...env },
    });
    if (result.outcome.timedOut || result.outcome.cancelled)
      await docker(binary, ['kill', name], 15_000);
    if (result.failure) throw result.failure;
    return { value: parseOutputText(result.outcome.stdout.toString('utf8'), entry.stdout, what) };
  },
};
