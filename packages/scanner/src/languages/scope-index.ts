/** The scope id of module level (function scopes are identified by their start offset). */
export const MODULE_SCOPE = -1;

/**
 * Which function scopes contain a position, answered from the sorted ranges of the scopes instead
 * of walking parent nodes: the innermost range starting at or before the position is found by
 * binary search, then its enclosing ranges are followed outwards.
 */
export class ScopeIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly parents: number[] = [];

  /** `ranges` are `[start, end)` offsets of properly nested scopes, in any order. */
  constructor(ranges: readonly { start: number; end: number }[]) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
    const open: number[] = [];
    sorted.forEach((range, index) => {
      while (open.length > 0 && this.ends[open[open.length - 1]!]! <= range.start) open.pop();
      this.starts.push(range.start);
      this.ends.push(range.end);
      this.parents.push(open.length > 0 ? open[open.length - 1]! : -1);
      open.push(index);
    });
  }

  /** Scope ids containing `position`, innermost first, ending with {@link MODULE_SCOPE}. */
  scopesAt(position: number): number[] {
    let low = 0;
    let high = this.starts.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle]! <= position) {
        candidate = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    const scopes: number[] = [];
    for (let index = candidate; index >= 0; index = this.parents[index]!) {
      if (position < this.ends[index]! && position > this.starts[index]!)
        scopes.push(this.starts[index]!);
    }
    scopes.push(MODULE_SCOPE);
    return scopes;
  }

  /** The innermost scope containing `position`. */
  scopeAt(position: number): number {
    return this.scopesAt(position)[0]!;
  }
}
