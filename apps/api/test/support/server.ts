import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built server the tests run (the nx test target builds it first). */
export const SERVER_MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

/** A server process started by a test. */
export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout (JSON log lines) and stderr so far. */
  output(): string;
  /** Parsed JSON log lines. */
  logLines(): Record<string, unknown>[];
  /** Sends `signal` and resolves with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** MARK1_HOME. */
  readonly home: string;
  /** More environment (MARK1_API_ALLOWED_ROOTS, MARK1_DATABASE_URL, ...). */
  readonly env?: Record<string, string>;
  /** More arguments (`--host`). */
  readonly args?: readonly string[];
}

/** Fails clearly when the server is not built. */
export function requireBuiltServer(): void {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(
      `${SERVER_MAIN} is missing: these tests run the built server. Run \`npx nx run @mark1/api:test\` (builds first) or \`npx tsup\` in apps/api.`,
    );
  }
}

/** Runs the server until it exits, for start-up failures: its exit code and output. */
export function runServerToExit(
  options: StartServerOptions,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawnServer(options);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

function spawnServer(options: StartServerOptions): ChildProcess {
  requireBuiltServer();
  return spawn(process.execPath, [SERVER_MAIN, '--port', '0', ...(options.args ?? [])], {
    env: {
      PATH: process.env.PATH,
      HOME: dirname(options.home),
      MARK1_HOME: options.home,
      MARK1_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the built server on a random loopback port and waits until it listens. */
export function startServer(options: StartServerOptions): Promise<ApiServer> {
  const child = spawnServer(options);
  let output = '';
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start within 30 s. Its output:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"mark1 api listening"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolvePromise({
        url,
        port: Number(new URL(url).port),
        child,
        output: () => output,
        logLines: () =>
          output
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`The server exited (code ${code}) before listening. Its output:\n${output}`),
      );
    });
  });
}
