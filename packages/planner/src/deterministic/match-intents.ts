import { compatibility, type DataType } from '@mark1/sdk';
import { placeholdersIn, type RequestLiteral } from '../literals/extract-literals';
import type { CapabilityRanker, RankedCapability } from '../retrieval/create-capability-ranker';
import { typeOfWord } from '../retrieval/type-words';
import { stem } from '../text/porter-stemmer';
import { contentTerms, words } from '../text/tokenize';
import { classifyInputs } from './input-roles';
import { type Clause, isOnlyLiterals } from '../text/split-clauses';
import {
  ACTION_VERBS,
  CONTEXT_CLAUSE,
  DATA_VERBS,
  FOREACH_MARKERS,
  DATA_PART_NOUNS,
  GENERIC_WORDS,
  INTRODUCING_PREPOSITION,
  QUANTIFIERS,
} from './vocabulary';

/** Least share of a clause's words a capability must match to be used. */
const MIN_COVERAGE = 0.3;
/** Least share when every match is only through synonyms. */
const MIN_SYNONYM_COVERAGE = 0.5;

/** What a clause turned out to be. */
export type IntentKind = 'action' | 'context' | 'unresolved';

/** A clause of the request, matched against the catalog. */
export interface Intent {
  readonly kind: IntentKind;
  /** The clause, literals as placeholders. */
  text: string;
  /** True when the request orders it after the previous action ("then"). */
  readonly sequential: boolean;
  /** Literals written in the clause. */
  literals: number[];
  /** The capability chosen (actions). */
  readonly match?: RankedCapability;
  /** The next best candidate (actions), to judge how clear the choice was; the closest one (unresolved). */
  readonly runnerUp?: RankedCapability;
  /** True when the step runs once per item ("each", "every", "all files in"). */
  readonly foreach: boolean;
  /** The name a context clause gives its data ("customer feedback"). */
  readonly dataName?: string;
  /** Set on a step found inside another clause ("the summary of x"): the intent it feeds. */
  feeds?: Intent;
  /** Why a clause was not mapped (unresolved). */
  readonly reason?: string;
}

/** True when a ranked candidate is strong enough to be used. */
export function isAcceptable(candidate: RankedCapability | undefined): boolean {
  if (!candidate) return false;
  const direct = candidate.matchedWords.filter((word) => !word.includes('~'));
  const distinctive = candidate.matchedWords.some(
    (word) => !GENERIC_WORDS.has(stem(word.split('~')[0]!)),
  );
  if (!distinctive) return false;
  const directDistinctive = direct.some((word) => !GENERIC_WORDS.has(stem(word)));
  return directDistinctive
    ? candidate.coverage >= MIN_COVERAGE
    : candidate.coverage >= MIN_SYNONYM_COVERAGE;
}

/** The first action verb among the first two content words of a clause. */
export function leadingVerb(text: string): string | undefined {
  const content = words(text).filter(
    (word) =>
      !QUANTIFIERS.has(word) && !/^(?:what|how|which|is|are|the|a|an|me|us|for)$/.test(word),
  );
  return content.slice(0, 2).find((word) => ACTION_VERBS.has(stem(word)));
}

function literalTypes(text: string, literals: readonly RequestLiteral[]): DataType[] {
  return (
    placeholdersIn(text)
      .map((index) => literals[index])
      .filter(
        (literal): literal is RequestLiteral =>
          literal !== undefined && literal.kind !== 'number' && literal.kind !== 'email',
      )
      .map((literal) => literal.dataType)
      // Text and plain files say nothing: almost every capability can read them.
      .filter((type) => type !== 'text' && type !== 'file')
  );
}

/** The words a context clause uses for its data ("I have customer feedback:" → "customer feedback"). */
function dataNameOf(text: string): string | undefined {
  const withoutPattern = text.replace(CONTEXT_CLAUSE, '');
  const beforeLiteral = withoutPattern.split(/[\uE000-\uF8FF]/)[0] ?? withoutPattern;
  const content = words(beforeLiteral).filter(
    (word, index) =>
      !QUANTIFIERS.has(stem(word)) &&
      !QUANTIFIERS.has(word) &&
      !(index === 0 && (DATA_VERBS.has(stem(word)) || ACTION_VERBS.has(stem(word)))) &&
      contentTerms(word).length > 0,
  );
  const name = content.slice(-3).join(' ');
  return name.length > 0 ? name : undefined;
}

interface MatchContext {
  readonly ranker: CapabilityRanker;
  readonly literals: readonly RequestLiteral[];
}

