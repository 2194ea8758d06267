/** Counters of a {@link ByteLruCache}. */
export interface LruStats {
  /** Entries held. */
  entries: number;
  /** Bytes held (the sum of the entries' sizes). */
  bytes: number;
  /** Most bytes held before the least recently used entries are evicted. */
  limitBytes: number;
  /** Entries evicted to make room. */
  evictions: number;
}

/**
 * A least-recently-used cache bounded by bytes, not entries: each entry carries its size, and
 * adding one evicts the least recently used until the total fits. An entry larger than the whole
 * limit is not kept. A limit of 0 keeps nothing.
 */
export class ByteLruCache<V> {
  // A Map iterates in insertion order; re-inserting on use keeps the least recent first.
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;
  private evicted = 0;

  constructor(readonly limitBytes: number) {}

  /** The value under `key`, marked as most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` under `key` with its size in bytes, evicting others as needed; false when it cannot fit. */
  set(key: string, value: V, size: number): boolean {
    this.delete(key);
    if (size > this.limitBytes) return false;
    while (this.total + size > this.limitBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
      this.evicted += 1;
    }
    this.entries.set(key, { value, size });
    this.total += size;
    return true;
  }

  /** Forgets `key`; false when it was not held. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.total -= entry.size;
    return true;
  }

  /** Forgets every entry whose value fails `keep`. */
  retain(keep: (value: V, key: string) => boolean): void {
    for (const [key, entry] of [...this.entries]) if (!keep(entry.value, key)) this.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Keys from least to most recently used. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Current counters. */
  stats(): LruStats {
    return {
      entries: this.entries.size,
      bytes: this.total,
      limitBytes: this.limitBytes,
      evictions: this.evicted,
    };
  }
}
