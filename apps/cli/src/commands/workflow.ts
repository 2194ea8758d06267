import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { RunResult, RunStatus } from '@mark1/executor';
import {
  formatIssue,
  Mark1Error,
  SdkErrorCodes,
  validateWorkflowText,
  WorkflowError,
} from '@mark1/sdk';
import type { RunRecord } from '@mark1/storage';
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

function positiveWhole(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

function readWorkflowFile(path: string, cwd: string): { text: string; filename: string } {
  const filename = resolve(cwd, path);
  try {
    return { text: readFileSync(filename, 'utf8'), filename };
  } catch (error) {
    throw new Mark1Error(
      CliErrorCodes.USAGE_ERROR,
      `Cannot read the workflow file ${filename} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
}

function seconds(from: string | null, to: string | null): string {
  if (!from) return '-';
  return formatSeconds(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000);
}

function stateColor(colors: Colors, state: string): (text: string) => string {
  return state === 'succeeded'
    ? colors.green
    : state === 'failed'
      ? colors.red
      : state === 'running'
        ? colors.cyan
        : colors.dim;
}

function renderResult(result: RunResult, colors: Colors): string {
  const lines = [
    `${stateColor(colors, result.state)(result.state)} run ${result.runId} in ${formatSeconds(result.durationMs / 1000)}`,
  ];
  const outputs = Object.entries(result.outputs);
  if (outputs.length > 0) {
    lines.push(
      renderPairs(
        outputs.map(
          ([name, value]) =>
            [name, typeof value === 'string' ? value : JSON.stringify(value)] as const,
        ),
        colors,
      ),
    );
  }
  return lines.join('\n');
}

function renderStatus(status: RunStatus, colors: Colors): string {
  const { run } = status;
  const head = renderPairs(
    [
      ['run', run.id],
      ['workflow', run.workflowName],
      [
        'state',
        `${stateColor(colors, run.state)(run.state)}${status.orphaned ? colors.yellow(' (its orchestrator is gone: resume it)') : ''}`,
      ],
      ['started', run.startedAt ?? '-'],
      ['duration', seconds(run.startedAt, run.finishedAt)],
      ...(run.error
        ? [['error', `${run.error.code}: ${run.error.message.split('\n')[0]}`] as [string, string]]
        : []),
    ],
    colors,
  );
  const table = renderTable(
    {
      head: ['step', 'item', 'attempt', 'state', 'duration', 'error / reason'],
      rows: status.steps.map((step) => [
        step.stepId,
        step.itemIndex,
        step.attempt,
        stateColor(colors, step.state)(step.state),
        step.durationMs === null ? '-' : formatSeconds(step.durationMs / 1000),
        step.error ? `${step.error.code}: ${step.error.message.split('\n')[0]}` : '',
      ]),
      alignRight: [1, 2],
    },
    colors,
  );
  return `${head}\n${status.steps.length ? table : colors.dim('(no steps ran yet)')}`;
}

function renderHistory(runs: readonly RunRecord[], colors: Colors): string {
  if (runs.length === 0)
    return colors.dim('(no runs yet: start one with `mark1 workflow run <file>`)');
  return renderTable(
    {
      head: ['run', 'workflow', 'state', 'started', 'duration'],
      rows: runs.map((run) => [
        run.id,
        run.workflowName,
        stateColor(colors, run.state)(run.state),
        run.startedAt ?? run.createdAt,
        seconds(run.startedAt, run.finishedAt),
      ]),
    },
    colors,
  );
}

/** Tells about runs whose orchestrator died, so they can be resumed. */
async function offerInterrupted(
  context: CliContext,
  executor: Awaited<ReturnType<typeof openExecutor>>['executor'],
): Promise<void> {
  const interrupted = await executor.findInterruptedRuns();
  if (interrupted.length === 0) return;
  const printer = context.printer();
  const shown = interrupted
    .slice(0, 3)
    .map((run) => `${run.id} (${run.workflowName})`)
    .join(', ');
  printer.warn(
    `${interrupted.length} interrupted run${interrupted.length === 1 ? '' : 's'}: ${shown}${interrupted.length > 3 ? ', …' : ''}. Resume with \`mark1 workflow resume <run-id>\`.`,
  );
}

/** `mark1 workflow ...`: run, validate, follow, cancel and resume workflows. */
export function registerWorkflowCommand(program: Command, context: CliContext): void {
  const workflow = program
    .command('workflow')
    .description('run workflows and look after their runs')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 workflow validate report.yml\n  $ mark1 workflow run report.yml --input file=feedback.csv\n  $ mark1 workflow status <run-id>\n  $ mark1 workflow resume <run-id>',
    );

  workflow
    .command('run')
    .description(
      'validate and run a workflow file, printing a line per step (an event stream with --json)',
    )
    .argument('<file>', 'the workflow (YAML or JSON)')
    .option('--input <name=value>', 'a workflow input (repeatable)', collectInput, [])
    .option('--input-file <file>', 'a JSON object of workflow inputs (--input values win)')
    .option(
      '--allow-in-process',
      'let plugins that ask for it run inside this process (no sandbox)',
    )
    .option(
      '--warm',
      'keep one warm process per plugin for Python and Node function steps (still sandboxed)',
    )
    .action(
      async (
        file: string,
        flags: { input: string[]; inputFile?: string; allowInProcess?: boolean; warm?: boolean },
      ) => {
        const { text, filename } = readWorkflowFile(file, context.io.cwd);
        const { executor, catalog } = await openExecutor(context, {
          allowInProcess: flags.allowInProcess === true,
          warmWorkers: flags.warm === true,
        });
        try {
          const report = validateWorkflowText(text, catalog, { filename });
          if (!report.valid || !report.workflow) {
            throw new WorkflowError(
              report.errors.some((issue) => issue.code === 'PARSE_ERROR')
                ? SdkErrorCodes.WORKFLOW_PARSE_ERROR
                : SdkErrorCodes.WORKFLOW_INVALID,
              [...report.errors],
              file,
            );
          }
          await offerInterrupted(context, executor);
          const inputs = parseInputs(flags.input, flags.inputFile, context.io.cwd, (name) => {
            const spec = report.workflow!.inputs[name];
            return spec ? { ...spec, required: [] } : undefined;
          });
          const handle = await executor.start(report.workflow, {
            inputs,
            cwd: context.io.cwd,
            onEvent: createEventRenderer(context),
          });
          const result = await followRun(context, handle);
          const printer = context.printer();
          if (!printer.json) printer.result(result, () => renderResult(result, printer.colors));
          if (result.state !== 'succeeded') throw runFailure(result);
        } finally {
          await executor.close();
        }
      },
    );

  workflow
    .command('validate')
    .description(
      'check a workflow file against the installed plugins, with line and column for each problem',
    )
    .argument('<file>', 'the workflow (YAML or JSON)')
    .action(async (file: string) => {
      const { text, filename } = readWorkflowFile(file, context.io.cwd);
      const { executor, catalog } = await openExecutor(context);
      try {
        const report = validateWorkflowText(text, catalog, { filename });
        const printer = context.printer();
        const { workflow: parsed, ...plain } = report;
        printer.result({ ...plain, ...(parsed ? { name: parsed.name } : {}) }, () => {
          const warnings = report.warnings.map((issue) =>
            printer.colors.yellow(`warning: ${formatIssue(issue, file)}`),
          );
          if (!report.valid) return warnings.join('\n');
          return [
            ...warnings,
            `${printer.colors.green('✓')} ${file} is valid: ${report.order.length} step${report.order.length === 1 ? '' : 's'} (${report.order.join(' → ')})`,
          ].join('\n');
        });
        if (!report.valid)
          throw new WorkflowError(SdkErrorCodes.WORKFLOW_INVALID, [...report.errors], file);
      } finally {
        await executor.close();
      }
    });

  workflow
    .command('status')
    .description('a run and each of its step attempts')
    .argument('<run-id>', 'the run')
    .action(async (runId: string) => {
      const { executor } = await openExecutor(context);
      try {
        const status = await executor.status(runId);
        const printer = context.printer();
        printer.result(status, () => renderStatus(status, printer.colors));
      } finally {
        await executor.close();
      }
    });

  workflow
    .command('history')
    .description('recent runs, newest first')
    .option('--limit <n>', 'most runs shown', positiveWhole, 20)
    .action(async (flags: { limit: number }) => {
      const { executor } = await openExecutor(context);
      try {
        const runs = await executor.history({ limit: flags.limit });
        const printer = context.printer();
        printer.result(runs, () => renderHistory(runs, printer.colors));
      } finally {
        await executor.close();
      }
    });

  workflow
    .command('cancel')
    .description('cancel a run (its orchestrator kills the running plugins within a second)')
    .argument('<run-id>', 'the run')
    .action(async (runId: string) => {
      const { executor } = await openExecutor(context);
      try {
        const run = await executor.cancel(runId);
        const printer = context.printer();
        printer.result(run, () => `${printer.colors.yellow('⊘')} run ${run.id} is ${run.state}`);
      } finally {
        await executor.close();
      }
    });

  workflow
    .command('resume')
    .description('pick up an interrupted run: finished steps keep their outputs, the rest run')
    .argument('<run-id>', 'the run')
    .option(
      '--warm',
      'keep one warm process per plugin for Python and Node function steps (still sandboxed)',
    )
    .action(async (runId: string, flags: { warm?: boolean }) => {
      const { executor } = await openExecutor(context, { warmWorkers: flags.warm === true });
      try {
        const handle = await executor.resume(runId, { onEvent: createEventRenderer(context) });
        const result = await followRun(context, handle);
        const printer = context.printer();
        if (!printer.json) printer.result(result, () => renderResult(result, printer.colors));
        if (result.state !== 'succeeded') throw runFailure(result);
      } finally {
        await executor.close();
      }
    });
}
