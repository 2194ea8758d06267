import type { StaticValue } from '../profile/static-value';
import { MODULE_SCOPE } from './scope-index';
import type { ChainSegment } from './source-model';

/**
 * What a local name stands for: the qualified name it comes from (`openai.OpenAI`) and the accesses
 * written after it where it was assigned (`client = OpenAI()` gives the segments `()`).
 */
export interface Binding {
  root: string;
  segments: ChainSegment[];
}

/** The scope list of a name looked up at module level only. */
export const MODULE_SCOPE_ONLY: readonly number[] = [MODULE_SCOPE];

/**
 * The names bound in each scope of a file (scope ids as in {@link MODULE_SCOPE}). The first binding
 * of a name in a scope is the one kept.
 */
export class BindingTable {
  private readonly scopes = new Map<number, Map<string, Binding>>();

  /** `onBind` is told of every name bound or attempted, before the table is checked. */
  constructor(private readonly onBind?: (scope: number, name: string) => void) {}

  /** Binds `name` in `scope` unless it is bound there already; true when it was added. */
  bind(scope: number, name: string, binding: Binding): boolean {
    this.onBind?.(scope, name);
    let table = this.scopes.get(scope);
    if (!table) {
      table = new Map();
      this.scopes.set(scope, table);
    }
    if (table.has(name)) return false;
    table.set(name, binding);
    return true;
  }

  /**
   * The binding of `name` in the first of `scopes` (innermost first) that binds it; else, for one of
   * the `globals` (watched globals or builtins), a binding to itself.
   */
  lookup(name: string, scopes: readonly number[], globals: readonly string[]): Binding | undefined {
    for (const scope of scopes) {
      const binding = this.scopes.get(scope)?.get(name);
      if (binding) return binding;
    }
    return globals.includes(name) ? { root: name, segments: [] } : undefined;
  }

  /**
   * A dotted name as a reference, its head replaced by the qualified name it is bound to in `scopes`
   * when that binding is a plain import or alias (no accesses after it).
   */
  resolve(name: string, scopes: readonly number[]): StaticValue {
    const [head, ...rest] = name.split('.');
    for (const scope of scopes) {
      const binding = this.scopes.get(scope)?.get(head!);
      if (binding && binding.segments.length === 0)
        return { kind: 'reference', name: [binding.root, ...rest].join('.') };
    }
    return { kind: 'reference', name };
  }
}
