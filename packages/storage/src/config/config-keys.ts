import { delimiter, isAbsolute } from 'node:path';
import { parseByteSize, parseDuration } from '@mark1/sdk';
import { z } from 'zod';
import { homeLayout } from './home-layout';

/** Where a sandboxed plugin run stands when the machine cannot apply every protection. */
export const SANDBOX_MODES = ['required', 'preferred', 'off'] as const;
/** `required`: refuse to run without the sandbox; `preferred`: run with what is available; `off`: no sandbox. */
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** Log levels, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function numberFromText(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(numberFromText, z.number().int().min(min).max(max));

const booleanValue = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}, z.boolean());

const seconds = z.union([z.number(), z.string()]).transform((value, ctx) => {
  try {
    return parseDuration(numberFromText(value) as number | string);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a duration' });
    return z.NEVER;
  }
});

const nonEmptyText = z.string().trim().min(1);

const byteSize = z.union([z.number(), z.string()]).transform((value, ctx) => {
  try {
    return parseByteSize(numberFromText(value) as number | string);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a size' });
    return z.NEVER;
  }
});

/** Folders as one text, split on the platform's path delimiter (`:`); YAML may give a list. */
const folderList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(delimiter))
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .refine(
    (folders) =>
      folders.every((folder) => isAbsolute(folder) || folder === '~' || folder.startsWith('~/')),
    'every folder must be an absolute path',
  )
  .transform((folders) => folders.join(delimiter))
  .optional();

const listenHost = nonEmptyText.refine(
  (value) => !/[\s/]/.test(value),
  'not a host name or address',
);

const httpUrl = nonEmptyText.refine(
  (value) => /^https?:\/\/[^\s/]+/i.test(value),
  'not an http(s) URL',
);

const logLevel = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return word === 'warning' ? 'warn' : word;
}, z.enum(LOG_LEVELS));

const sandboxMode = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(SANDBOX_MODES),
);

/**
 * The schema of each configuration key. Every schema accepts both the text of an environment
 * variable and the value YAML gives (a number, a boolean, a string).
 */
export const CONFIG_KEY_SCHEMAS = {
  home: nonEmptyText,
  'database.url': nonEmptyText,
  'database.pool_size': wholeNumber(1, 1000),
  'ollama.base_url': httpUrl.optional(),
  'ollama.model': nonEmptyText,
  'ollama.timeout': seconds,
  'plugins.directory': nonEmptyText,
  'plugins.timeout': seconds,
  'context.cache_size': wholeNumber(0),
  'context.compression': booleanValue,
  'context.ttl': seconds.optional(),
  'monitoring.metrics_enabled': booleanValue,
  'monitoring.metrics_port': wholeNumber(1, 65535),
  'monitoring.log_level': logLevel,
  'orchestration.max_concurrent': wholeNumber(1, 1000),
  'orchestration.default_timeout': seconds,
  'orchestration.retry_attempts': wholeNumber(0, 100),
  sandbox: sandboxMode,
  secret_key: nonEmptyText.optional(),
  'api.host': listenHost,
  'api.port': wholeNumber(0, 65535),
  'api.allowed_roots': folderList,
  'api.jwt_secret': z.string().trim().min(32).optional(),
  'api.jwt_public_key': nonEmptyText.optional(),
  'api.jwt_issuer': nonEmptyText.optional(),
  'api.jwt_audience': nonEmptyText.optional(),
  'api.rate_limit': wholeNumber(0, 10_000_000),
  'api.body_limit': byteSize,
  'api.upload_limit': byteSize,
  'api.shutdown_grace': seconds,
} as const;

/** A configuration key, as written in config.yaml (`section.key`). */
export type ConfigKey = keyof typeof CONFIG_KEY_SCHEMAS;

/** The parsed value of a configuration key. */
export type ConfigValue<K extends ConfigKey> = z.output<(typeof CONFIG_KEY_SCHEMAS)[K]>;

/** How one configuration key is read, documented and defaulted. */
export interface ConfigKeyDefinition {
  /** The key as written in config.yaml (`section.key`). */
  readonly key: ConfigKey;
  /** The environment variable that overrides the file, if any. */
  readonly env?: string;
  /** One line saying what the value controls. */
  readonly description: string;
  /** What an acceptable value looks like, for error messages. */
  readonly expects: string;
  /** The value when neither the environment nor the file sets it (`undefined`: unset). */
  readonly defaultValue: (home: string) => string | number | boolean | undefined;
  /** Never displayed: `config show` prints whether it is set, not its value. */
  readonly secret?: boolean;
  /** Paths are expanded (`~`) and resolved against the folder of whatever set them. */
  readonly isPath?: boolean;
  /** False for `home`, which decides where config.yaml is and so cannot live in it. */
  readonly inFile: boolean;
}

