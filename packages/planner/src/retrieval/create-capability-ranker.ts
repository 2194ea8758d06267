import type { CapabilityCatalog, CatalogEntry, DataType } from '@mark1/sdk';
import { contentTerms } from '../text/tokenize';
import { relatedStems } from '../text/synonyms';
import { type Bm25Index, createBm25Index } from './bm25-index';
import { type CapabilityDocument, createCapabilityDocument } from './capability-document';
import { typeMentions } from './type-words';

/** Weight of a synonym of a request word, relative to the word itself. */
const SYNONYM_WEIGHT = 0.5;
/** How much one unit of data-type evidence adds, as a share of the best lexical score. */
const TYPE_WEIGHT = 0.3;

/** Options of {@link CapabilityRanker.rank}. */
export interface RankOptions {
  /**
   * Most results returned.
   * @default 10
   */
  limit?: number;
  /** Data types the request hands in (from its literals: a `.csv` path, inline JSON, a URL); +2 each when taken. */
  consumes?: readonly DataType[];
  /** Data types of the result the request goes on from ("then chart it"); +1 each when taken. */
  follows?: readonly DataType[];
  /**
   * Stems (Porter) that count for nothing in `coverage`, such as verbs that say little about the
   * capability ("create", "make"); they still count in the score.
   */
  ignoreInCoverage?: ReadonlySet<string>;
}

/** One capability and the evidence that it fits a request. */
export interface RankedCapability {
  readonly plugin: string;
  readonly capability: string;
  readonly entry: CatalogEntry;
  /** Lexical score plus the type bonus; only comparable within one ranking. */
  readonly score: number;
  /** BM25 score over names, descriptions, tags and input/output names. */
  readonly lexicalScore: number;
  /**
   * Data-type evidence: +1 per type the capability consumes or produces as asked ("JSON to CSV"),
   * −0.5 per reversed one, +0.5 per type merely named, plus the `consumes` and `follows` hints.
   */
  readonly typeScore: number;
  /**
   * Share of the request's content words (weighted by rarity) the capability matches, from 0 to 1;
   * a word matched only through a synonym counts half.
   */
  readonly coverage: number;
  /** Request words that matched, as written; `mood~sentiment` marks a match through a synonym. */
  readonly matchedWords: readonly string[];
}

/** Ranks the capabilities of a catalog against plain-words requests. */
export interface CapabilityRanker {
  /** Number of capabilities indexed. */
  readonly size: number;
  /** The best capabilities for `query`, best first; capabilities matching no word are left out. */
  rank(query: string, options?: RankOptions): RankedCapability[];
}

interface QueryTerm {
  readonly word: string;
  readonly stem: string;
  readonly related: readonly string[];
}

/**
 * Indexes a catalog's capabilities for ranking: BM25 over capability names, descriptions, tags,
 * plugin names and descriptions, input and output names and enum values, with synonyms of common
 * verbs and nouns ("mood" finds sentiment), plus data-type evidence ("JSON to CSV" favours a
 * capability that consumes JSON and produces CSV). Building is linear in the catalog size; ranking
 * touches only the capabilities that share a word with the request.
 */
export function createCapabilityRanker(catalog: CapabilityCatalog): CapabilityRanker {
  const documents: CapabilityDocument[] = catalog.entries().map(createCapabilityDocument);
  const index: Bm25Index = createBm25Index(documents);
  const rarityOfUnknown = 0.5 * Math.log(1 + (documents.length - 0.5) / 1.5);

  return {
    size: documents.length,
    rank(query, options = {}) {
      const limit = options.limit ?? 10;
      const terms = queryTerms(query);
      if (terms.length === 0 || limit <= 0) return [];
      const weights = new Map<string, number>();
      for (const term of terms) {
        weights.set(term.stem, 1);
        for (const related of term.related) {
          if ((weights.get(related) ?? 0) < SYNONYM_WEIGHT) weights.set(related, SYNONYM_WEIGHT);
        }
      }
      const matches = index.search(weights);
      if (matches.size === 0) return [];

      const mentions = typeMentions(query);
      const hints = {
        consumes: new Set(options.consumes ?? []),
        follows: new Set(options.follows ?? []),
      };
      const ignored = options.ignoreInCoverage;
      let bestLexical = 0;
      for (const match of matches.values()) bestLexical = Math.max(bestLexical, match.score);
      const termRarity = terms.map((term) => {
        if (ignored?.has(term.stem)) return 0;
        const known = [term.stem, ...term.related].some(
          (stem) => index.documentFrequency(stem) > 0,
        );
        // A word no capability mentions ("comprehensive") cannot tell capabilities apart, so it
        // weighs as half a word found once rather than as the rarest word of all.
        if (!known) return rarityOfUnknown;
        return Math.max(
          index.idf(term.stem),
          ...term.related.map((stem) => index.idf(stem) * SYNONYM_WEIGHT),
        );
      });
      const totalRarity = termRarity.reduce((sum, value) => sum + value, 0);

      const ranked: RankedCapability[] = [];
      for (const [id, match] of matches) {
        const document = documents[id]!;
        const typeScore = typeEvidence(document, mentions, hints);
        let covered = 0;
        const matchedWords: string[] = [];
        terms.forEach((term, position) => {
          if (match.contributions.has(term.stem)) {
            covered += termRarity[position]!;
            matchedWords.push(term.word);
            return;
          }
          const via = term.related.find((stem) => match.contributions.has(stem));
          if (via !== undefined) {
            covered += termRarity[position]! * SYNONYM_WEIGHT;
            matchedWords.push(`${term.word}~${document.surface.get(via) ?? via}`);
          }
        });
        ranked.push({
          plugin: document.entry.plugin,
          capability: document.entry.capability.name,
          entry: document.entry,
          score: match.score + typeScore * TYPE_WEIGHT * bestLexical,
          lexicalScore: match.score,
          typeScore,
          coverage:
            totalRarity > 0 ? Math.min(1, covered / totalRarity) : matchedWords.length > 0 ? 1 : 0,
          matchedWords,
        });
      }
      ranked.sort(
        (a, b) =>
          b.score - a.score ||
          a.plugin.localeCompare(b.plugin) ||
          a.capability.localeCompare(b.capability),
      );
      return ranked.slice(0, limit);
    },
  };
}

function queryTerms(query: string): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const term of contentTerms(query)) {
    if (seen.has(term.stem)) continue;
    seen.add(term.stem);
    terms.push({ word: term.word, stem: term.stem, related: [...relatedStems(term.stem)] });
  }
  return terms;
}

function typeEvidence(
  document: CapabilityDocument,
  mentions: ReturnType<typeof typeMentions>,
  hints: { readonly consumes: ReadonlySet<DataType>; readonly follows: ReadonlySet<DataType> },
): number {
  let score = 0;
  for (const type of mentions.mentioned) {
    const accepts = document.accepts.has(type);
    const produces = document.produces.has(type);
    if (mentions.from.has(type)) {
      score += accepts ? 1 : produces ? -0.5 : 0;
    } else if (mentions.to.has(type)) {
      score += produces ? 1 : accepts ? -0.5 : 0;
    } else if (accepts || produces || document.options.has(type)) {
      score += 0.5;
    }
  }
  for (const type of hints.consumes) {
    if (!mentions.mentioned.has(type) && document.accepts.has(type)) score += 2;
  }
  for (const type of hints.follows) {
    if (!hints.consumes.has(type) && !mentions.mentioned.has(type) && document.accepts.has(type))
      score += 1;
  }
  return score;
}
