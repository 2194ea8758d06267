import type { RequestLiteral } from '../literals/extract-literals';
import { isStopword, words } from '../text/tokenize';
import { inputsOf } from './find-bridge';
import { describeInput, type InputInfo } from './input-roles';
import {
  axesIn,
  CONDITION_INPUTS,
  conditionIn,
  enumValueIn,
  flagNamed,
  listAfterName,
  type NamedValue,
  properNounIn,
  valueAfterName,
} from './named-values';
import { type StepDraft, workflowInputRef } from './step-draft';
import type { WorkflowInputRegistry } from './workflow-inputs';

/** What option binding needs besides the step. */
export interface OptionContext {
  readonly literals: readonly RequestLiteral[];
  readonly globalLiterals: ReadonlySet<number>;
  readonly inputs: WorkflowInputRegistry;
  /** Literals used as names or settings anywhere in the plan; they are never bound as data. */
  readonly namedLiterals: Set<number>;
  /** The name the request gives its data ("customer feedback"), for generated titles. */
  readonly dataName?: string;
}

function set(step: StepDraft, input: InputInfo, found: NamedValue, context: OptionContext): void {
  step.inputs[input.name] = found.value;
  step.notes.set(input.name, { source: 'literal', note: found.note });
  if (found.literal !== undefined) {
    step.claimed.add(found.literal);
    context.namedLiterals.add(found.literal);
  }
}

function declareMissing(step: StepDraft, input: InputInfo, context: OptionContext): void {
  const description = describeInput(input, step.entry.capability.name);
  const declared = context.inputs.declareMissing(input.name, input.dataType, description, {
    list: input.list,
  });
  declared.usedBy.push({ step: step.id, input: input.name });
  step.inputs[input.name] = workflowInputRef(declared.name);
  step.notes.set(input.name, {
    source: 'missing',
    note: `not in the request: you provide "${declared.name}"`,
  });
}

/**
 * A title made from the clause: the words after the verb up to the first preposition ("a CSV
 * report" → "CSV report"), undefined when those are only small words ("email it to …").
 */
function titleFrom(clause: string, dataName: string | undefined): string | undefined {
  const list = words(clause.replace(/[\uE000-\uF8FF]/g, ' '));
  const stop = list.findIndex(
    (word, index) =>
      index > 1 && /^(?:from|with|of|for|about|on|in|using|based|that|which)$/.test(word),
  );
  const phrase = list
    .slice(1, stop < 0 ? undefined : stop)
    .filter((word) => !/^(?:a|an|the|me|us|my|our)$/.test(word));
  if (!phrase.some((word) => !isStopword(word))) return undefined;
  const text = phrase
    .map((word) => (/^(?:csv|html|pdf|json|xml|yaml|sql)$/.test(word) ? word.toUpperCase() : word))
    .join(' ');
  const withSubject = dataName ? `${text} on ${dataName}` : text;
  return withSubject.charAt(0).toUpperCase() + withSubject.slice(1);
}

/**
 * Binds the inputs a request names rather than hands over: enum values it mentions ("a CSV report",
 * "line chart"), numbers after an input's name ("quality 80", "top 3"), flags, column lists, chart
 * axes ("temperature over date"), titles ("titled 'Q3'"), email addresses, and for a required free
 * text setting the one proper noun of the clause ("to French"). A required setting the request does
 * not give becomes a workflow input the user must provide.
 */
export function bindOptions(step: StepDraft, context: OptionContext): void {
  const infos = inputsOf(step.entry);
  const clause = step.intent.text;
  const names = new Set(infos.map((input) => input.name));
  const axes = names.has('x') && names.has('y') ? axesIn(clause) : undefined;
  const capabilityWords = new Set(words(`${step.entry.plugin} ${step.entry.capability.name}`));

  for (const input of infos) {
    if (input.role === 'option') {
      const { schema } = input;
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      let found: NamedValue | undefined;
      if (schema.enum) found = enumValueIn(clause, schema.enum);
      else if (types.includes('integer') || types.includes('number')) {
        found = valueAfterName(clause, input.name, { literals: context.literals, kind: 'number' });
        if (found && types.includes('integer') && !Number.isInteger(found.value)) found = undefined;
      } else if (types.includes('boolean')) found = flagNamed(clause, input.name);
      else if (input.list) found = listAfterName(clause, input.name, context.literals);
      else if (CONDITION_INPUTS.has(input.name)) {
        found = conditionIn(clause, context.literals);
        if (found) {
          for (const index of step.intent.literals)
            if (found.value && String(found.value).includes(context.literals[index]!.raw))
              context.namedLiterals.add(index);
        }
      } else {
        found = valueAfterName(clause, input.name, { literals: context.literals, kind: 'text' });
        if (!found && axes && (input.name === 'x' || input.name === 'y')) {
          found = { value: axes[input.name], note: `"${axes.y} … ${axes.x}" in the request` };
        }
        if (!found && input.required) found = properNounIn(clause, capabilityWords);
      }
      if (found) set(step, input, found, context);
      else if (input.required) declareMissing(step, input, context);
    } else if (input.role === 'naming') {
      const found = valueAfterName(clause, input.name, {
        literals: context.literals,
        kind: 'text',
      });
      const title = found || !input.required ? undefined : titleFrom(clause, context.dataName);
      if (found) set(step, input, found, context);
      else if (title) {
        step.inputs[input.name] = title;
        step.notes.set(input.name, { source: 'literal', note: 'made from the request' });
      } else if (input.required) declareMissing(step, input, context);
    } else if (input.role === 'address') {
      const emails = context.literals.filter((literal) => literal.kind === 'email');
      const own =
        emails.find((literal) => step.intent.literals.includes(literal.index)) ?? emails[0];
      if (own)
        set(
          step,
          input,
          { value: own.value, literal: own.index, note: `the address ${own.raw} in the request` },
          context,
        );
      else if (input.required) declareMissing(step, input, context);
    }
  }
}
