import { writeFileSync } from 'node:fs';

/** One benchmark's result, rendered as a section of docs/benchmarks.md. */
export interface BenchmarkResult {
  /** Stable id; the section of docs/benchmarks.md it replaces (e.g. `storage-step-runs`). */
  id: string;
  /** Section title. */
  title: string;
  /** What is measured and how, in a sentence or two (Markdown). */
  description: string;
  /** Table header. */
  columns: string[];
  /** Table rows, values already formatted. */
  rows: (string | number)[][];
  /** Observations, goals met or missed (Markdown bullets without the dash). */
  notes?: string[];
}

/**
 * Hands a result to `tools/bench/run.mjs`, which writes it into docs/benchmarks.md with the date and
 * the machine. Run alone (outside the harness), the result is printed as a Markdown table.
 */
export function reportBenchmark(result: BenchmarkResult): void {
  const out = process.env.MARK1_BENCH_OUT;
  if (out) {
    writeFileSync(out, JSON.stringify(result, null, 2));
  }
  console.log(renderTable(result));
}

/** A Markdown table of a result. */
export function renderTable(result: BenchmarkResult): string {
  const head = `| ${result.columns.join(' | ')} |`;
  const rule = `| ${result.columns.map(() => '---').join(' | ')} |`;
  const body = result.rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  return [head, rule, body].join('\n');
}

/** Percentile of a sorted-or-not sample (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` value). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A number with thousands separators and at most `digits` decimals. */
export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * Collects garbage (the bench runner starts Node with `--expose-gc`) and lets finalizers run, so a
 * measurement does not pay for the heap and native memory the previous one left behind.
 */
export async function settleHeap(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
}
