import type { ParsedLanguage } from '../profile/file-facts';
import { parserFor } from './grammars';
import { buildJsModel } from './javascript/js-model';
import { buildPythonModel } from './python/python-model';
import type { SourceModel } from './source-model';

/**
 * Parses source code with tree-sitter and builds the {@link SourceModel} the extractors read.
 * Error-tolerant: code with syntax errors still gives a tree (with ERROR nodes) and a model.
 */
export function parseSource(source: string, language: ParsedLanguage): SourceModel {
  const tree = parserFor(language).parse(source);
  return language === 'python'
    ? buildPythonModel(source, tree)
    : buildJsModel(source, tree, language);
}
