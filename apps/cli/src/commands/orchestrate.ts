import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { stringify } from 'yaml';
import type { Executor, RunResult } from '@mark1/executor';
import {
  plan,
  type PlanOptions,
  planReadiness,
  type PlanResult,
  summarizePlan,
} from '@mark1/planner';
import {
  type CapabilityCatalog,
  formatIssue,
  Mark1Error,
  parseWorkflow,
  type Workflow,
} from '@mark1/sdk';
import { RegistryErrorCodes } from '@mark1/registry';
import type { Mark1Config, OrchestrationRecord, Storage } from '@mark1/storage';
import type { CliContext } from '../cli-context';
import { CliErrorCodes } from '../errors';
import type { Colors } from '../output/colors';
import { formatSeconds } from '../output/format';
import { renderPairs, renderTable } from '../output/table';
import {
  collectInput,
  createEventRenderer,
  followRun,
  openExecutor,
  parseInputs,
  runFailure,
} from './run';

type PlannerMode = NonNullable<PlanOptions['mode']>;

/** Planner options from the configuration: the LLM when an Ollama URL is configured, else none. */
export function plannerOptions(config: Mark1Config, mode: PlannerMode): PlanOptions {
  const { ollama } = config;
  return {
    mode,
    ...(ollama.baseUrl
      ? { ollamaUrl: ollama.baseUrl, model: ollama.model, timeoutMs: ollama.timeout * 1000 }
      : {}),
  };
}

/** The request words of a command line, joined (quotes are optional). */
function requestText(words: readonly string[]): string {
  const text = words.join(' ').trim();
  if (!text)
    throw new Mark1Error(
      CliErrorCodes.USAGE_ERROR,
      'Say what you want done, e.g. mark1 orchestrate plan "analyze the sentiment of \'great product\'".',
    );
  return text;
}

/**
 * The plan as people read it: the planner's explanation (steps, data flow, what was not mapped,
 * what is still needed), its notices and validation errors, and how to give missing inputs.
 */
export function renderPlan(result: PlanResult, colors: Colors): string {
  const lines = [result.explanation.text.trimEnd()];
  for (const notice of result.notices) lines.push(colors.yellow(`note: ${notice}`));
  if (result.missingInputs.length > 0)
    lines.push(colors.yellow('Give them with --input name=value.'));
  for (const issue of result.validation.errors)
    lines.push(colors.red(`error: ${formatIssue(issue)}`));
  lines.push(
    '',
    colors.dim(`planner: ${result.planner}, confidence ${Math.round(result.confidence * 100)}%`),
  );
  return lines.join('\n');
}

/** The planned workflow as YAML, with the request it came from as a comment. */
function workflowYaml(workflow: Workflow, request: string): string {
  return `# Planned by mark1 orchestrate from: ${request.replaceAll('\n', ' ')}\n${stringify(JSON.parse(JSON.stringify(workflow)), { lineWidth: 100 })}`;
}

async function planRequest(
  context: CliContext,
  request: string,
  mode: PlannerMode,
): Promise<{ result: PlanResult; catalog: CapabilityCatalog; executor: Executor }> {
  const { executor, catalog } = await openExecutor(context);
  if (catalog.entries().length === 0) {
    throw new Mark1Error(
      CliErrorCodes.USAGE_ERROR,
      'No plugins are installed, so there is nothing to plan with. Install some first, e.g. `mark1 plugin install examples/plugins/text-sentiment`.',
    );
  }
  const result = await plan(request, catalog, plannerOptions(context.config().config, mode));
  return { result, catalog, executor };
}

async function recordOrchestration(
  storage: Storage,
  request: string,
  mode: 'plan' | 'run',
  result: PlanResult,
): Promise<OrchestrationRecord> {
  const saved = result.workflow
    ? await storage.workflows.create({
        name: result.workflow.name,
        description: result.workflow.description ?? result.explanation.summary,
        request,
        definition: JSON.parse(JSON.stringify(result.workflow)) as Record<string, unknown>,
      })
    : undefined;
  return storage.orchestrations.create({
    request,
    mode,
    planStatus: result.status,
    workflowId: saved?.id ?? null,
    plan: { ...summarizePlan(result) },
    createdBy: `cli:${userInfo().username}`,
  });
}

