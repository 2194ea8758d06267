import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createStorage,
  loadConfig,
  type Mark1Config,
  type SandboxMode,
  type Storage,
} from '@mark1/storage';
import {
  createExecutor,
  type ExecutionLimits,
  type Executor,
  type RunEvent,
} from '../../src/index';
import { createFolderResolver, FIXTURE_PLUGINS, registerFixturePlugins } from './folder-resolver';

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  /** A database URL; a SQLite file in the temporary home by default. */
  databaseUrl?: string;
  sandbox?: SandboxMode;
  /** Retries of steps without a `retry` of their own. @default 0 */
  retryAttempts?: number;
  maxConcurrent?: number;
  runTimeoutSeconds?: number;
  secrets?: Record<string, Record<string, string>>;
  pluginsDir?: string;
  allowInProcess?: boolean;
  limits?: Partial<ExecutionLimits>;
  /** Register the plugins in storage (plugin_executions need them). @default true */
  register?: boolean;
  warmWorkers?: boolean | { maxCalls?: number; idleMs?: number };
}

/** A temporary MARK1_HOME with a real database, the fixture plugins and an executor. */
export interface Harness {
  readonly home: string;
  readonly config: Mark1Config;
  readonly storage: Storage;
  readonly executor: Executor;
  readonly ids: Record<string, string>;
  /** Events of the runs started through {@link Harness.events} listeners. */
  close(): Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'mark1-executor-test-'));
  const env: Record<string, string> = {
    MARK1_RETRY_ATTEMPTS: String(options.retryAttempts ?? 0),
    MARK1_SANDBOX: options.sandbox ?? 'preferred',
    MARK1_MAX_CONCURRENT: String(options.maxConcurrent ?? 10),
    MARK1_DEFAULT_TIMEOUT: String(options.runTimeoutSeconds ?? 300),
  };
  if (options.databaseUrl) env.MARK1_DATABASE_URL = options.databaseUrl;
  const { config } = loadConfig({ home, env });
  const storage = await createStorage({ config });
  const pluginsDir = options.pluginsDir ?? FIXTURE_PLUGINS;
  const ids = options.register === false ? {} : await registerFixturePlugins(storage, pluginsDir);
  const executor = createExecutor({
    storage,
    config,
    resolver: createFolderResolver(pluginsDir, {
      ids,
      ...(options.secrets ? { secrets: options.secrets } : {}),
    }),
    ...(options.allowInProcess ? { allowInProcess: true } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.warmWorkers ? { warmWorkers: options.warmWorkers } : {}),
    heartbeatMs: 200,
  });
  return {
    home,
    config,
    storage,
    executor,
    ids,
    async close() {
      await executor.close();
      await storage.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Collects the events of a run. */
export function eventLog(): { events: RunEvent[]; listener: (event: RunEvent) => void } {
  const events: RunEvent[] = [];
  return { events, listener: (event) => events.push(event) };
}

/** Every process on this machine whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (command.includes(marker)) found.push(`${entry}: ${command}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
