import { stem } from './porter-stemmer';

/** Words that carry no evidence of what a capability does. */
const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the this that these those it its it's they them their there here is are was were be been being
  am do does did of to in on at by for with from into onto as and or but if so than too very
  i me my we us our you your he she his her please kindly can could would should will shall may might
  must want wants need needs like let lets let's just also then after afterwards next finally now
  some any all each every both either neither which what who whom whose how when where why
  about over under up down out off again further once only own same other such no not nor
  via per using use get got have has had give gives me thanks thank ok okay`
    .split(/\s+/)
    .filter(Boolean),
);

/** True when `word` (lowercase) is a stopword. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const isDigit = (code: number) => code >= 48 && code <= 57;
const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;

/**
 * Lowercase words of a text: splits on anything that is not an ASCII letter or digit, and splits
 * identifiers (`camelCase`, `HTMLReport`, `kebab-case`, `snake_case`) into their parts. One pass,
 * no regular expressions: it runs over every description of a catalog when it is indexed.
 */
export function words(text: string): string[] {
  const result: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isLower(code) || isDigit(code)) {
      current += text[i];
      continue;
    }
    if (isUpper(code)) {
      const previous = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      // "camelCase" splits before the capital; "HTMLReport" splits before the "R".
      if (
        current.length > 0 &&
        (isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(next)))
      ) {
        result.push(current);
        current = '';
      }
      current += String.fromCharCode(code + 32);
      continue;
    }
    if (current.length > 0) {
      result.push(current);
      current = '';
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** One content word of a text: the word as written and its stem. */
export interface Term {
  readonly word: string;
  readonly stem: string;
}

/** Stems of words seen before: catalogs and requests repeat a small vocabulary. */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

function cachedStem(word: string): string {
  let result = stemCache.get(word);
  if (result === undefined) {
    result = stem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, result);
  }
  return result;
}

/** The content words of a text (stopwords and lone digits dropped), each with its stem. */
export function contentTerms(text: string): Term[] {
  const result: Term[] = [];
  for (const word of words(text)) {
    if (isStopword(word) || /^\d+$/.test(word)) continue;
    result.push({ word, stem: cachedStem(word) });
  }
  return result;
}

/** The stems of a text's content words. */
export function stems(text: string): string[] {
  return contentTerms(text).map((term) => term.stem);
}