function rankClause(text: string, context: MatchContext, previous?: Intent): RankedCapability[] {
  const consumes = literalTypes(text, context.literals);
  // A clause that goes on from the last result favours capabilities that can take that result,
  // and the words naming that result ("save the rows as CSV") name data, not a capability.
  const outputs = previous?.match ? Object.entries(previous.match.entry.capability.outputs) : [];
  const follows = outputs.map(([, output]) => output.type);
  // Verbs stay: "translate" names the task even after a step whose output is a "translation".
  const outputStems = new Set(
    outputs.map(([name]) => stem(name.toLowerCase())).filter((value) => !ACTION_VERBS.has(value)),
  );
  const query =
    outputStems.size > 0
      ? text
          .split(/(\s+)/)
          .filter((word) => !outputStems.has(stem(word.toLowerCase())))
          .join('')
      : text;
  return context.ranker.rank(query, {
    limit: 5,
    consumes,
    follows,
    ignoreInCoverage: GENERIC_WORDS,
  });
}

/**
 * Matches each clause to a capability. A clause without a verb that follows "and" or a comma
 * borrows the verb before it ("calculate readability and sentiment") when that finds another
 * capability, and is otherwise merged back ("the columns price and quantity"). Clauses that hand
 * over data ("I have …", "Process multiple reviews") become context; clauses that match nothing
 * well enough are unresolved. A clause that also names a second result inside it ("email the
 * summary of x") gets that producer as an extra intent before it.
 */
export function matchIntents(clauses: readonly Clause[], context: MatchContext): Intent[] {
  const intents: Intent[] = [];
  let pendingPrefix: Clause | undefined;
  let lastAction: Intent | undefined;

  for (const original of clauses) {
    const clause: Clause = pendingPrefix
      ? {
          ...original,
          text: `${pendingPrefix.text}, ${original.text}`,
          raw: `${pendingPrefix.raw}, ${original.raw}`,
        }
      : original;
    pendingPrefix = undefined;
    const text = clause.text;
    const literals = placeholdersIn(text);
    const previous = intents[intents.length - 1];

    if (previous && isOnlyLiterals(text)) {
      previous.text = `${previous.text}${clause.separator}${clause.raw}`;
      previous.literals = placeholdersIn(previous.text);
      continue;
    }
    const introducesData =
      INTRODUCING_PREPOSITION.test(text) && literals.length > 0 && !leadingVerb(text);
    if (CONTEXT_CLAUSE.test(text) || (introducesData && !FOREACH_MARKERS.test(text))) {
      intents.push({
        kind: 'context',
        text,
        sequential: clause.sequential,
        literals,
        foreach: false,
        dataName: dataNameOf(text),
      });
      continue;
    }
    const verb = leadingVerb(text);
    // A clause without a verb borrows the one before it: "analyze sentiment and readability".
    const borrowed =
      !verb && lastAction && clause.join !== 'start' && clause.join !== 'sentence'
        ? leadingVerb(lastAction.text)
        : undefined;
    const query = borrowed ? `${borrowed} ${text}` : text;
    const continues = clause.join === 'sequence' || clause.join === 'and';
    const ranked = rankClause(query, context, continues ? lastAction : undefined);
    const best = ranked[0];

    if (
      !verb &&
      lastAction &&
      previous === lastAction &&
      (clause.join === 'and' || clause.join === 'list')
    ) {
      const sameCapability =
        best &&
        lastAction.match &&
        best.plugin === lastAction.match.plugin &&
        best.capability === lastAction.match.capability;
      if (best && isAcceptable(best) && !sameCapability) {
        lastAction = pushAction(intents, query, clause, best, ranked[1], context);
        continue;
      }
      // Not another task: the tail of a list inside the clause before ("the columns price and quantity").
      lastAction.text = `${lastAction.text}${clause.separator}${clause.raw}`;
      lastAction.literals = placeholdersIn(lastAction.text);
      continue;
    }
    if (
      !verb &&
      !isAcceptable(best) &&
      FOREACH_MARKERS.test(text) &&
      clause !== clauses[clauses.length - 1]
    ) {
      pendingPrefix = clause;
      continue;
    }
    const dataVerb = verb === undefined || DATA_VERBS.has(stem(verb));
    // "Process multiple customer reviews" names the data; only a strong match makes it a task.
    const strongEnough =
      !verb || !DATA_VERBS.has(stem(verb)) || (best?.coverage ?? 0) >= MIN_SYNONYM_COVERAGE;
    if (best && isAcceptable(best) && strongEnough) {
      lastAction = pushAction(intents, query, clause, best, ranked[1], context);
      continue;
    }
    if (dataVerb && (literals.length > 0 || verb !== undefined)) {
      intents.push({
        kind: 'context',
        text,
        sequential: clause.sequential,
        literals,
        foreach: false,
        dataName: dataNameOf(text),
      });
      continue;
    }
    intents.push({
      kind: 'unresolved',
      text,
      sequential: clause.sequential,
      literals,
      foreach: false,
      reason: best
        ? `the closest capability, ${best.plugin}/${best.capability}, matches too little of it (${Math.round(best.coverage * 100)}% of its words)`
        : 'no installed capability matches its words',
      ...(best ? { runnerUp: best } : {}),
    });
  }
  return intents;
}

