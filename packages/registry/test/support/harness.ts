import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStorage, loadConfig, type Mark1Config, type Storage } from '@mark1/storage';
import { createRegistry, type Registry, type RegistryOptions } from '../../src/index';

/** The PostgreSQL the integration tests use; override with MARK1_TEST_POSTGRES_URL. */
export const POSTGRES_URL =
  process.env.MARK1_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Database engines the lifecycle suites run on. */
export type Engine = 'sqlite' | 'postgres';

/** A registry on a temporary home, with helpers to look at what it left on disk and in the database. */
export interface Harness {
  /** A temporary folder for the test's own files (repositories, archives). */
  readonly work: string;
  readonly home: string;
  readonly pluginsDir: string;
  readonly config: Mark1Config;
  readonly storage: Storage;
  readonly registry: Registry;
  /** Warnings the registry reported. */
  readonly warnings: string[];
  /** Row counts of the tables an install writes. */
  rows(): Promise<{ plugins: number; versions: number; capabilities: number; secrets: number }>;
  /** Names in the plugins folder (`.staging` listed with its entries as `.staging/<entry>`). */
  leftovers(): string[];
  /** Another registry on the same home and database (a second process, a restart). */
  reopen(options?: Partial<RegistryOptions>): Registry;
  close(): Promise<void>;
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  engine?: Engine;
  registry?: Partial<RegistryOptions>;
  /** Extra environment for the configuration (MARK1_SECRET_KEY). */
  env?: Record<string, string>;
}

async function postgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `mark1_registry_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${(error as Error).message}); start it or set MARK1_TEST_POSTGRES_URL.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    url: `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    async drop() {
      const dropper = new pg.Client({ connectionString: POSTGRES_URL });
      await dropper.connect();
      try {
        await dropper.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** A {@link Harness} on SQLite (default) or PostgreSQL. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const work = mkdtempSync(join(tmpdir(), 'mark1-registry-'));
  const home = join(work, 'home');
  const postgres = options.engine === 'postgres' ? await postgresSchema() : undefined;
  const env = {
    MARK1_HOME: home,
    ...(postgres ? { MARK1_DATABASE_URL: postgres.url } : {}),
    ...options.env,
  };
  const { config } = loadConfig({ env, cwd: work });
  const storage = await createStorage({ config });
  const warnings: string[] = [];
  const make = (overrides: Partial<RegistryOptions> = {}) =>
    createRegistry({
      storage,
      config,
      env: { ...process.env, ...env },
      onWarning: (message) => warnings.push(message),
      ...options.registry,
      ...overrides,
    });
  const registry = make();
  const pluginsDir = config.plugins.directory;
  const count = async (table: string) => {
    const result = await storage.executeReadOnly(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number((result.rows[0] as { n: unknown }).n);
  };
  return {
    work,
    home,
    pluginsDir,
    config,
    storage,
    registry,
    warnings,
    async rows() {
      return {
        plugins: await count('plugins'),
        versions: await count('plugin_versions'),
        capabilities: await count('plugin_capabilities'),
        secrets: await count('secrets'),
      };
    },
    leftovers() {
      if (!existsSync(pluginsDir)) return [];
      return readdirSync(pluginsDir).flatMap((name) =>
        name === '.staging'
          ? readdirSync(join(pluginsDir, name)).map((entry) => `.staging/${entry}`)
          : [name],
      );
    },
    reopen: make,
    async close() {
      await storage.close();
      await postgres?.drop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