/** Asks before running; `e` lets the user edit the plan as YAML first. Returns the workflow to run, or undefined to stop. */
async function confirmPlan(
  context: CliContext,
  workflow: Workflow,
  request: string,
  editPath: string,
  executor: Executor,
): Promise<Workflow | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    let current = workflow;
    for (;;) {
      const answer = (await rl.question('Proceed? [y/N/e(dit)] ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return current;
      if (answer !== 'e' && answer !== 'edit') return undefined;
      writeFileSync(editPath, workflowYaml(current, request));
      await rl.question(`Edit ${editPath}, save it, then press Enter to see it checked again. `);
      try {
        const edited = parseWorkflow(readFileSync(editPath, 'utf8'), {
          filename: editPath,
        }).workflow;
        const report = await executor.validate(edited);
        if (!report.valid) {
          for (const issue of report.errors)
            context.io.stderr.write(
              `${context.printer().colors.red('error:')} ${formatIssue(issue, editPath)}\n`,
            );
          continue;
        }
        current = edited;
        context.io.stderr.write(
          `${context.printer().colors.green('✓')} ${editPath} is valid: ${current.steps.length} step${current.steps.length === 1 ? '' : 's'}.\n`,
        );
      } catch (error) {
        context.io.stderr.write(`${(error as Error).message}\n`);
      }
    }
  } finally {
    rl.close();
  }
}

