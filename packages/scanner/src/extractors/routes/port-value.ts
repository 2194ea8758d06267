import { literalOf } from '../../profile/static-value';
import type { SourceModel, SyntaxNode } from '../../languages/source-model';

/**
 * The port a server listens on when it can be read: a literal, a module constant, or the fallback of
 * `process.env.PORT || 3000` / `int(os.getenv("PORT", 8000))`.
 */
export function portOf(
  model: SourceModel,
  node: SyntaxNode | undefined,
  depth = 0,
): number | undefined {
  if (!node) return undefined;
  const literal = literalOf(model.valueOf(node));
  if (typeof literal === 'number' && Number.isInteger(literal)) return literal;
  if (typeof literal === 'string' && /^\d{2,5}$/.test(literal)) return Number(literal);
  if (node.type === 'binary_expression' || node.type === 'boolean_operator') {
    return portOf(model, node.childForFieldName('right') ?? undefined, depth);
  }
  if (node.type === 'call' || node.type === 'call_expression') {
    // int(os.getenv("PORT", "8000")), Number(process.env.PORT ?? 3000)
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    for (const arg of args) {
      const inner = portOf(model, arg, depth);
      if (inner !== undefined) return inner;
      const nested = arg.childForFieldName('arguments')?.namedChildren[1];
      const fallback = nested ? portOf(model, nested, depth) : undefined;
      if (fallback !== undefined) return fallback;
    }
  }
  if (node.type === 'parenthesized_expression') return portOf(model, node.namedChildren[0], depth);
  if (node.type === 'identifier' && depth < 3)
    return portOf(model, moduleAssignment(model, model.textOf(node)), depth + 1);
  return undefined;
}

/** The value assigned to a module-level name (`port = ...`, `const port = ...`). */
function moduleAssignment(model: SourceModel, name: string): SyntaxNode | undefined {
  for (const statement of model.root.namedChildren) {
    const declaration =
      statement.type === 'expression_statement' ? statement.namedChildren[0] : statement;
    if (declaration?.type === 'assignment') {
      const left = declaration.childForFieldName('left');
      if (left && model.textOf(left) === name)
        return declaration.childForFieldName('right') ?? undefined;
    }
    if (
      declaration?.type === 'lexical_declaration' ||
      declaration?.type === 'variable_declaration'
    ) {
      for (const declarator of declaration.namedChildren) {
        const left = declarator.childForFieldName('name');
        if (left && model.textOf(left) === name)
          return declarator.childForFieldName('value') ?? undefined;
      }
    }
  }
  return undefined;
}
