import type { SyntaxNode } from './source-model';

/**
 * The nodes of the given types that begin at a keyword: `pattern` is a global, multiline regex
 * whose match ends with the keyword (e.g. `^[ \t]*(?:async[ \t]+)?def\b`). For statements that are
 * rare in a big file this is much cheaper than `descendantsOfType`, which materializes a walk of the
 * whole tree; a match inside a string or comment finds no such node and is skipped.
 */
export function nodesAtKeywords(
  root: SyntaxNode,
  source: string,
  pattern: RegExp,
  types: ReadonlySet<string>,
): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  let lastStart = -1;
  for (const match of source.matchAll(pattern)) {
    const keyword = match[1] ?? match[0];
    const at = match.index + match[0].length - keyword.length;
    let node: SyntaxNode | null = root.descendantForIndex(at, at + keyword.length);
    for (let depth = 0; node && depth < 3 && !types.has(node.type); depth++) node = node.parent;
    if (!node || !types.has(node.type) || node.startIndex === lastStart) continue;
    lastStart = node.startIndex;
    nodes.push(node);
  }
  return nodes;
}