/** A value shown in a terminal: files marked, long text cut to its first lines. */
function displayValue(value: unknown, colors: Colors): string {
  if (
    typeof value === 'string' &&
    value.startsWith('/') &&
    !value.includes('\n') &&
    existsSync(value)
  ) {
    return `${value} ${colors.dim('(file)')}`;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const lines = text.split('\n');
  if (lines.length > 8)
    return `${lines.slice(0, 8).join('\n')}\n${colors.dim(`… ${lines.length - 8} more lines`)}`;
  return text.length > 400 ? `${text.slice(0, 400)}${colors.dim('…')}` : text;
}

/** A run's outputs as people read them: values, and for files where they are. */
function renderOutputs(result: RunResult, colors: Colors): string {
  const head = `${result.state === 'succeeded' ? colors.green('succeeded') : colors.red(result.state)} in ${formatSeconds(result.durationMs / 1000)} (run ${result.runId})`;
  const entries = Object.entries(result.outputs);
  if (entries.length === 0) return head;
  return [
    head,
    renderPairs(
      entries.map(([name, value]) => [name, displayValue(value, colors)] as const),
      colors,
    ),
  ].join('\n');
}

function renderHistory(records: readonly OrchestrationRecord[], colors: Colors): string {
  if (records.length === 0)
    return colors.dim(
      '(no orchestrations yet: try `mark1 orchestrate plan "<what you want done>"`)',
    );
  return renderTable(
    {
      head: ['id', 'created', 'mode', 'plan', 'run', 'request'],
      rows: records.map((record) => [
        record.id,
        record.createdAt.slice(0, 19).replace('T', ' '),
        record.mode,
        record.planStatus,
        record.runId ?? '-',
        record.request.length > 60 ? `${record.request.slice(0, 59)}…` : record.request,
      ]),
    },
    colors,
  );
}

function positiveWhole(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return Number(value);
}

const plannerOption = () =>
  new Option(
    '--planner <kind>',
    'auto: the LLM when an Ollama URL is configured, else deterministic',
  )
    .choices(['auto', 'deterministic', 'llm'])
    .default('auto');

/** `mark1 orchestrate plan|run|status|history|workflows`: plain words → a checked workflow → a run. */
export function registerOrchestrateCommand(program: Command, context: CliContext): void {
  const group = program
    .command('orchestrate')
    .description(
      'plan a request in plain words into a workflow checked against the installed capabilities, and run it',
    );

  group
    .command('plan')
    .description(
      'plan a request and show the steps, the data flow between them, and why each capability was chosen',
    )
    .argument('<request...>', 'what you want done, in plain words')
    .option(
      '--out <file>',
      'write the planned workflow as YAML (run it later with `mark1 workflow run`)',
    )
    .addOption(plannerOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 orchestrate plan "analyze the sentiment of \'Great product but expensive\' and build a report"\n  $ mark1 orchestrate plan --out plan.yml "chart sales.csv"',
    )
    .action(async (words: string[], flags: { out?: string; planner: PlannerMode }) => {
      const request = requestText(words);
      const { result } = await planRequest(context, request, flags.planner);
      const storage = await context.openStorage();
      const orchestration = await recordOrchestration(storage, request, 'plan', result);
      let written: string | undefined;
      if (flags.out && result.workflow) {
        written = resolve(context.io.cwd, flags.out);
        writeFileSync(written, workflowYaml(result.workflow, request));
      }
      const printer = context.printer();
      printer.result(
        {
          orchestration: orchestration.id,
          plan: summarizePlan(result),
          workflow: result.workflow ?? null,
          file: written ?? null,
        },
        () => {
          const text = [
            renderPlan(result, printer.colors),
            printer.colors.dim(`orchestration ${orchestration.id}`),
          ];
          if (written) text.push(`wrote ${written}`);
          return text.join('\n');
        },
      );
      if (result.status === 'empty' || result.status === 'invalid') {
        throw new Mark1Error(
          CliErrorCodes.PLAN_NOT_RUNNABLE,
          `The request could not be planned into a valid workflow (${planReadiness(result).reason}).`,
        );
      }
    });

  group
    .command('run')
    .description(
      'plan a request, show the plan, ask, then run it with live progress and print its outputs (--json: a stream of JSON lines)',
    )
    .argument('<request...>', 'what you want done, in plain words')
    .option('--yes', 'run without asking')
    .option(
      '--input <name=value>',
      'a value for an input the plan needs (repeatable)',
      collectInput,
      [],
    )
    .option('--out <file>', 'also write the planned workflow as YAML (and edit it there with `e`)')
    .addOption(plannerOption())
    .addHelpText(
      'after',
      `\nExamples:\n  $ mark1 orchestrate run --yes "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report."\n  $ mark1 orchestrate run "compute statistics of the csv and chart it" --input csv_file=sales.csv`,
    )
    .action(
      async (
        words: string[],
        flags: { yes?: boolean; input: string[]; out?: string; planner: PlannerMode },
      ) => {
        const request = requestText(words);
        const printer = context.printer();
        const { result, executor } = await planRequest(context, request, flags.planner);
        const inputs = parseInputs(
          flags.input,
          undefined,
          context.io.cwd,
          (name) => result.workflow?.inputs[name] as never,
        );
        if (!printer.json) context.io.stderr.write(`${renderPlan(result, printer.colors)}\n\n`);
        const storage = await context.openStorage();
        let orchestration = await recordOrchestration(storage, request, 'run', result);
        // With --json the command prints a stream of JSON lines: the plan, the run's events, the result.
        const jsonLine = (value: unknown) => context.io.stdout.write(`${JSON.stringify(value)}\n`);
        if (printer.json)
          jsonLine({
            type: 'orchestration.planned',
            orchestration: orchestration.id,
            plan: summarizePlan(result),
            workflow: result.workflow ?? null,
          });
        const readiness = planReadiness(result, inputs);
        if (!result.workflow || !readiness.runnable) {
          throw new Mark1Error(
            CliErrorCodes.PLAN_NOT_RUNNABLE,
            `Orchestration ${orchestration.id} was planned but cannot run: ${readiness.reason}${readiness.missingInputs.length ? ' (give them with --input name=value)' : ''}.`,
            {
              details: {
                orchestrationId: orchestration.id,
                missingInputs: readiness.missingInputs,
              },
            },
          );
        }
        let workflow: Workflow | undefined = result.workflow;
        const editPath = resolve(context.io.cwd, flags.out ?? `mark1-plan-${orchestration.id}.yml`);
        if (flags.out) writeFileSync(editPath, workflowYaml(workflow, request));
        if (!flags.yes) {
          if (!process.stdin.isTTY) {
            throw new Mark1Error(
              RegistryErrorCodes.CONFIRMATION_REQUIRED,
              `orchestrate run asks before running and there is no terminal to ask on; pass --yes to run the plan above (orchestration ${orchestration.id}).`,
            );
          }
          workflow = await confirmPlan(context, workflow, request, editPath, executor);
          if (!workflow) {
            context.io.stderr.write(
              'Not run. The plan is kept: `mark1 orchestrate status ' + orchestration.id + '`.\n',
            );
            return;
          }
        }
        const handle = await executor.start(workflow, {
          inputs,
          cwd: context.io.cwd,
          workflowId: orchestration.workflowId ?? undefined,
          onEvent: createEventRenderer(context),
        });
        orchestration = await storage.orchestrations.attachRun(orchestration.id, handle.runId);
        const run = await followRun(context, handle);
        if (printer.json)
          jsonLine({
            type: 'orchestration.finished',
            orchestration: orchestration.id,
            runId: run.runId,
            state: run.state,
            outputs: run.outputs,
          });
        else context.io.stdout.write(`${renderOutputs(run, printer.colors)}\n`);
        if (run.state !== 'succeeded') throw runFailure(run);
      },
    );

  group
    .command('status')
    .description('an orchestration: its request, its plan, and its run')
    .argument('<id>', 'the orchestration id (from `orchestrate history`)')
    .action(async (id: string) => {
      const storage = await context.openStorage();
      const record = await storage.orchestrations.get(id);
      if (!record)
        throw new Mark1Error(
          CliErrorCodes.USAGE_ERROR,
          `No orchestration ${id}; \`mark1 orchestrate history\` lists them.`,
        );
      const run = record.runId ? await storage.runs.get(record.runId) : undefined;
      const printer = context.printer();
      printer.result({ orchestration: record, run: run ?? null }, () => {
        const planText =
          typeof record.plan?.explanation === 'string' ? record.plan.explanation : '';
        return [
          renderPairs(
            [
              ['orchestration', record.id],
              ['request', record.request],
              ['plan', record.planStatus],
              ['run', run ? `${run.id} (${run.state})` : '-'],
              ['created', record.createdAt],
            ],
            printer.colors,
          ),
          planText ? `\n${planText.trimEnd()}` : '',
        ].join('\n');
      });
    });

  group
    .command('history')
    .description('recent orchestrations, newest first')
    .option('--limit <n>', 'how many', positiveWhole, 20)
    .action(async (flags: { limit: number }) => {
      const storage = await context.openStorage();
      const records = await storage.orchestrations.list({ limit: flags.limit });
      const printer = context.printer();
      printer.result(records, () => renderHistory(records, printer.colors));
    });

  group
    .command('workflows')
    .description('workflows saved by orchestrations (run one again with `mark1 workflow run`)')
    .option('--limit <n>', 'how many', positiveWhole, 20)
    .action(async (flags: { limit: number }) => {
      const storage = await context.openStorage();
      const records = await storage.workflows.list(flags.limit);
      const printer = context.printer();
      printer.result(records, () =>
        records.length === 0
          ? printer.colors.dim('(no saved workflows yet)')
          : renderTable(
              {
                head: ['id', 'name', 'steps', 'created', 'request'],
                rows: records.map((record) => [
                  record.id,
                  record.name,
                  Array.isArray(record.definition.steps) ? record.definition.steps.length : 0,
                  record.createdAt.slice(0, 19).replace('T', ' '),
                  (record.request ?? '').slice(0, 50),
                ]),
                alignRight: [2],
              },
              printer.colors,
            ),
      );
    });
}
