/** A literal value: number, string, boolean or null. */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly start: number;
  readonly end: number;
}

/**
 * A reference such as `steps.extract.outputs.rows`, `workflow.inputs.file`, `item.name`,
 * `secrets.API_KEY` or `inputs.text[0]`: a root name followed by property names and indexes.
 */
export interface PathNode {
  readonly kind: 'path';
  readonly root: string;
  readonly segments: readonly (string | number)[];
  readonly start: number;
  readonly end: number;
}

/** A list literal, `[1, 'a']`. */
export interface ListNode {
  readonly kind: 'list';
  readonly items: readonly ExpressionNode[];
  readonly start: number;
  readonly end: number;
}

/** `not x`. */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
  readonly start: number;
  readonly end: number;
}

/** Binary operators: comparisons, membership, and the boolean connectives. */
export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'and' | 'or';

/** `left <op> right`. */
export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly start: number;
  readonly end: number;
}

/** A parsed expression. Positions are offsets into the expression's source text. */
export type ExpressionNode = LiteralNode | PathNode | ListNode | NotNode | BinaryNode;

/** Renders a path the way it is written, e.g. `steps.a.outputs.rows[0]`. */
export function formatPath(path: Pick<PathNode, 'root' | 'segments'>): string {
  let text = path.root;
  for (const segment of path.segments) {
    text += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  }
  return text;
}

/** Every path referenced by an expression, in source order. */
export function collectPaths(node: ExpressionNode): PathNode[] {
  switch (node.kind) {
    case 'literal':
      return [];
    case 'path':
      return [node];
    case 'list':
      return node.items.flatMap(collectPaths);
    case 'not':
      return collectPaths(node.operand);
    case 'binary':
      return [...collectPaths(node.left), ...collectPaths(node.right)];
  }
}
