import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDatabaseUrl, redactDatabaseUrl } from '../database/database-url';
import { storageError, StorageErrorCodes } from '../errors';
import { readConfigFile } from './config-file';
import {
  CONFIG_KEY_DEFINITIONS,
  CONFIG_KEY_SCHEMAS,
  type ConfigKey,
  type ConfigKeyDefinition,
  type ConfigValue,
  type LogLevel,
  type SandboxMode,
} from './config-keys';
import { describeConfigSource, howToChange, type ConfigSource } from './config-source';
import { homeLayout, type HomeLayout } from './home-layout';

/** Mark-1's configuration, resolved: environment beats config.yaml beats defaults. */
export interface Mark1Config {
  /** Absolute path of the home folder. */
  readonly home: string;
  readonly database: {
    /** Database URL; relative SQLite paths are already made absolute. */
    readonly url: string;
    /** Most PostgreSQL connections per process. */
    readonly poolSize: number;
  };
  readonly ollama: {
    /** Ollama server URL, or undefined to plan without an LLM. */
    readonly baseUrl: string | undefined;
    /** Model name. */
    readonly model: string;
    /** Seconds to wait for an answer. */
    readonly timeout: number;
  };
  readonly plugins: {
    /** Absolute path of the plugins folder. */
    readonly directory: string;
    /** Default seconds per plugin call. */
    readonly timeout: number;
  };
  readonly context: {
    /** Contexts cached in memory. */
    readonly cacheSize: number;
    /** Whether large values are compressed. */
    readonly compression: boolean;
    /** Default lifetime in seconds, or undefined for no expiry. */
    readonly ttl: number | undefined;
  };
  readonly monitoring: {
    readonly metricsEnabled: boolean;
    readonly metricsPort: number;
    readonly logLevel: LogLevel;
  };
  readonly orchestration: {
    readonly maxConcurrent: number;
    /** Default seconds per run. */
    readonly defaultTimeout: number;
    readonly retryAttempts: number;
  };
  /** Sandbox policy for plugin runs. */
  readonly sandbox: SandboxMode;
  /** Key that encrypts plugin secrets, when given through the environment or config.yaml. */
  readonly secretKey: string | undefined;
  /** The bundled API server (`mark1 serve`). */
  readonly api: {
    /** Address to listen on. */
    readonly host: string;
    /** Port to listen on (0: any free one). */
    readonly port: number;
    /** Absolute folders request paths must lie under; empty refuses every path. */
    readonly allowedRoots: readonly string[];
    /** HS256 secret of accepted JWTs. */
    readonly jwtSecret: string | undefined;
    /** Absolute path of the PEM public key of accepted JWTs. */
    readonly jwtPublicKey: string | undefined;
    /** Required `iss` claim. */
    readonly jwtIssuer: string | undefined;
    /** Required `aud` claim. */
    readonly jwtAudience: string | undefined;
    /** Requests per minute per key (0: unlimited). */
    readonly rateLimit: number;
    /** Largest JSON body, in bytes. */
    readonly bodyLimit: number;
    /** Largest uploaded archive, in bytes. */
    readonly uploadLimit: number;
    /** Seconds running steps get to finish on shutdown. */
    readonly shutdownGrace: number;
  };
}

/** One resolved key, as `config show` prints it. */
export interface ConfigEntry {
  /** The key as written in config.yaml. */
  readonly key: ConfigKey;
  /** The environment variable that overrides it. */
  readonly env: string | undefined;
  /** What it controls. */
  readonly description: string;
  /** The resolved value, safe to show: `undefined` for secrets, database URLs with the password hidden. */
  readonly value: string | number | boolean | undefined;
  /** The value for humans: secrets masked, database passwords hidden, `(unset)` when unset. */
  readonly display: string;
  /** Where the value came from. */
  readonly source: ConfigSource;
  /** `source` as a phrase. */
  readonly sourceText: string;
  /** True for values that are never displayed. */
  readonly secret: boolean;
}

/** The result of {@link loadConfig}. */
export interface LoadedConfig {
  /** The resolved values. */
  readonly config: Mark1Config;
  /** Every key with its value and source, in documentation order. */
  readonly entries: readonly ConfigEntry[];
  /** The home folder's files and folders. */
  readonly layout: HomeLayout;
  /** The config.yaml that was read (or would be). */
  readonly file: { readonly path: string; readonly exists: boolean };
  /** Ignored keys in config.yaml. */
  readonly warnings: readonly string[];
  /** Where `key`'s value came from. */
  sourceOf(key: ConfigKey): ConfigSource;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Environment to read `MARK1_*` variables from.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /** A home folder given on the command line; beats `MARK1_HOME`. */
  home?: string;
  /**
   * How the command line spelled the home option, for messages.
   * @default '--home'
   */
  homeOption?: string;
  /**
   * Folder that relative paths from the environment or the command line are resolved against.
   * @default process.cwd()
   */
  cwd?: string;
}

function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

function baseDirOf(source: ConfigSource, cwd: string, home: string): string {
  return source.kind === 'file' ? dirname(source.path) : source.kind === 'default' ? home : cwd;
}

function invalid(definition: ConfigKeyDefinition, raw: unknown, source: ConfigSource): never {
  const shown = definition.secret ? '(hidden)' : JSON.stringify(raw);
  const where =
    source.kind === 'env'
      ? `from environment variable ${source.variable}`
      : source.kind === 'file'
        ? `in ${source.path} (key ${source.key})`
        : source.kind === 'option'
          ? `from ${source.option}`
          : 'as its default';
  throw storageError(
    StorageErrorCodes.CONFIG_INVALID,
    `Invalid ${definition.key} ${shown} ${where}: expected ${definition.expects}. ${howToChange(source)}`,
    { details: { key: definition.key, source: describeConfigSource(source) } },
  );
}

