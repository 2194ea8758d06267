import type { SyntaxErrorFact } from '../profile/file-facts';
import type { SyntaxNode } from './source-model';

const MAX_REPORTED = 20;

/** Where tree-sitter recovered from a syntax error (ERROR and MISSING nodes), at most 20. */
export function syntaxErrorsOf(root: SyntaxNode): SyntaxErrorFact[] {
  if (!root.hasError) return [];
  const errors: SyntaxErrorFact[] = [];
  for (const node of root.descendantsOfType('ERROR')) {
    errors.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
    if (errors.length >= MAX_REPORTED) return errors;
  }
  if (errors.length > 0) return errors;
  // No ERROR node: the parser inserted MISSING tokens instead; find them with a cursor walk.
  const cursor = root.walk();
  let more = true;
  while (more && errors.length < MAX_REPORTED) {
    const node = cursor.currentNode;
    if (node.isMissing)
      errors.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        more = false;
        break;
      }
    }
  }
  if (errors.length === 0) errors.push({ line: root.startPosition.row + 1, column: 1 });
  return errors;
}
