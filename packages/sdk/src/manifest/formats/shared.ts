import type { CliArg } from '../entry-points';
import { splitCommandLine, toDataType } from '../names';

/** What a format normalizer returns: a manifest in mark1 form (not yet validated), and what it changed. */
export interface Normalized {
  readonly manifest: Record<string, unknown>;
  /** Things the conversion had to guess or drop, in plain words. */
  readonly notes: string[];
}

/** The value as a plain object, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The value as a list, or an empty one. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string, if it is one (numbers are written out, so `version: 1.0` reads as "1.0"). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Keeps only entries whose value is defined. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** A data-type name from an old manifest, noting when it had to be guessed. */
export function dataTypeFrom(name: unknown, notes: string[], where: string): string {
  const raw = text(name) ?? 'json';
  const type = toDataType(raw);
  if (type) return type;
  notes.push(`${where}: "${raw}" is not a Mark-1 data type; read as json`);
  return 'json';
}

/**
 * A `cli` entry point from a command line such as `python visualize.py`, with each input passed as
 * a positional argument in order (older manifests say nothing about arguments).
 */
export function cliEntryPoint(
  command: string,
  inputNames: readonly string[],
): Record<string, unknown> {
  const argv = splitCommandLine(command);
  const args: CliArg[] = inputNames.map((name) => `\${inputs.${name}}`);
  return { type: 'cli', command: argv, args };
}

/** A `python_function` entry point from `module:function` or `module.function`. */
export function pythonEntryPoint(reference: string): Record<string, unknown> {
  const separator = reference.includes(':') ? ':' : '.';
  const cut = reference.lastIndexOf(separator);
  const module = cut > 0 ? reference.slice(0, cut) : reference;
  const fn = cut > 0 ? reference.slice(cut + 1) : 'main';
  return {
    type: 'python_function',
    module: module.replace(/\.py$/, '').replaceAll('/', '.'),
    function: fn,
  };
}
