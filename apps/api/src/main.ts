import { parseArgs } from 'node:util';
import { Mark1Error, toMark1Error } from '@mark1/sdk';
import { startServer } from './server/start-server';

const HELP = `Usage: mark1-api [--host <address>] [--port <number>] [--home <dir>]

Starts the Mark-1 API server (also started by \`mark1 serve\`).
  --host   address to listen on (default api.host, 127.0.0.1)
  --port   port to listen on, 0 for any free one (default api.port, 8080)
  --home   Mark-1 home folder (beats MARK1_HOME)
Configuration: MARK1_* variables and config.yaml (docs/api.md). Logs: JSON lines on stdout.`;

function fail(error: unknown): never {
  const failure = Mark1Error.isInstance(error) ? error : toMark1Error(error);
  process.stderr.write(`error: ${failure.message} [${failure.code}]\n`);
  process.exit(Mark1Error.isInstance(error) && failure.code === 'USAGE_ERROR' ? 2 : 1);
}

let values: { host?: string; port?: string; home?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail(new Mark1Error('USAGE_ERROR', `${(error as Error).message}\n${HELP}`));
}
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  fail(
    new Mark1Error(
      'USAGE_ERROR',
      `--port must be a whole number from 0 to 65535, not "${values.port}".`,
    ),
  );
}

try {
  const server = await startServer({
    ...(values.home ? { home: values.home } : {}),
    overrides: {
      ...(values.host ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
    },
  });
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      server.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    server.shutdown(signal).then(
      () => server.logger.flush(() => process.exit(0)),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        server.logger.flush(() => process.exit(1));
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('unhandledRejection', (error) =>
    server.logger.error({ err: error }, 'unhandled rejection'),
  );
} catch (error) {
  fail(error);
}
