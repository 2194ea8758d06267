import type { CapabilityCatalog, Workflow } from '@mark1/sdk';
import { enumValueIn, valueAfterName } from '../deterministic/named-values';
import { isAcceptable, leadingVerb, matchIntents } from '../deterministic/match-intents';
import { PlannerErrorCodes, plannerError } from '../errors';
import type { StepRationale } from '../explain/explain-plan';
import { finalizePlan } from '../finalize-plan';
import { extractLiterals, type RequestLiteral } from '../literals/extract-literals';
import { plan } from '../plan';
import { rankerFor } from '../retrieval/ranker-cache';
import { splitClauses } from '../text/split-clauses';
import type { MissingInput, PlanOptions, PlanResult } from '../types';
import { inputToReplace, specForLiteral, withInput, withStepInput } from './amend-workflow';

/** What the planner answers to one message of a conversation. */
export type SessionReply =
  /** A plan (new or amended) that can be shown and run. */
  | { readonly kind: 'plan'; readonly message: string; readonly result: PlanResult }
  /** A question: the plan needs a value the user has not given, or the message could not be used. */
  | {
      readonly kind: 'question';
      readonly message: string;
      /** The plan so far, when there is one. */
      readonly result?: PlanResult;
      /** The input the question asks for, when it asks for one. */
      readonly missing?: MissingInput;
    };

/** One message of the conversation. */
export interface SessionTurn {
  readonly role: 'user' | 'planner';
  readonly text: string;
}

/** A conversation that plans, asks for what is missing, and amends the last plan. */
export interface PlanningSession {
  /**
   * Handles one message: a request (planned), an answer to the last question (filled in), a change
   * to the last plan ("use the file data.csv instead", "make it a line chart"), a further task
   * ("then email it to ann@example.com", planned together with the earlier ones), or "start over".
   */
  send(message: string): Promise<SessionReply>;
  /** The last plan, if any. */
  readonly lastResult: PlanResult | undefined;
  /** Every message so far, in order. */
  readonly history: readonly SessionTurn[];
  /** Forgets the conversation. */
  reset(): void;
}

/** Options of {@link createPlanningSession}: those of `plan`, used for every message. */
export type PlanningSessionOptions = PlanOptions;

const RESET = /^\s*(?:start\s+over|reset|new\s+plan|forget\s+(?:it|that|everything)|clear)\b/i;
const AMEND = /\b(?:instead|rather|replace|change|switch|swap|make\s+it|use|set|with)\b/i;
const ANSWER_PREFIX =
  /^\s*(?:it'?s|it\s+is|use|take|the\s+(?:text|value|input|file|url)\s+is|here(?:\s+it\s+is|'s)?:?)\s+/i;

function rationaleFrom(result: PlanResult): Map<string, StepRationale> {
  return new Map(
    result.explanation.steps.map((step) => [
      step.id,
      {
        ...(step.request ? { request: step.request } : {}),
        reason: step.reason,
        ...(step.score !== undefined ? { score: step.score } : {}),
        matchedWords: step.matchedWords,
        bindings: new Map(
          step.bindings.map((binding) => [
            binding.input,
            { source: binding.source, note: binding.note },
          ]),
        ),
      },
    ]),
  );
}

function questionFor(missing: MissingInput): string {
  const users = missing.usedBy.map((use) => `${use.step}.${use.input}`).join(', ');
  return `What should I use for "${missing.name}" (${missing.dataType})? It is ${missing.description}${users ? `, used by ${users}` : ''}. Give it in quotes, as a file path, a URL or inline JSON.`;
}

/**
 * Starts a planning conversation for `mark1 chat`. The session is a small state machine on top of
 * `plan`: after a plan that still needs a value it asks for it and takes the next message as the
 * answer; later messages amend the last plan (a new file, text or URL replaces the matching input;
 * an option value such as "line" or "html" sets the option that allows it; "quality 90" sets that
 * number) or add tasks, which are planned together with the earlier ones, keeping earlier answers
 * and amendments. Works the same with the LLM and the deterministic planner.
 */
