import { isIP } from 'node:net';
import type { LogLevel, Mark1Config } from '@mark1/storage';

/** What the server needs from the configuration, after command-line overrides. */
export interface ApiSettings {
  /** Address to listen on. */
  readonly host: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** True when `host` is a loopback address (127.0.0.0/8, ::1, localhost). */
  readonly loopbackOnly: boolean;
  /** Folders request paths must lie under. */
  readonly allowedRoots: readonly string[];
  readonly jwt: {
    readonly secret?: string;
    readonly publicKeyFile?: string;
    readonly issuer?: string;
    readonly audience?: string;
  };
  /** Requests per minute per caller (0: unlimited). */
  readonly rateLimitPerMinute: number;
  /** Largest JSON body in bytes. */
  readonly bodyLimit: number;
  /** Largest uploaded archive in bytes. */
  readonly uploadLimit: number;
  /** Milliseconds running steps get to finish when the server stops. */
  readonly shutdownGraceMs: number;
  readonly logLevel: LogLevel;
}

/** Overrides from the command line (`mark1 serve --host --port`). */
export interface ApiSettingsOverrides {
  readonly host?: string;
  readonly port?: number;
}

/** True for loopback addresses and `localhost`: nothing beyond this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6)
    return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/** The server's settings from `config.api` and `config.monitoring`, with `overrides` applied. */
export function apiSettingsFrom(
  config: Mark1Config,
  overrides: ApiSettingsOverrides = {},
): ApiSettings {
  const host = overrides.host ?? config.api.host;
  return {
    host,
    port: overrides.port ?? config.api.port,
    loopbackOnly: isLoopbackHost(host),
    allowedRoots: config.api.allowedRoots,
    jwt: {
      ...(config.api.jwtSecret ? { secret: config.api.jwtSecret } : {}),
      ...(config.api.jwtPublicKey ? { publicKeyFile: config.api.jwtPublicKey } : {}),
      ...(config.api.jwtIssuer ? { issuer: config.api.jwtIssuer } : {}),
      ...(config.api.jwtAudience ? { audience: config.api.jwtAudience } : {}),
    },
    rateLimitPerMinute: config.api.rateLimit,
    bodyLimit: config.api.bodyLimit,
    uploadLimit: config.api.uploadLimit,
    shutdownGraceMs: config.api.shutdownGrace * 1000,
    logLevel: config.monitoring.logLevel,
  };
}
