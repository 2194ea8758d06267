import type { BindingTable } from './binding-table';
import type { NamePattern } from './name-occurrences';
import { MODULE_SCOPE } from './scope-index';
import { watchOf } from './watched-modules';

/** A name bound by an import: `local` in `scope` stands for `qualified` (`np` → `numpy`). */
export interface ImportBinding {
  local: string;
  qualified: string;
  scope: number;
}

/** The imported names of a file and the names whose uses a source model follows. */
export interface WatchedImports {
  /** Module-level imports: local name → qualified name, the first import of a name winning. */
  importBindings: Map<string, string>;
  /** The names to find in the source: imports of watched modules, then the watched globals. */
  patterns: NamePattern[];
  /** The names of `patterns`, so that a name is watched once. */
  patternNames: Set<string>;
}

/**
 * Binds a file's imports in `table` and turns those of `watched` modules (see {@link watchOf}), plus
 * the language's watched `globals` or builtins, into name patterns.
 */
export function watchImports(
  imports: readonly ImportBinding[],
  table: BindingTable,
  watched: readonly string[],
  globals: readonly string[],
): WatchedImports {
  const importBindings = new Map<string, string>();
  const patterns: NamePattern[] = [];
  const patternNames = new Set<string>();
  for (const { local, qualified, scope } of imports) {
    if (scope === MODULE_SCOPE && !importBindings.has(local)) importBindings.set(local, qualified);
    table.bind(scope, local, { root: qualified, segments: [] });
    const watch = watchOf(qualified, watched);
    if (watch === 'none' || patternNames.has(local)) continue;
    patternNames.add(local);
    patterns.push(watch === 'all' ? { name: local } : { name: local, members: watch });
  }
  for (const global of globals) {
    if (!patternNames.has(global)) {
      patternNames.add(global);
      patterns.push({ name: global });
    }
  }
  return { importBindings, patterns, patternNames };
}
