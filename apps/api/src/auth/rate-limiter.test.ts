import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    let clock = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => clock });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1, limit: 3 });
    clock += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps callers apart and refills no further than the burst', () => {
    let clock = 0;
    const limiter = createRateLimiter({ perMinute: 6, burst: 2, now: () => clock });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('b').allowed).toBe(true);
    clock += 3_600_000;
    expect(limiter.take('a').remaining).toBe(1);
  });

  it('is off at 0 per minute and forgets the least recently seen callers beyond its size', () => {
    const off = createRateLimiter({ perMinute: 0 });
    expect(off.enabled).toBe(false);
    expect(Array.from({ length: 1000 }, () => off.take('x').allowed).every(Boolean)).toBe(true);

    const small = createRateLimiter({ perMinute: 1, burst: 1, maxCallers: 2, now: () => 0 });
    small.take('a');
    small.take('b');
    small.take('c');
    expect(small.take('a').allowed).toBe(true);
    expect(small.take('c').allowed).toBe(false);
  });
});
