import { type SyntaxNode, sameNode } from './source-model';

/** Where a language's syntax reads a name, as opposed to declaring, importing or naming a parameter. */
export interface HeadSyntax {
  /** Node types a chain head can be: an identifier, or a dotted access for heads like `self.client`. */
  types: ReadonlySet<string>;
  /** Parent types under which a name is never a read (import clauses, parameters, ...). */
  skippedParents: ReadonlySet<string>;
  /** Parent type → the field that holds the name it declares (`assignment` → `left`). */
  declaringFields: ReadonlyMap<string, string>;
}

/**
 * The node of `name` found at `index` when the source reads it there, else `undefined` (a
 * declaration, an import, a parameter, or text in a string or comment).
 */
export function headAt(
  root: SyntaxNode,
  index: number,
  name: string,
  syntax: HeadSyntax,
): SyntaxNode | undefined {
  const node = root.descendantForIndex(index, index + name.length);
  if (node.startIndex !== index || node.endIndex !== index + name.length) return undefined;
  if (!syntax.types.has(node.type)) return undefined;
  const parent = node.parent;
  if (!parent || syntax.skippedParents.has(parent.type)) return undefined;
  const field = syntax.declaringFields.get(parent.type);
  if (field !== undefined && sameNode(parent.childForFieldName(field), node)) return undefined;
  return node;
}
