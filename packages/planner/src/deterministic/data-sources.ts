import { compatibility, type DataType, type TypeCompatibility } from '@mark1/sdk';
import type { RequestLiteral } from '../literals/extract-literals';
import { stem } from '../text/porter-stemmer';
import { words } from '../text/tokenize';
import type { InputInfo } from './input-roles';
import type { StepDraft } from './step-draft';
import { BACK_REFERENCES } from './vocabulary';
import type { WorkflowInputDraft } from './workflow-inputs';

/** Where a data input could take its value from, with how likely that is meant. */
export type SourceCandidate =
  | {
      readonly kind: 'literal';
      readonly literal: RequestLiteral;
      /** Set when the value is the text inside inline data rather than the literal itself. */
      readonly derivedText?: string;
      readonly score: number;
      readonly compatibility: TypeCompatibility;
    }
  | {
      readonly kind: 'output';
      readonly step: StepDraft;
      readonly output: string;
      readonly type: DataType;
      readonly score: number;
      readonly compatibility: TypeCompatibility;
    }
  | { readonly kind: 'declared'; readonly input: WorkflowInputDraft; readonly score: number };

/**
 * Scores, by how a person reads a request (the values are relative; the best wins):
 * a literal written in the step's own clause beats one written elsewhere, which beats an earlier
 * step's output; an output wins when the clause refers back to it ("then chart it", "the summary"),
 * when it is the producer named inside the clause, or when only it has the exact type.
 */
const SOURCE_SCORES = {
  ownLiteral: { exact: 100, convertible: 90 },
  otherLiteral: { exact: 70, convertible: 40 },
  textInsideData: { own: 60, other: 55 },
  declaredInput: { exact: 65, convertible: 30 },
  output: { exact: 60, convertible: 35 },
  backReference: 25,
  namedOutput: 25,
  sequenceNeighbour: 15,
  secondaryOutput: 10,
  embeddedProducer: 80,
  nameAffinity: 50,
  distancePenalty: 2,
} as const;

/** What the scorer needs to know about the plan so far. */
export interface SourceContext {
  readonly literals: readonly RequestLiteral[];
  /** Literals meant for the whole request (context clauses, a trailing "…: {data}"). */
  readonly globalLiterals: ReadonlySet<number>;
  /** Literals used as names or settings (a title, a subject); never data. */
  readonly namedLiterals: ReadonlySet<number>;
  /** Names context clauses gave to literals. */
  readonly literalNames: ReadonlyMap<number, string>;
  /** Steps planned before this one. */
  readonly earlierSteps: readonly StepDraft[];
  /** Inputs declared without a value so far. */
  readonly declared: readonly WorkflowInputDraft[];
}

/** The text values inside inline data (`{'review': 'Amazing software!', 'rating': 5}` → the review). */
function textInside(value: unknown): string | undefined {
  const texts: string[] = [];
  const visit = (item: unknown) => {
    if (typeof item === 'string' && /[A-Za-z]/.test(item)) texts.push(item);
    else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function literalAffinity(
  literal: RequestLiteral,
  input: InputInfo,
  names: ReadonlyMap<number, string>,
): boolean {
  const inputStem = stem(input.name.toLowerCase());
  const named = names.get(literal.index);
  if (named && words(named).some((word) => stem(word) === inputStem)) return true;
  if (literal.kind === 'path') {
    // "schema.json" and "user-schema.json" both name a `schema` input.
    const base = String(literal.value).split(/[\\/]/).pop()?.replace(/\..*$/, '') ?? '';
    return words(base).some((word) => stem(word) === inputStem);
  }
  return false;
}

/** Every source that could feed `input` of `step`, best first. */
export function rankSources(
  step: StepDraft,
  input: InputInfo,
  context: SourceContext,
): SourceCandidate[] {
  const candidates: SourceCandidate[] = [];
  const target = input.dataType;
  const own = new Set(step.intent.literals.filter((index) => !context.globalLiterals.has(index)));
  const feedsOnlyProducer =
    step.origin === 'request' && context.earlierSteps.some((s) => s.intent.feeds === step.intent);

  for (const literal of context.literals) {
    if (literal.kind === 'number' || literal.kind === 'email') continue;
    if (step.claimed.has(literal.index) || context.namedLiterals.has(literal.index)) continue;
    const isOwn = own.has(literal.index);
    // A literal inside a clause whose producer step ("the summary of x") takes it is the producer's.
    if (isOwn && feedsOnlyProducer) continue;
    const verdict = compatibility(literal.dataType, target);
    const affinity = literalAffinity(literal, input, context.literalNames)
      ? SOURCE_SCORES.nameAffinity
      : 0;
    if (verdict !== 'incompatible') {
      const table = isOwn ? SOURCE_SCORES.ownLiteral : SOURCE_SCORES.otherLiteral;
      candidates.push({
        kind: 'literal',
        literal,
        score: table[verdict] + affinity,
        compatibility: verdict,
      });
    }
    if (literal.kind === 'json' && target === 'text') {
      const text = textInside(literal.value);
      if (text !== undefined) {
        const score = isOwn ? SOURCE_SCORES.textInsideData.own : SOURCE_SCORES.textInsideData.other;
        candidates.push({
          kind: 'literal',
          literal,
          derivedText: text,
          score,
          compatibility: 'exact',
        });
      }
    }
  }

  const clauseStems = new Set(words(step.intent.text).map((word) => stem(word)));
  const refersBack = BACK_REFERENCES.test(step.intent.text);
  const earlier = context.earlierSteps;
  const lastRequested = [...earlier]
    .reverse()
    .find((s) => s.origin !== 'bridge' && s.intent !== step.intent);
  earlier.forEach((producer, position) => {
    if (producer === step || producer.dependsOn.has(step.id)) return;
    const distance = earlier.length - position;
    Object.entries(producer.entry.capability.outputs).forEach(([name, spec], outputIndex) => {
      const verdict = compatibility(spec.type, target);
      if (verdict === 'incompatible') return;
      let score = SOURCE_SCORES.output[verdict] - SOURCE_SCORES.distancePenalty * (distance - 1);
      // A side result (a sentiment's label) is less likely meant than the main one.
      if (outputIndex > 0) score -= SOURCE_SCORES.secondaryOutput;
      if (producer.intent.feeds === step.intent) score += SOURCE_SCORES.embeddedProducer;
      if (producer.bridgeFor?.step === step.id) score += SOURCE_SCORES.embeddedProducer;
      if (refersBack && producer === lastRequested) score += SOURCE_SCORES.backReference;
      if (clauseStems.has(stem(name.toLowerCase())) && producer.intent !== step.intent)
        score += SOURCE_SCORES.namedOutput;
      if (step.intent.sequential && producer === lastRequested)
        score += SOURCE_SCORES.sequenceNeighbour;
      candidates.push({
        kind: 'output',
        step: producer,
        output: name,
        type: spec.type,
        score,
        compatibility: verdict,
      });
    });
  });

  for (const declared of context.declared.filter((input) => input.forData)) {
    const verdict = compatibility(declared.dataType, target);
    if (verdict === 'incompatible') continue;
    candidates.push({
      kind: 'declared',
      input: declared,
      score: SOURCE_SCORES.declaredInput[verdict],
    });
  }
  const kindOrder = { literal: 0, output: 1, declared: 2 } as const;
  return candidates.sort((a, b) => b.score - a.score || kindOrder[a.kind] - kindOrder[b.kind]);
}