function pushAction(
  intents: Intent[],
  text: string,
  clause: Clause,
  match: RankedCapability,
  runnerUp: RankedCapability | undefined,
  context: MatchContext,
): Intent {
  const pair = embeddedPair(text, context);
  const intent: Intent = {
    kind: 'action',
    text,
    sequential: clause.sequential,
    literals: placeholdersIn(text),
    match: pair ? pair.consumer : match,
    ...(runnerUp && !pair ? { runnerUp } : {}),
    foreach: FOREACH_MARKERS.test(text),
  };
  if (pair) {
    intents.push({
      kind: 'action',
      text,
      sequential: false,
      literals: intent.literals,
      match: pair.producer,
      foreach: intent.foreach,
      feeds: intent,
    });
  }
  intents.push(intent);
  return intent;
}

/** Words directly before "of" that name a result ("the summary of", "the readability of"). */
const OF_PHRASE = /\b([A-Za-z][\w-]*)\s+of\b/gi;

/**
 * A second capability named inside a clause as a noun followed by "of" ("email the summary of
 * report.txt", "a report with the readability of '…'"): the noun's capability produces a result
 * that the capability named before it (by the verb and its object) consumes. Returns the producer
 * and the consumer, or undefined when the clause does not read that way.
 */
function embeddedPair(
  text: string,
  context: MatchContext,
): { producer: RankedCapability; consumer: RankedCapability } | undefined {
  for (const match of text.matchAll(OF_PHRASE)) {
    const head = match[1]!;
    const headStem = stem(head.toLowerCase());
    if (
      GENERIC_WORDS.has(headStem) ||
      DATA_PART_NOUNS.has(headStem) ||
      typeOfWord(head.toLowerCase())
    )
      continue;
    if (contentTerms(head).length === 0) continue;
    const producer = context.ranker.rank(head, { limit: 1 })[0];
    if (
      !producer ||
      !isAcceptable(producer) ||
      producer.matchedWords.every((word) => word.includes('~'))
    )
      continue;
    // The words naming the consumer: those before the noun, less a modifier glued to it ("summary stats").
    const beforeWords = words(text.slice(0, match.index));
    const lastWord = beforeWords[beforeWords.length - 1];
    if (
      lastWord !== undefined &&
      !/^(?:a|an|the|my|our|its|their|this|that|these|those|with|for|from|in|on|about)$/.test(
        lastWord,
      )
    ) {
      beforeWords.pop();
    }
    const before = beforeWords.join(' ');
    const beforeStems = new Set(contentTerms(before).map((term) => term.stem));
    const after = text.slice(match.index + match[0].length).replace(/[\uE000-\uF8FF]/g, ' ');
    const consumer = context.ranker
      .rank(`${before} ${after}`, { limit: 3, ignoreInCoverage: GENERIC_WORDS })
      .find(
        (candidate) =>
          candidate.plugin !== producer.plugin || candidate.capability !== producer.capability,
      );
    if (!consumer || !isAcceptable(consumer)) continue;
    // The consumer must be named before the noun by a word the producer does not also answer to
    // ("count the lines of code" is one capability, not count-words after count-lines).
    const producerStems = new Set(
      contentTerms(`${producer.capability} ${producer.entry.capability.description}`).map(
        (term) => term.stem,
      ),
    );
    const namedBefore = consumer.matchedWords.some((word) => {
      const written = stem(word.split('~')[0]!);
      return (
        !word.includes('~') &&
        beforeStems.has(written) &&
        !GENERIC_WORDS.has(written) &&
        !producerStems.has(written)
      );
    });
    if (!namedBefore) continue;
    const outputs = Object.values(producer.entry.capability.outputs).map((output) => output.type);
    const feeds = classifyInputs(consumer.entry.capability).some(
      (input) =>
        input.role === 'collector' ||
        (input.role === 'data' &&
          outputs.some((type) => compatibility(type, input.dataType) !== 'incompatible')),
    );
    if (feeds) return { producer, consumer };
  }
  return undefined;
}
