import { type CapabilityCatalog, compatibility } from '@mark1/sdk';
import type { RequestLiteral } from '../literals/extract-literals';
import type { CapabilityRanker } from '../retrieval/create-capability-ranker';
import { rankSources, type SourceCandidate, type SourceContext } from './data-sources';
import { findBridge, inputsOf } from './find-bridge';
import { describeInput, type InputInfo } from './input-roles';
import { properNounIn } from './named-values';
import { outputRef, type StepDraft, stepIdFor, workflowInputRef } from './step-draft';
import type { WorkflowInputRegistry } from './workflow-inputs';

/** What data binding needs besides the step. */
export interface DataContext {
  readonly catalog: CapabilityCatalog;
  readonly ranker: CapabilityRanker;
  readonly literals: readonly RequestLiteral[];
  readonly globalLiterals: ReadonlySet<number>;
  /** Literals used as names or settings anywhere in the plan; never data. */
  readonly namedLiterals: ReadonlySet<number>;
  readonly literalNames: ReadonlyMap<number, string>;
  readonly inputs: WorkflowInputRegistry;
  /** The name the request gives data it does not spell out ("customer reviews"). */
  readonly dataName?: string;
  /** Step ids in use. */
  readonly ids: Set<string>;
}

function describeLiteral(literal: RequestLiteral): string {
  const shown = literal.raw.length > 60 ? `${literal.raw.slice(0, 57)}…` : literal.raw;
  return `${shown} from the request`;
}

/** A step input being bound. */
interface Target {
  readonly step: StepDraft;
  readonly input: InputInfo;
}

function bindCandidate(
  { step, input }: Target,
  candidate: SourceCandidate,
  context: DataContext,
): void {
  switch (candidate.kind) {
    case 'literal': {
      step.claimed.add(candidate.literal.index);
      if (candidate.derivedText !== undefined) {
        step.inputs[input.name] = candidate.derivedText;
        step.notes.set(input.name, {
          source: 'literal',
          note: `the text inside the data ${describeLiteral(candidate.literal)}`,
        });
        return;
      }
      const declared = context.inputs.forLiteral(candidate.literal.index, input.name);
      declared.usedBy.push({ step: step.id, input: input.name });
      step.inputs[input.name] = workflowInputRef(declared.name);
      step.notes.set(input.name, {
        source: 'workflow-input',
        note: `${describeLiteral(candidate.literal)}, as workflow input "${declared.name}"${candidate.compatibility === 'convertible' ? ` (converted from ${candidate.literal.dataType})` : ''}`,
      });
      return;
    }
    case 'output':
      step.inputs[input.name] = outputRef(candidate.step.id, candidate.output);
      step.dependsOn.add(candidate.step.id);
      step.notes.set(input.name, {
        source: 'step-output',
        note: `output "${candidate.output}" (${candidate.type}) of step ${candidate.step.id}${candidate.compatibility === 'convertible' ? `, converted to ${input.dataType}` : ''}`,
      });
      return;
    case 'declared':
      candidate.input.usedBy.push({ step: step.id, input: input.name });
      step.inputs[input.name] = workflowInputRef(candidate.input.name);
      step.notes.set(input.name, {
        source: 'missing',
        note: `not in the request: you provide "${candidate.input.name}"`,
      });
      return;
  }
}

/**
 * Runs the step once per item: of a folder, of several literals of the clause, of inline list data,
 * or of an earlier step's list output. Returns false when nothing to iterate over was found.
 */