export function createPlanningSession(
  catalog: CapabilityCatalog,
  options: PlanningSessionOptions = {},
): PlanningSession {
  const history: SessionTurn[] = [];
  let requests: string[] = [];
  /** Values given in answers and amendments, by workflow input name, re-applied after re-planning. */
  let overrides = new Map<string, RequestLiteral>();
  let last: PlanResult | undefined;
  let pending: MissingInput | undefined;

  const reply = (answer: SessionReply): SessionReply => {
    history.push({ role: 'planner', text: answer.message });
    return answer;
  };

  const revise = (result: PlanResult, workflow: Workflow, notice: string): PlanResult =>
    finalizePlan({
      workflow,
      catalog,
      planner: result.planner,
      rationale: rationaleFrom(result),
      unresolved: result.unresolved,
      notices: [...result.notices.filter((line) => !line.startsWith('Changed ')), notice],
      candidates: result.candidates,
      ...(result.attempts ? { attempts: result.attempts } : {}),
      confidence: (valid) => (valid ? result.confidence : Math.min(result.confidence, 0.3)),
    });

  const applyOverrides = (result: PlanResult): PlanResult => {
    if (!result.workflow) return result;
    let workflow = result.workflow;
    const applied: string[] = [];
    for (const [name, literal] of overrides) {
      const spec = workflow.inputs[name];
      if (!spec) continue;
      workflow = withInput(workflow, name, specForLiteral(literal, spec));
      applied.push(name);
    }
    return applied.length > 0
      ? revise(
          result,
          workflow,
          `Changed ${applied.join(', ')} as given earlier in the conversation.`,
        )
      : result;
  };

  const present = (result: PlanResult, lead: string): SessionReply => {
    last = result;
    pending = result.missingInputs[0];
    if (result.status === 'empty') {
      const unmapped = result.unresolved.map((item) => `"${item.text}"`).join(', ');
      return reply({
        kind: 'question',
        message: `I could not map ${unmapped || 'that'} to any installed capability. Could you say it with the action you want, e.g. "analyze the sentiment of …"?`,
        result,
      });
    }
    if (pending) {
      return reply({
        kind: 'question',
        message: `${lead}\n${result.explanation.text}\n${questionFor(pending)}`,
        result,
        missing: pending,
      });
    }
    return reply({ kind: 'plan', message: `${lead}\n${result.explanation.text}`, result });
  };

  const hasAction = (message: string): boolean => {
    const { masked, literals } = extractLiterals(message);
    return matchIntents(splitClauses(masked), { ranker: rankerFor(catalog), literals }).some(
      (intent) =>
        intent.kind === 'action' && intent.match !== undefined && isAcceptable(intent.match),
    );
  };

  const answerPending = (
    message: string,
    missing: MissingInput,
    result: PlanResult,
  ): SessionReply | undefined => {
    const { literals } = extractLiterals(message);
    let literal = literals.find(
      (candidate) => candidate.kind !== 'number' && candidate.kind !== 'email',
    );
    if (!literal && literals.length === 0 && missing.dataType === 'text') {
      const text = message.replace(ANSWER_PREFIX, '').trim();
      literal = {
        index: 0,
        kind: 'text',
        value: text,
        raw: text,
        dataType: 'text',
        placeholder: '',
      };
    }
    if (!literal || !result.workflow) return undefined;
    const spec = result.workflow.inputs[missing.name];
    if (!spec) return undefined;
    overrides.set(missing.name, literal);
    const revised = revise(
      result,
      withInput(result.workflow, missing.name, specForLiteral(literal, spec)),
      `Changed ${missing.name} to ${literal.raw}.`,
    );
    return present(revised, `Using ${literal.raw} for "${missing.name}".`);
  };

  const amend = (message: string, result: PlanResult): SessionReply | undefined => {
    if (!result.workflow) return undefined;
    const { masked, literals } = extractLiterals(message);
    let workflow = result.workflow;
    const changes: string[] = [];
    for (const literal of literals.filter(
      (candidate) => candidate.kind !== 'number' && candidate.kind !== 'email',
    )) {
      const name = inputToReplace(workflow, literal);
      if (!name) continue;
      workflow = withInput(workflow, name, specForLiteral(literal, workflow.inputs[name]!));
      overrides.set(name, literal);
      changes.push(`${name} = ${literal.raw}`);
    }
    for (const step of workflow.steps) {
      const entry = catalog.find(step.plugin, step.capability);
      for (const [input, schema] of Object.entries(entry?.capability.inputs.properties ?? {})) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        const found = schema.enum
          ? enumValueIn(masked, schema.enum)
          : types.includes('integer') || types.includes('number')
            ? valueAfterName(masked, input, { literals, kind: 'number' })
            : undefined;
        if (!found || step.inputs[input] === found.value) continue;
        workflow = withStepInput(workflow, step.id, input, found.value);
        changes.push(`${step.id}.${input} = ${JSON.stringify(found.value)}`);
      }
    }
    if (changes.length === 0) return undefined;
    return present(
      revise(result, workflow, `Changed ${changes.join(', ')}.`),
      `Changed ${changes.join(', ')}.`,
    );
  };

  const planAll = async (lead: string): Promise<SessionReply> => {
    const result = await plan(requests.join(' '), catalog, options);
    return present(applyOverrides(result), lead);
  };

  return {
    get lastResult() {
      return last;
    },
    history,
    reset() {
      requests = [];
      overrides = new Map();
      last = undefined;
      pending = undefined;
      history.length = 0;
    },
    async send(message) {
      if (typeof message !== 'string' || message.trim().length === 0) {
        throw plannerError(
          PlannerErrorCodes.INVALID_REQUEST,
          `send() needs a message as non-empty text, e.g. session.send("analyze the sentiment of 'great product'"); it got ${typeof message === 'string' ? 'an empty string' : typeof message}.`,
        );
      }
      history.push({ role: 'user', text: message });
      if (RESET.test(message)) {
        this.reset();
        history.push({ role: 'user', text: message });
        return reply({ kind: 'question', message: 'Starting over. What would you like to plan?' });
      }
      const action = hasAction(message);
      // While a question is open, anything that does not start with a task is its answer.
      if (last && pending && !(action && leadingVerb(message) !== undefined)) {
        const answered = answerPending(message, pending, last);
        if (answered) return answered;
      }
      if (last && (AMEND.test(message) || !action)) {
        const amended = amend(message, last);
        if (amended) return amended;
      }
      if (!action && last) {
        return reply({
          kind: 'question',
          message: `I did not see a change or a new task in "${message}". Name a value to use instead (a quoted text, a file, a URL) or a task to add.`,
          result: last,
          ...(pending ? { missing: pending } : {}),
        });
      }
      requests.push(/[.!?]\s*$/.test(message.trim()) ? message.trim() : `${message.trim()}.`);
      return planAll(requests.length > 1 ? 'Added to the plan.' : 'Here is the plan.');
    },
  };
}
