import type { BaseMessage } from '@langchain/core/messages';
import { type CapabilityCatalog, validateWorkflow, type WorkflowInput } from '@mark1/sdk';
import type { RankedCapability } from '../retrieval/create-capability-ranker';
import type { LlmAttempt } from '../types';
import { askForPlan, loadOptional, type ModelAnswer, type ModelConnection } from './chat-model';
import { answerToWorkflow, type PlanAnswer } from './plan-answer-schema';
import { planMessage, repairMessage, SYSTEM_PROMPT } from './prompts';

/** What the planning graph needs. */
export interface PlanGraphOptions {
  readonly catalog: CapabilityCatalog;
  readonly connection: ModelConnection;
  readonly model: string;
  readonly timeoutMs: number;
  /** Rounds in which errors are fed back (after the first plan). */
  readonly maxRepairRounds: number;
  /** Finds the capabilities to show the model. */
  readonly retrieve: (request: string) => RankedCapability[];
}

/** Where the graph ended. */
export interface PlanGraphOutcome {
  readonly candidates: readonly RankedCapability[];
  /** The last answer that parsed, if any. */
  readonly answer?: PlanAnswer;
  /** Its workflow, in the sdk's written form. */
  readonly workflow?: WorkflowInput;
  /** Problems of the last answer (empty when it validated). */
  readonly problems: readonly string[];
  readonly attempts: readonly LlmAttempt[];
}

/** Validation errors as the model reads them: where, what, and the likely fix. */
function describeProblems(workflow: WorkflowInput, catalog: CapabilityCatalog): string[] {
  return validateWorkflow(workflow, catalog).errors.map(
    (issue) => `${issue.path && issue.path !== '(root)' ? `${issue.path}: ` : ''}${issue.message}`,
  );
}

/**
 * Runs the LangGraph graph retrieve → plan → validate → (repair → validate)* → done. Each answer is
 * parsed against the plan schema and converted to a workflow that the sdk validator checks; its
 * errors (or why the answer did not parse) are fed back to the model, at most `maxRepairRounds`
 * times. LangGraph and the LangChain message classes are loaded here, on first use.
 */
export async function runPlanGraph(
  request: string,
  options: PlanGraphOptions,
): Promise<PlanGraphOutcome> {
  const [{ StateGraph, Annotation, START, END }, { AIMessage, HumanMessage, SystemMessage }] =
    await Promise.all([
      loadOptional('@langchain/langgraph', () => import('@langchain/langgraph')),
      loadOptional('@langchain/core', () => import('@langchain/core/messages')),
    ]);

  const State = Annotation.Root({
    request: Annotation<string>(),
    candidates: Annotation<RankedCapability[]>({ reducer: (_, next) => next, default: () => [] }),
    messages: Annotation<BaseMessage[]>({
      reducer: (all, added) => all.concat(added),
      default: () => [],
    }),
    round: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }),
    reply: Annotation<ModelAnswer | undefined>({
      reducer: (_, next) => next,
      default: () => undefined,
    }),
    answer: Annotation<PlanAnswer | undefined>({
      reducer: (_, next) => next,
      default: () => undefined,
    }),
    workflow: Annotation<WorkflowInput | undefined>({
      reducer: (_, next) => next,
      default: () => undefined,
    }),
    problems: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
    attempts: Annotation<LlmAttempt[]>({
      reducer: (all, added) => all.concat(added),
      default: () => [],
    }),
  });
  type PlanState = typeof State.State;

  const ask = (messages: BaseMessage[]) =>
    askForPlan(options.connection, messages, {
      timeoutMs: options.timeoutMs,
      model: options.model,
    });

  const graph = new StateGraph(State)
    .addNode('retrieve', (state: PlanState) => ({ candidates: options.retrieve(state.request) }))
    .addNode('plan', async (state: PlanState) => {
      const messages = [
        new SystemMessage(SYSTEM_PROMPT),
        new HumanMessage(
          planMessage(
            state.request,
            state.candidates.map((candidate) => candidate.entry),
          ),
        ),
      ];
      const reply = await ask(messages);
      return { messages: [...messages, new AIMessage(reply.text)], reply, round: 1 };
    })
    .addNode('validate', (state: PlanState) => {
      const reply = state.reply;
      if (!reply || !reply.ok) {
        const problems = [...(reply && !reply.ok ? reply.problems : ['no answer'])];
        return { problems, attempts: [{ round: state.round, problems }] };
      }
      const workflow = answerToWorkflow(reply.answer);
      const problems = describeProblems(workflow, options.catalog);
      return {
        answer: reply.answer,
        workflow,
        problems,
        attempts: [{ round: state.round, problems }],
      };
    })
    .addNode('repair', async (state: PlanState) => {
      const feedback = new HumanMessage(repairMessage(state.problems));
      const reply = await ask([...state.messages, feedback]);
      return { messages: [feedback, new AIMessage(reply.text)], reply, round: state.round + 1 };
    })
    .addNode('done', () => ({}))
    .addEdge(START, 'retrieve')
    .addEdge('retrieve', 'plan')
    .addEdge('plan', 'validate')
    .addConditionalEdges(
      'validate',
      (state: PlanState) =>
        state.problems.length === 0 || state.round > options.maxRepairRounds ? 'done' : 'repair',
      ['repair', 'done'],
    )
    .addEdge('repair', 'validate')
    .addEdge('done', END)
    .compile();

  const final = await graph.invoke(
    { request },
    { recursionLimit: 10 + 3 * options.maxRepairRounds },
  );
  return {
    candidates: final.candidates,
    ...(final.answer ? { answer: final.answer } : {}),
    ...(final.workflow ? { workflow: final.workflow } : {}),
    problems: final.problems,
    attempts: final.attempts,
  };
}
