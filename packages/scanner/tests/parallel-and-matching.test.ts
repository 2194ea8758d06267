import { describe, expect, it } from 'vitest';
import { anchoredMatches } from '../src/extractors/services/anchored-matches';
import { TaskQueue } from '../src/parallel/task-queue';

const SCHEME = String.raw`\b(postgres|postgresql|redis|rediss|mongodb|mongodb\+srv|s3)(?:\+[\w]+)?://[^\s'"]*`;

describe('anchoredMatches', () => {
  it.each([
    'no url here',
    'const a = "https://example.com"; const b = "redis://cache:6379/0";',
    'postgresql://u:p@db/x and xpostgres://no and postgres+asyncpg://h/d',
    'mongodb+srv://cluster/x redis://a/redis://b s3://bucket/key',
    '://redis:// rediss://x ftp://y 123redis://z _s3://w',
    'redis+tls+x://h "postgres://a"\'s3://b\'',
  ])('finds what matchAll finds in %j', (source) => {
    const all = [...source.matchAll(new RegExp(SCHEME, 'g'))].map((m) => [m.index, m[0], m[1]]);
    const anchored = [...anchoredMatches(source, new RegExp(SCHEME, 'y'), '://')].map((m) => [
      m.index,
      m[0],
      m[1],
    ]);
    expect(anchored).toEqual(all);
  });
});

describe('TaskQueue', () => {
  const task = (index: number, size: number) => ({
    index,
    language: 'python' as const,
    bytes: new Uint8Array(size),
  });

  it('hands every task out once, in order, in batches that shrink as it empties', () => {
    const queue = new TaskQueue(Array.from({ length: 40 }, (_, i) => task(i, 10_000)));
    const first = queue.takeBatch(2);
    expect(first.map((t) => t.index)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(queue.take()?.index).toBe(10);
    const seen = [...first.map((t) => t.index), 10];
    let batch;
    let last = first.length;
    while ((batch = queue.takeBatch(2)).length > 0) {
      expect(batch.length).toBeLessThanOrEqual(last);
      last = batch.length;
      seen.push(...batch.map((t) => t.index));
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(queue.empty).toBe(true);
    expect(queue.take()).toBeUndefined();
  });
});
