/** A document as the index sees it: weighted term frequencies and their sum. */
export interface IndexableDocument {
  readonly termWeights: ReadonlyMap<string, number>;
  readonly length: number;
}

/** Tuning of BM25. */
export interface Bm25Options {
  /**
   * How quickly repeated words stop adding to a score.
   * @default 1.2
   */
  k1?: number;
  /**
   * How much long documents are penalized (0: not at all, 1: fully).
   * @default 0.75
   */
  b?: number;
}

/** How one document scored against a query. */
export interface Bm25Match {
  score: number;
  /** Contribution of each query stem that the document holds. */
  readonly contributions: Map<string, number>;
}

/** An inverted index that scores documents with Okapi BM25. */
export interface Bm25Index {
  /** Number of documents. */
  readonly size: number;
  /** Inverse document frequency of a stem; that of a stem no document holds for unknown stems. */
  idf(stem: string): number;
  /** Number of documents holding a stem. */
  documentFrequency(stem: string): number;
  /** Scores every document holding at least one query stem; `query` maps stems to their weights. */
  search(query: ReadonlyMap<string, number>): Map<number, Bm25Match>;
}

interface Posting {
  readonly documents: number[];
  readonly frequencies: number[];
}

/** Builds a BM25 index over documents; document ids are their positions in `documents`. */
export function createBm25Index(
  documents: readonly IndexableDocument[],
  options: Bm25Options = {},
): Bm25Index {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const postings = new Map<string, Posting>();
  let totalLength = 0;
  documents.forEach((document, id) => {
    totalLength += document.length;
    for (const [term, frequency] of document.termWeights) {
      let posting = postings.get(term);
      if (!posting) {
        posting = { documents: [], frequencies: [] };
        postings.set(term, posting);
      }
      posting.documents.push(id);
      posting.frequencies.push(frequency);
    }
  });
  const size = documents.length;
  const averageLength = size > 0 ? totalLength / size : 1;
  const idfOf = (count: number) => Math.log(1 + (size - count + 0.5) / (count + 0.5));
  const norms = documents.map(
    (document) => k1 * (1 - b + (b * document.length) / (averageLength || 1)),
  );

  return {
    size,
    idf: (stem) => idfOf(postings.get(stem)?.documents.length ?? 0),
    documentFrequency: (stem) => postings.get(stem)?.documents.length ?? 0,
    search(query) {
      const matches = new Map<number, Bm25Match>();
      for (const [term, weight] of query) {
        const posting = postings.get(term);
        if (!posting) continue;
        const idf = idfOf(posting.documents.length);
        for (let i = 0; i < posting.documents.length; i += 1) {
          const id = posting.documents[i]!;
          const frequency = posting.frequencies[i]!;
          const contribution = (weight * idf * frequency * (k1 + 1)) / (frequency + norms[id]!);
          let match = matches.get(id);
          if (!match) {
            match = { score: 0, contributions: new Map() };
            matches.set(id, match);
          }
          match.score += contribution;
          match.contributions.set(term, (match.contributions.get(term) ?? 0) + contribution);
        }
      }
      return matches;
    },
  };
}
