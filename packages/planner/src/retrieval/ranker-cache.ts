import type { CapabilityCatalog, CatalogEntry } from '@mark1/sdk';
import { type CapabilityRanker, createCapabilityRanker } from './create-capability-ranker';

const cache = new WeakMap<readonly CatalogEntry[], CapabilityRanker>();

/**
 * The ranker of a catalog, built once per list of entries: planning the next request against the
 * same catalog skips indexing. A catalog that returns a new list (it changed) is indexed again.
 */
export function rankerFor(catalog: CapabilityCatalog): CapabilityRanker {
  const entries = catalog.entries();
  let ranker = cache.get(entries);
  if (!ranker) {
    ranker = createCapabilityRanker(catalog);
    cache.set(entries, ranker);
  }
  return ranker;
}