/** Every configuration key, in the order `config show` and config.yaml list them. */
export const CONFIG_KEY_DEFINITIONS: readonly ConfigKeyDefinition[] = [
  {
    key: 'home',
    env: 'MARK1_HOME',
    description: 'Folder holding the configuration, the database, plugins, artifacts and runs.',
    expects: 'a folder path',
    defaultValue: () => '~/.mark1',
    isPath: true,
    inFile: false,
  },
  {
    key: 'database.url',
    env: 'MARK1_DATABASE_URL',
    description:
      'Database: sqlite:///path/to/file.db (default, in the home folder) or postgres://user:pass@host:5432/db.',
    expects:
      'sqlite:///absolute/path.db, sqlite://./relative.db, file:/path.db or postgres://user:pass@host:5432/db',
    defaultValue: (home) => `sqlite://${homeLayout(home).databaseFile}`,
    inFile: true,
  },
  {
    key: 'database.pool_size',
    env: 'MARK1_DATABASE_POOL_SIZE',
    description: 'Most PostgreSQL connections one Mark-1 process opens (SQLite always uses one).',
    expects: 'a whole number from 1 to 1000',
    defaultValue: () => 10,
    inFile: true,
  },
  {
    key: 'ollama.base_url',
    env: 'MARK1_OLLAMA_URL',
    description: 'Ollama server used by the planner; unset means plan without an LLM.',
    expects: 'an http:// or https:// URL',
    defaultValue: () => undefined,
    inFile: true,
  },
  {
    key: 'ollama.model',
    env: 'MARK1_OLLAMA_MODEL',
    description: 'Ollama model the planner asks.',
    expects: 'a model name such as llama3.1:8b',
    defaultValue: () => 'llama3.1:8b',
    inFile: true,
  },
  {
    key: 'ollama.timeout',
    env: 'MARK1_OLLAMA_TIMEOUT',
    description: 'Seconds to wait for one Ollama answer.',
    expects: 'seconds as a number, or a duration such as "90s" or "5m"',
    defaultValue: () => 300,
    inFile: true,
  },
  {
    key: 'plugins.directory',
    env: 'MARK1_PLUGINS_DIR',
    description: 'Folder where installed plugins live.',
    expects: 'a folder path',
    defaultValue: (home) => homeLayout(home).pluginsDir,
    isPath: true,
    inFile: true,
  },
  {
    key: 'plugins.timeout',
    env: 'MARK1_PLUGIN_TIMEOUT',
    description: 'Seconds one plugin call may take unless its capability says otherwise.',
    expects: 'seconds as a number, or a duration such as "30s" or "5m"',
    defaultValue: () => 300,
    inFile: true,
  },
  {
    key: 'context.cache_size',
    env: 'MARK1_CONTEXT_CACHE_SIZE',
    description: "Memory for the context store's cache, in MiB (0 disables the cache).",
    expects: 'a whole number of MiB, 0 or more',
    defaultValue: () => 1000,
    inFile: true,
  },
  {
    key: 'context.compression',
    env: 'MARK1_CONTEXT_COMPRESSION',
    description: 'Compress large context values before storing them.',
    expects: 'true or false',
    defaultValue: () => false,
    inFile: true,
  },
  {
    key: 'context.ttl',
    env: 'MARK1_CONTEXT_TTL',
    description:
      'Seconds a context lives unless it says otherwise; unset keeps contexts until deleted.',
    expects: 'seconds as a number, or a duration such as "1h"',
    defaultValue: () => undefined,
    inFile: true,
  },
  {
    key: 'monitoring.metrics_enabled',
    env: 'MARK1_METRICS_ENABLED',
    description: 'Serve Prometheus metrics from `mark1 serve`.',
    expects: 'true or false',
    defaultValue: () => false,
    inFile: true,
  },
  {
    key: 'monitoring.metrics_port',
    env: 'MARK1_METRICS_PORT',
    description: 'Port of the metrics endpoint.',
    expects: 'a port number from 1 to 65535',
    defaultValue: () => 8000,
    inFile: true,
  },
  {
    key: 'monitoring.log_level',
    env: 'MARK1_LOG_LEVEL',
    description: 'Least severe log messages shown.',
    expects: 'one of debug, info, warn, error',
    defaultValue: () => 'info',
    inFile: true,
  },
  {
    key: 'orchestration.max_concurrent',
    env: 'MARK1_MAX_CONCURRENT',
    description: 'Most steps of one run executing at the same time.',
    expects: 'a whole number from 1 to 1000',
    defaultValue: () => 10,
    inFile: true,
  },
  {
    key: 'orchestration.default_timeout',
    env: 'MARK1_DEFAULT_TIMEOUT',
    description: 'Seconds a whole run may take unless the workflow says otherwise.',
    expects: 'seconds as a number, or a duration such as "10m"',
    defaultValue: () => 600,
    inFile: true,
  },
  {
    key: 'orchestration.retry_attempts',
    env: 'MARK1_RETRY_ATTEMPTS',
    description: 'Times a failing step is retried unless the step says otherwise (0: never).',
    expects: 'a whole number from 0 to 100',
    defaultValue: () => 3,
    inFile: true,
  },
  {
    key: 'sandbox',
    env: 'MARK1_SANDBOX',
    description:
      'required: refuse to run plugins unsandboxed; preferred: use what this machine offers; off: no sandbox.',
    expects: 'one of required, preferred, off',
    defaultValue: () => 'preferred',
    inFile: true,
  },
  {
    key: 'secret_key',
    env: 'MARK1_SECRET_KEY',
    description: 'Key that encrypts plugin secrets; unset means the keyfile in the home folder.',
    expects: 'a non-empty string',
    defaultValue: () => undefined,
    secret: true,
    inFile: true,
  },
  {
    key: 'api.host',
    env: 'MARK1_API_HOST',
    description:
      'Address `mark1 serve` listens on; anything but loopback needs API keys or a JWT key.',
    expects: 'a host name or IP address such as 127.0.0.1 or 0.0.0.0',
    defaultValue: () => '127.0.0.1',
    inFile: true,
  },
  {
    key: 'api.port',
    env: 'MARK1_API_PORT',
    description: 'Port `mark1 serve` listens on (0 picks a free one).',
    expects: 'a port number from 0 to 65535',
    defaultValue: () => 8080,
    inFile: true,
  },
  {
    key: 'api.allowed_roots',
    env: 'MARK1_API_ALLOWED_ROOTS',
    description:
      'Folders the API may read paths under (scans, local installs, file inputs), separated by ":"; unset refuses every path.',
    expects: 'absolute folder paths separated by ":" (a YAML list in config.yaml)',
    defaultValue: () => undefined,
    inFile: true,
  },
  {
    key: 'api.jwt_secret',
    env: 'MARK1_API_JWT_SECRET',
    description:
      'Shared secret of HS256-signed JWTs the API accepts besides API keys; unset accepts none.',
    expects: 'a secret of at least 32 characters',
    defaultValue: () => undefined,
    secret: true,
    inFile: true,
  },
  {
    key: 'api.jwt_public_key',
    env: 'MARK1_API_JWT_PUBLIC_KEY',
    description:
      'PEM file with the public key of RS256/ES256/EdDSA-signed JWTs the API accepts; unset accepts none.',
    expects: 'a path to a PEM (SPKI) public key file',
    defaultValue: () => undefined,
    isPath: true,
    inFile: true,
  },
  {
    key: 'api.jwt_issuer',
    env: 'MARK1_API_JWT_ISSUER',
    description: 'The `iss` claim JWTs must carry; unset does not check it.',
    expects: 'a non-empty string',
    defaultValue: () => undefined,
    inFile: true,
  },
  {
    key: 'api.jwt_audience',
    env: 'MARK1_API_JWT_AUDIENCE',
    description: 'The `aud` claim JWTs must carry; unset does not check it.',
    expects: 'a non-empty string',
    defaultValue: () => undefined,
    inFile: true,
  },
  {
    key: 'api.rate_limit',
    env: 'MARK1_API_RATE_LIMIT',
    description:
      'Requests per minute one API key (or one address, without keys) may make; 0 turns the limit off.',
    expects: 'a whole number, 0 or more',
    defaultValue: () => 600,
    inFile: true,
  },
  {
    key: 'api.body_limit',
    env: 'MARK1_API_BODY_LIMIT',
    description: 'Largest JSON request body the API reads.',
    expects: 'a size such as "1MB" or "512KB" (a bare number is megabytes)',
    defaultValue: () => '1MB',
    inFile: true,
  },
  {
    key: 'api.upload_limit',
    env: 'MARK1_API_UPLOAD_LIMIT',
    description: 'Largest plugin archive the API accepts as an upload.',
    expects: 'a size such as "100MB" (a bare number is megabytes)',
    defaultValue: () => '100MB',
    inFile: true,
  },
  {
    key: 'api.shutdown_grace',
    env: 'MARK1_API_SHUTDOWN_GRACE',
    description:
      'Seconds a stopping server lets running steps finish before marking their runs interrupted.',
    expects: 'seconds as a number, or a duration such as "30s"',
    defaultValue: () => 30,
    inFile: true,
  },
];

/** Old spellings accepted in config.yaml, with the key they now mean. */
export const CONFIG_KEY_ALIASES: Readonly<Record<string, ConfigKey>> = {
  'ollama.default_model': 'ollama.model',
};
