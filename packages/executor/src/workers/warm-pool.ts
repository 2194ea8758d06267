import type { WarmWorker } from './warm-worker';

/** Options of {@link WarmPool}. */
export interface WarmPoolOptions {
  /**
   * Calls a worker serves before it is replaced by a fresh one.
   * @default 50
   */
  maxCalls?: number;
  /**
   * Milliseconds an unused worker stays alive.
   * @default 30000
   */
  idleMs?: number;
}

interface Entry {
  readonly worker: WarmWorker;
  busy: boolean;
  idle?: NodeJS.Timeout;
  /** Gives back what the worker holds (its uid). */
  readonly release: () => void;
}

/**
 * At most one warm worker per key (a plugin version, its entry point type and sandbox mode): a
 * worker is never shared between plugins, serves one call at a time, and is replaced after
 * `maxCalls` calls or any failed call. A call that finds the worker busy starts a cold process.
 */
export class WarmPool {
  private readonly entries = new Map<string, Entry>();
  private readonly maxCalls: number;
  private readonly idleMs: number;

  constructor(options: WarmPoolOptions = {}) {
    this.maxCalls = options.maxCalls ?? 50;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** The key's idle worker, now busy; `busy` when it serves another call; undefined when there is none. */
  take(key: string): WarmWorker | 'busy' | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!entry.worker.alive) {
      this.drop(key, entry);
      return undefined;
    }
    if (entry.busy) return 'busy';
    entry.busy = true;
    clearTimeout(entry.idle);
    return entry.worker;
  }

  /** Registers a worker just started for `key`, busy with its first call. */
  add(key: string, worker: WarmWorker, release: () => void): void {
    this.entries.set(key, { worker, busy: true, release });
  }

  /** Hands the worker back after a call; it is replaced if the call failed or it has served enough. */
  giveBack(key: string, worker: WarmWorker, healthy: boolean): void {
    const entry = this.entries.get(key);
    if (!entry || entry.worker !== worker) {
      worker.kill();
      return;
    }
    if (!healthy || !worker.alive || worker.calls >= this.maxCalls) {
      this.drop(key, entry);
      return;
    }
    entry.busy = false;
    entry.idle = setTimeout(() => this.drop(key, entry), this.idleMs);
    entry.idle.unref();
  }

  /** Kills every worker. */
  close(): void {
    for (const [key, entry] of this.entries) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    clearTimeout(entry.idle);
    entry.worker.kill();
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.release();
  }
}
