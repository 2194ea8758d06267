/** Names for a note: at most five, then how many more (`a, b, c, d, e and 3 more`). */
export function listNames(names: Iterable<string>): string {
  const all = [...new Set(names)];
  const shown = all.slice(0, 5).join(', ');
  return all.length > 5 ? `${shown} and ${all.length - 5} more` : shown;
}

/** Collects lossy notes in order, once each. */
export class Notes {
  private readonly seen = new Set<string>();
  readonly list: string[] = [];

  /** Adds a note unless it was already added. */
  add(note: string): void {
    if (this.seen.has(note)) return;
    this.seen.add(note);
    this.list.push(note);
  }

  /** Adds every note of `notes`. */
  addAll(notes: readonly string[]): void {
    for (const note of notes) this.add(note);
  }
}

/** A short description of a JavaScript value's kind, for messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing (undefined)';
  return `a ${typeof value}`;
}

/** True for a plain object (not null, not a list, not bytes). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * Sets `record[key] = value` as an own field, even for the key `__proto__` (which plain assignment
 * would turn into a prototype change): values from files must not reshape objects.
 */
export function setField(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}
