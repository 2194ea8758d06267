/** One document to index: its fields' texts as terms, and how much each field weighs. */
export interface IndexedDocument<T> {
  readonly value: T;
  /** Terms per field. */
  readonly fields: readonly { readonly terms: readonly string[]; readonly weight: number }[];
}

/** A ranked match. */
export interface Bm25Hit<T> {
  readonly value: T;
  readonly score: number;
  /** Query terms found in the document. */
  readonly matched: readonly string[];
}

/** An inverted index ranked with BM25 (field weights multiply term frequencies, as in BM25F). */
export interface Bm25Index<T> {
  /** Documents indexed. */
  readonly size: number;
  /** The best `limit` documents for the query terms, best first; documents matching no term are left out. */
  search(terms: readonly string[], limit: number): Bm25Hit<T>[];
}

/** Options of {@link createBm25Index}. */
export interface Bm25Options {
  /** @default 1.2 */
  k1?: number;
  /** @default 0.75 */
  b?: number;
}

/** Builds a {@link Bm25Index} over `documents`. */
export function createBm25Index<T>(
  documents: readonly IndexedDocument<T>[],
  options: Bm25Options = {},
): Bm25Index<T> {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const postings = new Map<string, { docs: number[]; freqs: number[] }>();
  const lengths = new Float64Array(documents.length);
  documents.forEach((document, index) => {
    const frequencies = new Map<string, number>();
    let length = 0;
    for (const field of document.fields) {
      for (const term of field.terms) {
        frequencies.set(term, (frequencies.get(term) ?? 0) + field.weight);
        length += field.weight;
      }
    }
    lengths[index] = length;
    for (const [term, frequency] of frequencies) {
      let list = postings.get(term);
      if (!list) {
        list = { docs: [], freqs: [] };
        postings.set(term, list);
      }
      list.docs.push(index);
      list.freqs.push(frequency);
    }
  });
  const total = documents.length;
  const average = total ? lengths.reduce((sum, length) => sum + length, 0) / total : 0;
  const scores = new Float64Array(total);
  const matchedMask = new Uint32Array(total);

  return {
    size: total,
    search(terms, limit) {
      const unique = [...new Set(terms)].slice(0, 32);
      const touched: number[] = [];
      unique.forEach((term, termIndex) => {
        const list = postings.get(term);
        if (!list) return;
        const idf = Math.log(1 + (total - list.docs.length + 0.5) / (list.docs.length + 0.5));
        for (let position = 0; position < list.docs.length; position += 1) {
          const doc = list.docs[position]!;
          const frequency = list.freqs[position]!;
          const norm = frequency + k1 * (1 - b + (b * lengths[doc]!) / (average || 1));
          if (matchedMask[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + (idf * frequency * (k1 + 1)) / norm;
          matchedMask[doc] = matchedMask[doc]! | (1 << termIndex);
        }
      });
      const ranked = touched
        .map((doc) => ({ doc, score: scores[doc]!, mask: matchedMask[doc]! }))
        .sort((x, y) => y.score - x.score || x.doc - y.doc)
        .slice(0, Math.max(0, limit));
      for (const doc of touched) {
        scores[doc] = 0;
        matchedMask[doc] = 0;
      }
      return ranked.map(({ doc, score, mask }) => ({
        value: documents[doc]!.value,
        score,
        matched: unique.filter((_, termIndex) => (mask & (1 << termIndex)) !== 0),
      }));
    },
  };
}