function bindForeach(
  { step, input }: Target,
  context: DataContext,
  earlier: readonly StepDraft[],
): boolean {
  const ownLiterals = step.intent.literals
    .map((index) => context.literals[index]!)
    .filter(
      (literal) => !step.claimed.has(literal.index) && !context.namedLiterals.has(literal.index),
    );
  const texts = ownLiterals.filter((literal) => literal.kind === 'text');
  const folder =
    ownLiterals.find((literal) => literal.dataType === 'directory') ??
    context.literals.find(
      (literal) => context.globalLiterals.has(literal.index) && literal.dataType === 'directory',
    );
  const list = ownLiterals.find(
    (literal) => literal.kind === 'json' && Array.isArray(literal.value),
  );
  let foreach: string | undefined;
  let note: string | undefined;
  if (texts.length >= 2 && input.dataType === 'text') {
    const declared = context.inputs.forList(
      texts.map((literal) => literal.index),
      context.dataName ?? `${input.name}_items`,
      'text',
    );
    declared.usedBy.push({ step: step.id, input: input.name });
    texts.forEach((literal) => step.claimed.add(literal.index));
    foreach = workflowInputRef(declared.name);
    note = `each of the ${texts.length} texts in the request (workflow input "${declared.name}")`;
  } else if (folder && input.dataType !== 'directory') {
    const declared = context.inputs.forLiteral(folder.index, 'folder');
    declared.usedBy.push({ step: step.id, input: input.name });
    step.claimed.add(folder.index);
    foreach = workflowInputRef(declared.name);
    note = `each file in ${folder.raw} (workflow input "${declared.name}")`;
  } else if (list) {
    const declared = context.inputs.forLiteral(list.index, `${input.name}_items`);
    declared.usedBy.push({ step: step.id, input: input.name });
    step.claimed.add(list.index);
    foreach = workflowInputRef(declared.name);
    note = `each item of the list in the request (workflow input "${declared.name}")`;
  } else {
    const producer = [...earlier]
      .reverse()
      .find((candidate) =>
        Object.values(candidate.entry.capability.outputs).some((output) => output.type === 'json'),
      );
    if (!producer) return false;
    const [name] = Object.entries(producer.entry.capability.outputs).find(
      ([, output]) => output.type === 'json',
    )!;
    foreach = outputRef(producer.id, name);
    step.dependsOn.add(producer.id);
    note = `each item of output "${name}" of step ${producer.id}`;
  }
  step.foreach = foreach;
  step.inputs[input.name] = '${item}';
  step.notes.set(input.name, { source: 'item', note });
  return true;
}

/** True when the clause hands over several values of one kind for one input (a list of texts). */
function hasSeveralValues(step: StepDraft, input: InputInfo, context: DataContext): boolean {
  if (input.list) return false;
  const texts = step.intent.literals.filter(
    (index) =>
      context.literals[index]?.kind === 'text' &&
      !step.claimed.has(index) &&
      !context.namedLiterals.has(index) &&
      !context.globalLiterals.has(index),
  );
  return texts.length >= 2 && input.dataType === 'text';
}

/**
 * Binds a step's data inputs: each required one (and an optional one the clause hands a literal of
 * the exact type) takes the best-scoring source (see `rankSources`), a literal at most once per
 * step. An input no source can feed gets a converter step inserted when the catalog has one (a URL
 * to HTML for "scrape the table from https://…"), else becomes a workflow input the user must give.
 * Inserted steps are returned, to be placed before the step.
 */
