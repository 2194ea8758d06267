import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '@mark1/storage';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Least severe level written (`MARK1_LOG_LEVEL`). */
  readonly level: LogLevel;
  /**
   * Where lines go.
   * @default standard output
   */
  readonly destination?: DestinationStream;
}

/**
 * The server's logger: one JSON object per line with an ISO time, the level as a word, the
 * service name, and (from Fastify) the request id on every line about a request; run lines carry
 * the run id. Credentials in headers are never written.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'mark1-api', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'headers.authorization',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
