import { splitClauses } from '../text/split-clauses';
import { extractLiterals } from '../literals/extract-literals';
import type { CapabilityRanker, RankedCapability } from './create-capability-ranker';

/**
 * The capabilities to show a model for a request, at most `limit`: the best match of each clause
 * first (so every part of a long request is represented), then the best for the whole request,
 * then the runners-up of each clause.
 */
export function retrieveCandidates(
  request: string,
  ranker: CapabilityRanker,
  limit: number,
): RankedCapability[] {
  const { masked, literals } = extractLiterals(request);
  const consumes = literals
    .filter(
      (literal) =>
        literal.kind !== 'number' && literal.kind !== 'email' && literal.dataType !== 'text',
    )
    .map((literal) => literal.dataType);
  const whole = ranker.rank(masked, { limit, consumes });
  const perClause = splitClauses(masked).map((clause) =>
    ranker.rank(clause.text, { limit: 3, consumes }),
  );
  const ordered = [
    ...perClause.map((ranked) => ranked[0]),
    ...whole,
    ...perClause.flatMap((ranked) => ranked.slice(1)),
  ].filter((candidate): candidate is RankedCapability => candidate !== undefined);
  const seen = new Set<string>();
  const result: RankedCapability[] = [];
  for (const candidate of ordered) {
    const key = `${candidate.plugin}/${candidate.capability}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(candidate);
    if (result.length >= limit) break;
  }
  return result;
}
