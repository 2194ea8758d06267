import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import type { ParsedLanguage } from '../profile/file-facts';
import { GrammarUnavailableError } from './grammar-unavailable';

const requireNative = createRequire(import.meta.url);

/** The npm package that provides each language's grammar. */
export const GRAMMAR_PACKAGES: Record<ParsedLanguage, string> = {
  python: 'tree-sitter-python',
  javascript: 'tree-sitter-javascript',
  typescript: 'tree-sitter-typescript',
  tsx: 'tree-sitter-typescript',
};

const parsers = new Map<ParsedLanguage, Parser>();
let parserClass: typeof Parser | undefined;

function loadNative(packageName: string, language: string): unknown {
  try {
    return requireNative(packageName);
  } catch (cause) {
    throw new GrammarUnavailableError(
      `The scanner cannot parse ${language}: the package "${packageName}" is not installed or does not load ` +
        `(${(cause as Error).message.split('\n')[0]}). Install it with \`npm install ${packageName}\`.`,
      { package: packageName, language },
      cause,
    );
  }
}

function grammarOf(language: ParsedLanguage): Parser.Language {
  const exported = loadNative(GRAMMAR_PACKAGES[language], language) as Record<string, unknown>;
  if (language === 'typescript') return exported.typescript as Parser.Language;
  if (language === 'tsx') return exported.tsx as Parser.Language;
  return exported as unknown as Parser.Language;
}

/**
 * A tree-sitter parser for `language`, created on first use and reused (one per thread). Throws a
 * {@link GrammarUnavailableError} naming the package when `tree-sitter` or the grammar is missing.
 */
export function parserFor(language: ParsedLanguage): Parser {
  const existing = parsers.get(language);
  if (existing) return existing;
  parserClass ??= loadNative('tree-sitter', language) as typeof Parser;
  const parser = new parserClass();
  parser.setLanguage(grammarOf(language));
  parsers.set(language, parser);
  return parser;
}
