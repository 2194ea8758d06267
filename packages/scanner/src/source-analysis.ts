// The per-file parsing entry points as the package exports them: internally (and in the worker
// threads) they throw a plain GrammarUnavailableError; callers of the package get a scanner error.
import { withGrammarErrors } from './errors';
import { analyzeSource as analyzeParsedSource } from './extractors/analyze-source';
import { parseSource as parseSourceModel } from './languages/parse-source';
import type { SourceModel } from './languages/source-model';
import type { FileFacts, ParsedLanguage } from './profile/file-facts';

/**
 * Parses source code with tree-sitter and builds the {@link SourceModel} the extractors read.
 * Error-tolerant: code with syntax errors still gives a tree (with ERROR nodes) and a model.
 * Throws `GRAMMAR_UNAVAILABLE` when `tree-sitter` or the language's grammar package is missing.
 */
export function parseSource(source: string, language: ParsedLanguage): SourceModel {
  return withGrammarErrors(() => parseSourceModel(source, language));
}

/**
 * Runs every per-file extractor on one source file: parses it once with tree-sitter (error-tolerant:
 * a file with syntax errors still yields the facts of the parts that parse) and returns its
 * {@link FileFacts}. An extractor that throws is recorded in `extractorFailures`; the others still run.
 * Throws `GRAMMAR_UNAVAILABLE` when `tree-sitter` or the language's grammar package is missing.
 */
export function analyzeSource(source: string, language: ParsedLanguage): FileFacts {
  return withGrammarErrors(() => analyzeParsedSource(source, language));
}
