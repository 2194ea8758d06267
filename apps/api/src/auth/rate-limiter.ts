/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests per minute each caller may make on average; 0 turns limiting off. */
  readonly perMinute: number;
  /**
   * Requests a quiet caller may make at once.
   * @default perMinute (a full minute's worth)
   */
  readonly burst?: number;
  /**
   * Most callers tracked; the least recently seen are forgotten beyond it.
   * @default 10000
   */
  readonly maxCallers?: number;
  /** Clock in milliseconds, for tests. @default Date.now */
  readonly now?: () => number;
}

/** What a take answered. */
export interface RateDecision {
  readonly allowed: boolean;
  /** The bucket's size. */
  readonly limit: number;
  /** Whole requests left now. */
  readonly remaining: number;
  /** Seconds until one more request is allowed (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/** Per-caller token buckets. */
export interface RateLimiter {
  /** Whether `caller` may make one more request now, taking it if so. */
  take(caller: string): RateDecision;
  /** False when limiting is off. */
  readonly enabled: boolean;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per caller (an API key, a JWT subject, or an address without credentials): it
 * holds `burst` tokens, refills at `perMinute / 60` per second, and a request takes one. In memory:
 * each server process limits on its own.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const capacity = Math.max(1, options.burst ?? options.perMinute);
  const perMs = options.perMinute / 60_000;
  const maxCallers = options.maxCallers ?? 10_000;
  const buckets = new Map<string, Bucket>();
  const enabled = options.perMinute > 0;

  return {
    enabled,
    take(caller) {
      if (!enabled) return { allowed: true, limit: 0, remaining: 0, retryAfterSeconds: 0 };
      const at = now();
      let bucket = buckets.get(caller);
      if (bucket) {
        buckets.delete(caller);
        bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * perMs);
        bucket.updatedAt = at;
      } else {
        bucket = { tokens: capacity, updatedAt: at };
        if (buckets.size >= maxCallers) buckets.delete(buckets.keys().next().value!);
      }
      // Re-inserted so the map's order is least recently seen first.
      buckets.set(caller, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return {
          allowed: true,
          limit: capacity,
          remaining: Math.floor(bucket.tokens),
          retryAfterSeconds: 0,
        };
      }
      return {
        allowed: false,
        limit: capacity,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
  };
}