export function bindData(
  step: StepDraft,
  context: DataContext,
  earlier: readonly StepDraft[],
): StepDraft[] {
  const inserted: StepDraft[] = [];
  const data = inputsOf(step.entry).filter((input) => input.role === 'data');
  let pending = data.filter((input) => input.required);
  const primary = pending[0] ?? data[0];
  if (primary && (step.intent.foreach || hasSeveralValues(step, primary, context))) {
    if (bindForeach({ step, input: primary }, context, earlier))
      pending = pending.filter((input) => input !== primary);
  }
  const sourceContext = (): SourceContext => ({
    literals: context.literals,
    globalLiterals: context.globalLiterals,
    namedLiterals: context.namedLiterals,
    literalNames: context.literalNames,
    earlierSteps: [...earlier, ...inserted],
    declared: context.inputs.missingInputs(),
  });

  while (pending.length > 0) {
    let best: { input: InputInfo; candidate: SourceCandidate } | undefined;
    for (const input of pending) {
      const candidate = rankSources(step, input, sourceContext())[0];
      if (candidate && (!best || candidate.score > best.candidate.score))
        best = { input, candidate };
    }
    if (!best) break;
    const chosen = best.input;
    bindCandidate({ step, input: chosen }, best.candidate, context);
    pending = pending.filter((input) => input !== chosen);
  }
  for (const input of pending) {
    const bridge = bridgeFor({ step, input }, context, [...earlier, ...inserted]);
    if (bridge) {
      inserted.push(bridge.step);
      bindCandidate({ step, input }, bridge.candidate, context);
      continue;
    }
    if (!input.schema.data_type && !input.schema.format) {
      const noun = properNounIn(step.intent.text, new Set());
      if (noun) {
        step.inputs[input.name] = noun.value;
        step.notes.set(input.name, { source: 'literal', note: noun.note });
        continue;
      }
    }
    const textLike = input.dataType === 'text' || input.dataType === 'file';
    const name = textLike && context.dataName ? context.dataName : input.name;
    const description =
      textLike && context.dataName
        ? context.dataName
        : describeInput(input, step.entry.capability.name);
    const declared = context.inputs.declareMissing(name, input.dataType, description, {
      forData: true,
    });
    bindCandidate({ step, input }, { kind: 'declared', input: declared, score: 0 }, context);
  }
  for (const input of data.filter((info) => !info.required && !(info.name in step.inputs))) {
    const candidate = rankSources(step, input, sourceContext()).find(
      (source) =>
        source.kind === 'literal' &&
        source.compatibility === 'exact' &&
        source.score >= 100 &&
        source.derivedText === undefined,
    );
    if (candidate) bindCandidate({ step, input }, candidate, context);
  }
  return inserted;
}

/** A converter step from a value of the clause (or the last result) to the type `input` needs. */
function bridgeFor(
  { step, input }: Target,
  context: DataContext,
  earlier: readonly StepDraft[],
): { step: StepDraft; candidate: SourceCandidate } | undefined {
  const ownLiteral = step.intent.literals
    .map((index) => context.literals[index]!)
    .find(
      (literal) =>
        literal.kind !== 'number' &&
        literal.kind !== 'email' &&
        !step.claimed.has(literal.index) &&
        !context.namedLiterals.has(literal.index),
    );
  const lastStep = earlier[earlier.length - 1];
  const fromType =
    ownLiteral?.dataType ??
    (lastStep ? Object.values(lastStep.entry.capability.outputs)[0]?.type : undefined);
  if (!fromType || compatibility(fromType, input.dataType) !== 'incompatible') return undefined;
  const bridge = findBridge(fromType, input.dataType, {
    catalog: context.catalog,
    ranker: context.ranker,
    clause: step.intent.text,
  });
  if (!bridge) return undefined;
  const id = stepIdFor(bridge.entry.capability.name, context.ids);
  context.ids.add(id);
  const draft: StepDraft = {
    id,
    intent: step.intent,
    entry: bridge.entry,
    origin: 'bridge',
    bridgeFor: { step: step.id, input: input.name },
    inputs: {},
    notes: new Map(),
    dependsOn: new Set(),
    claimed: new Set(),
  };
  if (ownLiteral) {
    step.claimed.add(ownLiteral.index);
    bindCandidate(
      { step: draft, input: bridge.input },
      { kind: 'literal', literal: ownLiteral, score: 0, compatibility: 'exact' },
      context,
    );
  } else if (lastStep) {
    const [output, spec] = Object.entries(lastStep.entry.capability.outputs)[0]!;
    bindCandidate(
      { step: draft, input: bridge.input },
      { kind: 'output', step: lastStep, output, type: spec.type, score: 0, compatibility: 'exact' },
      context,
    );
  }
  return {
    step: draft,
    candidate: {
      kind: 'output',
      step: draft,
      output: bridge.output,
      type: bridge.entry.capability.outputs[bridge.output]!.type,
      score: 0,
      compatibility: compatibility(
        bridge.entry.capability.outputs[bridge.output]!.type,
        input.dataType,
      ),
    },
  };
}
