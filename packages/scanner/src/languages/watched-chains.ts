import type { Binding, BindingTable } from './binding-table';
import { type NamePattern, findNameOccurrences } from './name-occurrences';
import type { AccessChain, ChainSegment, SyntaxNode } from './source-model';

/** How many times assignments are followed from newly bound names before giving up. */
const MAX_BINDING_ROUNDS = 6;

/** How one language finds the expression written at an occurrence of a watched name. */
export interface ChainSyntax {
  /** The node of `name` at `index` when the source reads it there (see `headAt` in `chain-heads`). */
  headAt(index: number, name: string): SyntaxNode | undefined;
  /** What the name at `head` is bound to, or `undefined` when it is not watched there. */
  lookup(name: string, head: SyntaxNode): Binding | undefined;
  /** Walks up from `head` through member accesses, calls and indexing: the segments and outermost node. */
  climb(head: SyntaxNode, source: string): { segments: ChainSegment[]; outer: SyntaxNode };
}

/** A read of a watched name: what the name is bound to and the accesses written after it. */
export interface WatchedUse {
  name: string;
  binding: Binding;
  segments: ChainSegment[];
  outer: SyntaxNode;
}

/** A name a watched use is assigned to, with the segments of the use it takes on. */
export interface AssignmentTarget {
  name: string;
  scope: number;
  segments: ChainSegment[];
}

function useAt(
  occurrence: { name: string; index: number },
  source: string,
  syntax: ChainSyntax,
): WatchedUse | undefined {
  const head = syntax.headAt(occurrence.index, occurrence.name);
  if (!head) return undefined;
  const binding = syntax.lookup(occurrence.name, head);
  if (!binding) return undefined;
  const { segments, outer } = syntax.climb(head, source);
  return { name: occurrence.name, binding, segments, outer };
}

/**
 * Follows assignments from uses of the watched names (`client = OpenAI()` makes `client` watched),
 * round after round until no new name appears. New names are bound in `table` and added to
 * `patternNames`; returns `patterns` followed by the patterns of the new names.
 */
export function followAssignments(
  source: string,
  patterns: NamePattern[],
  patternNames: Set<string>,
  table: BindingTable,
  syntax: ChainSyntax,
  targetsOf: (use: WatchedUse) => AssignmentTarget[],
): NamePattern[] {
  const seen = new Set<number>();
  const allPatterns = [...patterns];
  let pending = patterns;
  for (let round = 0; round < MAX_BINDING_ROUNDS && pending.length > 0; round++) {
    const discovered: NamePattern[] = [];
    for (const occurrence of findNameOccurrences(source, pending)) {
      if (seen.has(occurrence.index)) continue;
      seen.add(occurrence.index);
      const use = useAt(occurrence, source, syntax);
      if (!use) continue;
      for (const target of targetsOf(use)) {
        const added = table.bind(target.scope, target.name, {
          root: use.binding.root,
          segments: [...use.binding.segments, ...target.segments],
        });
        if (added && !patternNames.has(target.name)) {
          patternNames.add(target.name);
          discovered.push({ name: target.name });
        }
      }
    }
    allPatterns.push(...discovered);
    pending = discovered;
  }
  return allPatterns;
}

/** The access chains at the uses of the patterns' names, in the order they are found. */
export function chainsAt(
  source: string,
  patterns: readonly NamePattern[],
  syntax: ChainSyntax,
): AccessChain[] {
  const chains: AccessChain[] = [];
  for (const occurrence of findNameOccurrences(source, patterns)) {
    const use = useAt(occurrence, source, syntax);
    if (!use) continue;
    chains.push({
      root: use.binding.root,
      head: use.name,
      segments: [...use.binding.segments, ...use.segments],
      inherited: use.binding.segments.length,
      node: use.outer,
    });
  }
  return chains;
}

/** Sorts chains in document order (by start, then end, of their outermost node), in place. */
export function sortChains(chains: AccessChain[]): AccessChain[] {
  return chains.sort(
    (a, b) => a.node.startIndex - b.node.startIndex || a.node.endIndex - b.node.endIndex,
  );
}
