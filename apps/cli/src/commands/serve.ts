import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { Mark1Error } from '@mark1/sdk';
import type { CliContext } from '../cli-context';
import { CliErrorCodes } from '../errors';

function port(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return number;
}

/** The API server's entry point, from the installed @mark1/api package. */
function apiMain(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@mark1/api/package.json');
  } catch (error) {
    throw new Mark1Error(
      CliErrorCodes.INTERNAL_ERROR,
      'The API server (@mark1/api) is not installed next to the CLI; install it with `npm install @mark1/api`.',
      {
        cause: error,
      },
    );
  }
  const bin =
    (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin?.[
      'mark1-api'
    ] ?? './dist/main.js';
  const main = join(dirname(manifest), bin);
  if (!existsSync(main)) {
    throw new Mark1Error(
      CliErrorCodes.INTERNAL_ERROR,
      `The API server is not built (${main} is missing); run \`npm run build\` at the repository root.`,
    );
  }
  return main;
}

/**
 * `mark1 serve`: runs the API server (the @mark1/api app) in a child process with the same
 * environment and home, forwarding SIGINT and SIGTERM so it shuts down gracefully.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description(
      'start the API server (REST, live progress, OpenAPI at /api/v1/openapi.json, Prometheus /metrics)',
    )
    .option(
      '--host <address>',
      'address to listen on (default api.host: 127.0.0.1); beyond loopback it needs an API key',
    )
    .option(
      '--port <number>',
      'port to listen on (default api.port: 8080; 0 picks a free one)',
      port,
    )
    .addHelpText(
      'after',
      `
Without any API key the server only listens on loopback, open to this machine, and warns; create
keys with \`mark1 api-key create\`. Logs are JSON lines on stdout (MARK1_LOG_LEVEL). Stop it with
Ctrl-C or SIGTERM: running steps get api.shutdown_grace seconds, the rest is marked interrupted.

Examples:
  $ mark1 serve
  $ mark1 serve --port 9000
  $ MARK1_API_ALLOWED_ROOTS=/srv/repos mark1 serve --host 0.0.0.0`,
    )
    .action(async (options: { host?: string; port?: number }) => {
      const args = [apiMain()];
      const home = context.globalOptions().home;
      if (home) args.push('--home', home);
      if (options.host) args.push('--host', options.host);
      if (options.port !== undefined) args.push('--port', String(options.port));
      const child = spawn(process.execPath, args, {
        cwd: context.io.cwd,
        env: context.io.env as NodeJS.ProcessEnv,
        stdio: 'inherit',
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      try {
        const code = await new Promise<number | null>((resolve, reject) => {
          child.on('error', reject);
          child.on('exit', (exitCode) => resolve(exitCode));
        });
        if (code !== 0) {
          throw new Mark1Error(
            CliErrorCodes.INTERNAL_ERROR,
            `The API server stopped with exit code ${code ?? 'unknown (killed)'}; its message is above.`,
          );
        }
      } finally {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
      }
    });
}
