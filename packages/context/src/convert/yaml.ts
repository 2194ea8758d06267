import { isNode, parseAllDocuments, stringify, visit, type Document } from 'yaml';
import { contextError, ContextErrorCodes } from '../errors';
import type { Notes } from './notes';

/**
 * YAML text as data (the YAML 1.2 core schema: strings, numbers, booleans, null, maps and lists).
 * Several documents become a list. Notes what JSON-like data does not keep: comments and the
 * document split. Throws `YAML_PARSE_ERROR` with the line and column of the first error; aliases
 * are expanded with the yaml package's bound, so an alias bomb fails instead of eating memory.
 */
export function parseYamlText(text: string, notes: Notes): unknown {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const position = error.linePos?.[0];
      throw contextError(
        ContextErrorCodes.YAML_PARSE_ERROR,
        `YAML${position ? ` line ${position.line}, column ${position.col}` : ''}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}. Fix the YAML (indentation, a missing ":" or an unclosed quote).`,
        { details: position ? { line: position.line, column: position.col } : {} },
      );
    }
  }
  if (text.includes('#') && list.some(hasComments)) {
    notes.add('YAML comments were dropped');
  }
  let data: unknown;
  try {
    const values = list.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
    if (values.length > 1) notes.add(`${values.length} YAML documents became one list`);
    data = values.length === 0 ? null : values.length === 1 ? values[0] : values;
  } catch (error) {
    throw contextError(
      ContextErrorCodes.YAML_PARSE_ERROR,
      `YAML: ${(error as Error).message}. Expand the aliases by hand or reduce them.`,
      {
        cause: error,
      },
    );
  }
  return data;
}

function hasComments(document: Document.Parsed): boolean {
  if (document.commentBefore || document.comment) return true;
  let found = false;
  visit(document, (_key, node) => {
    if (isNode(node) && (node.comment || node.commentBefore)) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** Data as YAML text (block style, no line folding). */
export function renderYaml(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}
