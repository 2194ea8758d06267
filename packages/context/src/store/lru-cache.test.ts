import { describe, expect, it } from 'vitest';
import { ByteLruCache } from './lru-cache';

describe('ByteLruCache', () => {
  it('evicts the least recently used entries until the new one fits in the byte limit', () => {
    const cache = new ByteLruCache<string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 40);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 2, bytes: 80, limitBytes: 100, evictions: 1 });
    cache.set('d', 'D', 100);
    expect(cache.keys()).toEqual(['d']);
    expect(cache.stats()).toMatchObject({ bytes: 100, evictions: 3 });
  });

  it('does not keep an entry larger than the whole limit, and replaces a key without double counting', () => {
    const cache = new ByteLruCache<string>(50);
    cache.set('small', 's', 10);
    expect(cache.set('huge', 'h', 51)).toBe(false);
    expect(cache.keys()).toEqual(['small']);
    cache.set('small', 's2', 30);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 30 });
    expect(cache.get('small')).toBe('s2');
  });

  it('keeps nothing with a limit of 0', () => {
    const cache = new ByteLruCache<string>(0);
    expect(cache.set('a', 'A', 1)).toBe(false);
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0, limitBytes: 0, evictions: 0 });
  });

  it('retains only what passes a test, and clears', () => {
    const cache = new ByteLruCache<number>(1000);
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, i, 10);
    cache.retain((value) => value % 2 === 0);
    expect(cache.keys()).toEqual(['k0', 'k2', 'k4', 'k6', 'k8']);
    expect(cache.stats().bytes).toBe(50);
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