function displayOf(definition: ConfigKeyDefinition, value: unknown, redactedUrl?: string): string {
  if (value === undefined) return '(unset)';
  if (definition.secret) return '******** (set)';
  if (redactedUrl !== undefined) return redactedUrl;
  return String(value);
}

/**
 * Resolves the configuration: for each key the environment variable wins, then `config.yaml` in
 * the home folder, then the default. The home folder itself comes from `options.home`, then
 * `MARK1_HOME`, then `~/.mark1`. Relative paths are resolved against the folder of whatever set
 * them (the working directory for the environment, the home folder for config.yaml). Throws
 * `CONFIG_PARSE_ERROR` for a broken file and `CONFIG_INVALID` naming the key, its source and the fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const envValue = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };

  const homeDefinition = CONFIG_KEY_DEFINITIONS.find((definition) => definition.key === 'home')!;
  let homeSource: ConfigSource = { kind: 'default' };
  let homeRaw: string = String(homeDefinition.defaultValue(''));
  if (options.home !== undefined) {
    homeSource = { kind: 'option', option: options.homeOption ?? '--home' };
    homeRaw = options.home;
  } else if (envValue(homeDefinition.env) !== undefined) {
    homeSource = { kind: 'env', variable: homeDefinition.env! };
    homeRaw = envValue(homeDefinition.env)!;
  }
  if (homeRaw.trim() === '') invalid(homeDefinition, homeRaw, homeSource);
  const home = resolve(cwd, expandHome(homeRaw.trim()));
  const layout = homeLayout(home);
  const file = readConfigFile(layout.configFile);

  const values = new Map<ConfigKey, unknown>();
  const sources = new Map<ConfigKey, ConfigSource>();
  const entries: ConfigEntry[] = [];
  for (const definition of CONFIG_KEY_DEFINITIONS) {
    let source: ConfigSource;
    let raw: unknown;
    if (definition.key === 'home') {
      source = homeSource;
      raw = home;
    } else if (envValue(definition.env) !== undefined) {
      source = { kind: 'env', variable: definition.env! };
      raw = envValue(definition.env);
    } else if (file.values.has(definition.key)) {
      const fromFile = file.values.get(definition.key)!;
      source = { kind: 'file', path: layout.configFile, key: fromFile.writtenKey };
      raw = fromFile.value;
    } else {
      source = { kind: 'default' };
      raw = definition.defaultValue(home);
    }
    const parsed = CONFIG_KEY_SCHEMAS[definition.key].safeParse(raw);
    if (!parsed.success) invalid(definition, raw, source);
    let value = parsed.data as string | number | boolean | undefined;
    let redactedUrl: string | undefined;
    if (definition.isPath && typeof value === 'string') {
      const expanded = expandHome(value);
      value = isAbsolute(expanded)
        ? resolve(expanded)
        : resolve(baseDirOf(source, cwd, home), expanded);
    }
    if (definition.key === 'database.url' && typeof value === 'string') {
      redactedUrl = redactDatabaseUrl(value);
      try {
        const target = parseDatabaseUrl(value, { baseDir: baseDirOf(source, cwd, home) });
        if (target.engine === 'sqlite') value = target.displayUrl;
        redactedUrl = target.displayUrl;
      } catch {
        // An unusable URL is reported, with its source, when the database is opened.
      }
    }
    values.set(definition.key, value);
    sources.set(definition.key, source);
    entries.push({
      key: definition.key,
      env: definition.env,
      description: definition.description,
      value: definition.secret ? undefined : (redactedUrl ?? value),
      display: displayOf(definition, value, redactedUrl),
      source,
      sourceText: describeConfigSource(source),
      secret: definition.secret ?? false,
    });
  }

  const get = <K extends ConfigKey>(key: K): ConfigValue<K> => values.get(key) as ConfigValue<K>;
  const config: Mark1Config = {
    home,
    database: { url: get('database.url'), poolSize: get('database.pool_size') },
    ollama: {
      baseUrl: get('ollama.base_url'),
      model: get('ollama.model'),
      timeout: get('ollama.timeout'),
    },
    plugins: { directory: get('plugins.directory'), timeout: get('plugins.timeout') },
    context: {
      cacheSize: get('context.cache_size'),
      compression: get('context.compression'),
      ttl: get('context.ttl'),
    },
    monitoring: {
      metricsEnabled: get('monitoring.metrics_enabled'),
      metricsPort: get('monitoring.metrics_port'),
      logLevel: get('monitoring.log_level'),
    },
    orchestration: {
      maxConcurrent: get('orchestration.max_concurrent'),
      defaultTimeout: get('orchestration.default_timeout'),
      retryAttempts: get('orchestration.retry_attempts'),
    },
    sandbox: get('sandbox'),
    secretKey: get('secret_key'),
    api: {
      host: get('api.host'),
      port: get('api.port'),
      allowedRoots: (get('api.allowed_roots') ?? '')
        .split(delimiter)
        .filter((folder) => folder !== '')
        .map((folder) => resolve(expandHome(folder))),
      jwtSecret: get('api.jwt_secret'),
      jwtPublicKey: get('api.jwt_public_key'),
      jwtIssuer: get('api.jwt_issuer'),
      jwtAudience: get('api.jwt_audience'),
      rateLimit: get('api.rate_limit'),
      bodyLimit: get('api.body_limit'),
      uploadLimit: get('api.upload_limit'),
      shutdownGrace: get('api.shutdown_grace'),
    },
  };
  return {
    config,
    entries,
    layout,
    file: { path: layout.configFile, exists: file.exists },
    warnings: file.warnings,
    sourceOf: (key) => sources.get(key)!,
  };
}
