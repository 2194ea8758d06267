import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { type Capability, FILE_DATA_TYPES, Mark1Error, type ResolvedPlugin } from '@mark1/sdk';

/**
 * Runs one capability of a resolved plugin, as the executor would. The apps wire it to the
 * executor; the registry never runs plugin code itself.
 */
export interface SmokeTester {
  /**
   * Runs `capability` of `plugin` with `inputs` and returns its named outputs. `cwd` is the folder
   * relative path inputs are read from: the plugin's own folder, since an example names the
   * plugin's files (`examples/data.csv`).
   */
  run(
    plugin: ResolvedPlugin,
    capability: string,
    inputs: Record<string, unknown>,
    options: { signal?: AbortSignal; cwd: string },
  ): Promise<Record<string, unknown>>;
}

/** How one capability's example went. */
export interface SmokeTestResult {
  readonly capability: string;
  readonly status: 'passed' | 'failed';
  /** The outputs (each value cut to 2,000 characters of JSON). */
  readonly outputs?: Record<string, unknown>;
  /** Why it failed: an error, or outputs that differ from `expect`. */
  readonly error?: string;
  /** `expect` entries that did not match (`name: expected X, got Y`). */
  readonly mismatches?: readonly string[];
  readonly durationMs: number;
}

/** The smoke test of a plugin: every capability with an `example`, run once. */
export interface SmokeTestReport {
  /** `skipped` when there is no executor or no example; `failed` when any example failed. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped. */
  readonly reason?: string;
  readonly results: readonly SmokeTestResult[];
}

function shorten(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= 2000) return value;
  return `${text.slice(0, 2000)}… (${text.length} characters)`;
}

/** True when `actual` matches `expected`: equal scalars, objects containing the expected keys, equal-length arrays. */
export function matchesExpected(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number')
      return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
    return Object.is(actual, expected);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesExpected(actual[index], item))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([key, value]) =>
    matchesExpected((actual as Record<string, unknown>)[key], value),
  );
}

/**
 * Whether output `name` of `capability` matches the example's expected value. A file-like output
 * (file, image, pdf, ...) expected as a file name matches a path with that name, or any file the
 * executor produced (it hands files back as content-addressed artifacts, without their names).
 */
export function outputMatches(
  capability: Capability,
  name: string,
  actual: unknown,
  expected: unknown,
): boolean {
  const type = capability.outputs[name]?.type;
  if (type !== undefined && FILE_DATA_TYPES.has(type) && typeof expected === 'string') {
    return (
      typeof actual === 'string' &&
      (actual === expected || basename(actual) === basename(expected) || existsSync(actual))
    );
  }
  return matchesExpected(actual, expected);
}

/**
 * Runs each capability that has an `example` once through `tester` and compares its outputs with
 * the example's `expect`. Without a tester (no executor wired in) the test is reported as skipped.
 */
export async function runSmokeTests(
  plugin: ResolvedPlugin,
  tester: SmokeTester | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<SmokeTestReport> {
  const withExamples = plugin.manifest.capabilities.filter((capability) => capability.example);
  if (withExamples.length === 0)
    return { status: 'skipped', reason: 'no capability has an example', results: [] };
  if (!tester) {
    return {
      status: 'skipped',
      reason: `no executor is wired in to run plugins, so the ${withExamples.length} example${withExamples.length === 1 ? '' : 's'} could not be run`,
      results: [],
    };
  }
  const results: SmokeTestResult[] = [];
  for (const capability of withExamples) {
    options.signal?.throwIfAborted();
    const example = capability.example!;
    const started = performance.now();
    try {
      const outputs = await tester.run(plugin, capability.name, example.inputs, {
        ...(options.signal ? { signal: options.signal } : {}),
        cwd: plugin.directory,
      });
      const mismatches = Object.entries(example.expect ?? {})
        .filter(([name, expected]) => !outputMatches(capability, name, outputs[name], expected))
        .map(
          ([name, expected]) =>
            `${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(shorten(outputs[name]))}`,
        );
      results.push({
        capability: capability.name,
        status: mismatches.length ? 'failed' : 'passed',
        outputs: Object.fromEntries(
          Object.entries(outputs).map(([name, value]) => [name, shorten(value)]),
        ),
        ...(mismatches.length
          ? { mismatches, error: `outputs differ from the example's expect` }
          : {}),
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      results.push({
        capability: capability.name,
        status: 'failed',
        error: Mark1Error.isInstance(error)
          ? `${error.message} [${error.code}]`
          : ((error as Error)?.message ?? String(error)),
        durationMs: Math.round(performance.now() - started),
      });
    }
  }
  return {
    status: results.some((result) => result.status === 'failed') ? 'failed' : 'passed',
    results,
  };
}
