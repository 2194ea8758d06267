import { createInterface } from 'node:readline';
import { type Command, Option } from 'commander';
import { stringify } from 'yaml';
import {
  createPlanningSession,
  type PlanOptions,
  planReadiness,
  type PlanResult,
} from '@mark1/planner';
import { Mark1Error } from '@mark1/sdk';
import type { CliContext } from '../cli-context';
import { CliErrorCodes } from '../errors';
import { createEventRenderer, followRun, openExecutor } from './run';
import { plannerOptions, renderPlan } from './orchestrate';

const EXIT = /^\s*(?:exit|quit|bye|\/exit|\/quit)\s*$/i;
const RUN = /^\s*(?:run|run it|go|yes|y|proceed|do it|\/run)\s*[.!]?\s*$/i;
const SHOW = /^\s*(?:show|yaml|\/show)\s*$/i;
const HELP = /^\s*(?:help|\?|\/help)\s*$/i;

const HELP_TEXT = `Say what you want done in plain words, e.g. "analyze the sentiment of 'great product' and build a report".
Then change it in words ("make it html", "use the file data.csv instead"), or:
  run     run the last plan (it never runs without you saying so)
  show    the last plan as workflow YAML
  reset   start over
  exit    leave`;

/** Reads lines one at a time; works on a terminal and on piped input alike. */
function lineReader(
  prompt: string,
  context: CliContext,
): { next(): Promise<string | undefined>; close(): void } {
  const rl = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: Boolean(process.stdin.isTTY),
  });
  const queue: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  return {
    next() {
      if (process.stdin.isTTY) context.io.stderr.write(prompt);
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}

/** `mark1 chat`: plan by conversation, asking for what is missing, and run only when told to. */
export function registerChatCommand(program: Command, context: CliContext): void {
  program
    .command('chat')
    .description(
      'plan by conversation: ask in plain words, answer its questions, change the plan, then say "run"',
    )
    .addOption(
      new Option(
        '--planner <kind>',
        'auto: the LLM when an Ollama URL is configured, else deterministic',
      )
        .choices(['auto', 'deterministic', 'llm'])
        .default('auto'),
    )
    .addHelpText('after', `\n${HELP_TEXT}`)
    .action(async (flags: { planner: NonNullable<PlanOptions['mode']> }) => {
      const { io } = context;
      const colors = context.printer().colors;
      const say = (text: string) => io.stdout.write(`${text}\n`);
      const { executor, catalog } = await openExecutor(context);
      if (catalog.entries().length === 0) {
        throw new Mark1Error(
          CliErrorCodes.USAGE_ERROR,
          'No plugins are installed, so there is nothing to plan with. Install some first, e.g. `mark1 plugin install examples/plugins/text-sentiment`.',
        );
      }
      const session = createPlanningSession(
        catalog,
        plannerOptions(context.config().config, flags.planner),
      );
      const storage = await context.openStorage();
      say(
        colors.dim(
          `mark1 chat: planning with ${catalog.entries().length} capabilities of ${catalog.plugins().length} plugins. Type "help" for help.`,
        ),
      );
      const reader = lineReader(colors.cyan('you> '), context);
      let lastPlan: PlanResult | undefined;
      let lastRequest = '';
      try {
        for (let line = await reader.next(); line !== undefined; line = await reader.next()) {
          const message = line.trim();
          if (!message) continue;
          if (EXIT.test(message)) break;
          if (HELP.test(message)) {
            say(HELP_TEXT);
            continue;
          }
          if (SHOW.test(message)) {
            say(
              lastPlan?.workflow
                ? stringify(JSON.parse(JSON.stringify(lastPlan.workflow)))
                : 'There is no plan yet: say what you want done.',
            );
            continue;
          }
          if (RUN.test(message)) {
            if (!lastPlan?.workflow) {
              say('There is no plan to run yet: say what you want done.');
              continue;
            }
            const readiness = planReadiness(lastPlan);
            if (!readiness.runnable) {
              say(`That plan cannot run yet: ${readiness.reason}.`);
              continue;
            }
            const workflow = lastPlan.workflow;
            const saved = await storage.workflows.create({
              name: workflow.name,
              description: lastPlan.explanation.summary,
              request: lastRequest,
              definition: JSON.parse(JSON.stringify(workflow)) as Record<string, unknown>,
            });
            const handle = await executor.start(workflow, {
              cwd: io.cwd,
              workflowId: saved.id,
              onEvent: createEventRenderer(context),
            });
            const result = await followRun(context, handle);
            say(
              `${result.state === 'succeeded' ? colors.green('done') : colors.red(result.state)} (run ${result.runId})`,
            );
            for (const [name, value] of Object.entries(result.outputs)) {
              const text = typeof value === 'string' ? value : JSON.stringify(value);
              say(`  ${name}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
            }
            if (result.error) say(colors.red(`  ${result.error.message.split('\n')[0]}`));
            continue;
          }
          lastRequest = lastRequest ? `${lastRequest}\n${message}` : message;
          const reply = await session.send(message);
          if (reply.result) lastPlan = reply.result;
          if (reply.kind === 'plan') {
            say(renderPlan(reply.result, colors));
            say(
              colors.cyan(
                planReadiness(reply.result).runnable
                  ? 'Say "run" to run it, or change it in words.'
                  : reply.message,
              ),
            );
          } else {
            say(colors.cyan(reply.message));
          }
        }
      } finally {
        reader.close();
      }
    });
}
