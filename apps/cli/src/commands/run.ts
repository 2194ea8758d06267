import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  createExecutor,
  type Executor,
  type RunEvent,
  type RunHandle,
  type RunResult,
} from '@mark1/executor';
import { type CapabilityCatalog, type InputSchema, Mark1Error } from '@mark1/sdk';
import type { CliContext } from '../cli-context';
import { CliErrorCodes } from '../errors';
import type { Colors } from '../output/colors';
import { formatSeconds } from '../output/format';
import { renderPairs } from '../output/table';
import { openRegistry } from './plugin';

/** Repeatable `--input k=v`. */
export function collectInput(value: string, previous: string[]): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('expected name=value.');
  return [...previous, value];
}

/** Reads `--input-file f.json`: a JSON object of input values. */
function readInputFile(path: string, cwd: string): Record<string, unknown> {
  const absolute = resolve(cwd, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new Mark1Error(
      CliErrorCodes.USAGE_ERROR,
      `--input-file ${absolute} is not a readable JSON file (${(error as Error).message}).`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Mark1Error(
      CliErrorCodes.USAGE_ERROR,
      `--input-file ${absolute} must hold a JSON object of input values.`,
    );
  }
  return parsed as Record<string, unknown>;
}

function wantsJson(schema: InputSchema | undefined): boolean {
  if (!schema?.type) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return !types.includes('string') && types.some((type) => type !== 'null');
}

/**
 * The inputs of a call: `--input-file` first, then each `--input name=value`. A value is read as
 * JSON when the input's schema wants a number, boolean, list or object; otherwise it is text.
 */
export function parseInputs(
  assignments: readonly string[],
  inputFile: string | undefined,
  cwd: string,
  schemaOf: (name: string) => InputSchema | undefined = () => undefined,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = inputFile ? readInputFile(inputFile, cwd) : {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    const name = assignment.slice(0, at).trim();
    const text = assignment.slice(at + 1);
    if (wantsJson(schemaOf(name))) {
      try {
        inputs[name] = JSON.parse(text);
        continue;
      } catch {
        // Kept as text; the executor's checks say what was expected.
      }
    }
    inputs[name] = text;
  }
  return inputs;
}

/** Opens an executor on the configured database, resolving plugins through the registry. */
export async function openExecutor(
  context: CliContext,
  options: { allowInProcess?: boolean; warmWorkers?: boolean } = {},
): Promise<{ executor: Executor; catalog: CapabilityCatalog }> {
  const registry = await openRegistry(context);
  const storage = await context.openStorage();
  const catalog = await registry.catalog();
  const executor = createExecutor({
    storage,
    resolver: registry.resolver(),
    catalog,
    config: context.config().config,
    ...(options.allowInProcess ? { allowInProcess: true } : {}),
    ...(options.warmWorkers ? { warmWorkers: true } : {}),
  });
  return { executor, catalog };
}

/** Ctrl-C (and SIGTERM) cancels: the first asks the run to stop (killing its plugins), a second exits at once. */
export function cancelOnSignal(onCancel: () => void, onForce: () => void): () => void {
  let asked = false;
  const handler = () => {
    if (asked) {
      onForce();
      return;
    }
    asked = true;
    onCancel();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.removeListener('SIGINT', handler);
    process.removeListener('SIGTERM', handler);
  };
}

const MARKS: Record<string, string> = { succeeded: '✓', failed: '✗', skipped: '-', cancelled: '⊘' };

function stepLabel(event: { stepId: string; itemIndex: number | null }): string {
  return event.itemIndex === null ? event.stepId : `${event.stepId}[${event.itemIndex}]`;
}

/**
 * Renders a run's events: `--json` writes each event as one JSON line (a stream for scripts); on a
 * terminal, one line per step (or item) as it ends, with its state and duration; otherwise plain
 * event lines.
 */
export function createEventRenderer(context: CliContext): (event: RunEvent) => void {
  const { io } = context;
  const printer = context.printer();
  const colors: Colors = printer.colors;
  if (printer.json) return (event) => io.stdout.write(`${JSON.stringify(event)}\n`);
  const write = (line: string) => io.stderr.write(`${line}\n`);
  if (!io.stderr.isTTY) {
    return (event) => {
      switch (event.type) {
        case 'run.started':
          write(`run.started ${event.runId} ${event.workflow}${event.resumed ? ' (resumed)' : ''}`);
          break;
        case 'step.started':
          write(
            `step.started ${stepLabel(event)} attempt ${event.attempt}${event.items === undefined ? '' : ` items ${event.items}`}`,
          );
          break;
        case 'step.progress':
          if (event.total !== undefined)
            write(`step.progress ${stepLabel(event)} ${event.completed}/${event.total}`);
          else if (event.message) write(`step.progress ${stepLabel(event)} ${event.message}`);
          break;
        case 'step.log':
          if (event.level !== 'output')
            write(`step.log ${stepLabel(event)} ${event.level}: ${event.text}`);
          break;
        case 'step.finished':
          write(
            `step.finished ${stepLabel(event)} ${event.state}${event.durationMs === undefined ? '' : ` ${formatSeconds(event.durationMs / 1000)}`}${event.error ? ` ${event.error.code}: ${event.error.message.split('\n')[0]}` : ''}${event.retryInMs === undefined ? '' : ` (retry in ${event.retryInMs} ms)`}${event.reason && event.state !== 'failed' ? ` ${event.reason}` : ''}`,
          );
          break;
        case 'run.finished':
          write(`run.finished ${event.state} ${formatSeconds(event.durationMs / 1000)}`);
          break;
      }
    };
  }
  return (event) => {
    if (event.type === 'step.finished') {
      const mark = MARKS[event.state] ?? '?';
      const color =
        event.state === 'succeeded'
          ? colors.green
          : event.state === 'failed'
            ? colors.red
            : colors.dim;
      const duration =
        event.durationMs === undefined
          ? ''
          : colors.dim(` ${formatSeconds(event.durationMs / 1000)}`);
      const detail = event.error
        ? ` ${colors.red(`${event.error.code}: ${event.error.message.split('\n')[0]}`)}${event.retryInMs === undefined ? '' : colors.yellow(` – retrying in ${formatSeconds(event.retryInMs / 1000)}`)}`
        : event.reason
          ? colors.dim(` ${event.reason}`)
          : '';
      write(`${color(mark)} ${stepLabel(event)} ${color(event.state)}${duration}${detail}`);
    } else if (event.type === 'step.started' && event.items !== undefined) {
      write(colors.dim(`… ${event.stepId}: ${event.items} item${event.items === 1 ? '' : 's'}`));
    } else if (event.type === 'step.log' && event.level === 'warn') {
      write(colors.yellow(`! ${stepLabel(event)}: ${event.text}`));
    } else if (event.type === 'run.started' && event.resumed) {
      write(colors.dim(`resuming run ${event.runId}`));
    }
  };
}

/** Waits for a run while Ctrl-C cancels it; returns its result. */
export async function followRun(context: CliContext, handle: RunHandle): Promise<RunResult> {
  const stop = cancelOnSignal(
    () => {
      context.io.stderr.write('cancelling the run (Ctrl-C again to quit at once)…\n');
      handle.cancel();
    },
    () => process.exit(130),
  );
  try {
    return await handle.done;
  } finally {
    stop();
  }
}

/** The error a failed run ends the command with (the failing step's own error when there is one). */
export function runFailure(result: RunResult): Mark1Error {
  const error =
    result.error ?? new Mark1Error('STEP_FAILED', `Run ${result.runId} ${result.state}.`);
  const reason = (error as { reason?: unknown }).reason;
  const detail = Mark1Error.isInstance(reason) ? reason : error;
  return new Mark1Error(detail.code, `Run ${result.runId} ${result.state}: ${error.message}`, {
    cause: error,
    details: { runId: result.runId },
  });
}

/** `mark1 run <plugin> <capability>`: calls one capability, sandboxed, and prints its outputs. */
export function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command('run')
    .description(
      'call one capability of an installed plugin (in its sandbox) and print its outputs',
    )
    .argument('<plugin>', 'the plugin, as installed')
    .argument('<capability>', 'the capability to call')
    .option(
      '--input <name=value>',
      'an input value (repeatable); JSON for number, boolean, list and object inputs',
      collectInput,
      [],
    )
    .option('--input-file <file>', 'a JSON object of input values (--input values win)')
    .option('--timeout <seconds>', 'seconds the call may take', (value) => {
      const number = Number(value);
      if (!Number.isFinite(number) || number <= 0)
        throw new InvalidArgumentError('expected a number of seconds.');
      return number;
    })
    .option(
      '--allow-in-process',
      'let a plugin that asks for it run inside this process (no sandbox)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 run text-sentiment analyze-sentiment --input text="Great product"\n  $ mark1 run csv-stats csv-stats --input-file inputs.json --json',
    )
    .action(
      async (
        plugin: string,
        capability: string,
        flags: { input: string[]; inputFile?: string; timeout?: number; allowInProcess?: boolean },
      ) => {
        const { executor, catalog } = await openExecutor(context, {
          allowInProcess: flags.allowInProcess === true,
        });
        try {
          const entry = catalog.find(plugin, capability);
          const inputs = parseInputs(
            flags.input,
            flags.inputFile,
            context.io.cwd,
            (name) => entry?.capability.inputs.properties[name],
          );
          const controller = new AbortController();
          const stop = cancelOnSignal(
            () => controller.abort(),
            () => process.exit(130),
          );
          const printer = context.printer();
          const result = await executor
            .runCapability(plugin, capability, inputs, {
              cwd: context.io.cwd,
              signal: controller.signal,
              ...(flags.timeout === undefined ? {} : { timeoutSeconds: flags.timeout }),
              ...(printer.json ? {} : { onEvent: createEventRenderer(context) }),
            })
            .finally(stop);
          printer.result(
            {
              runId: result.runId,
              state: result.state,
              outputs: result.outputs,
              ...(result.error ? { error: result.error.toJSON() } : {}),
            },
            () =>
              Object.keys(result.outputs).length === 0
                ? printer.colors.dim('(no outputs)')
                : renderPairs(
                    Object.entries(result.outputs).map(
                      ([name, value]) =>
                        [
                          name,
                          typeof value === 'string' ? value : JSON.stringify(value, null, 2),
                        ] as const,
                    ),
                    printer.colors,
                  ),
          );
          if (result.state !== 'succeeded') {
            const error =
              result.error ??
              new Mark1Error('STEP_FAILED', `${plugin}/${capability} ${result.state}.`);
            throw new Mark1Error(error.code, `${error.message} (run ${result.runId})`, {
              cause: error,
              details: { runId: result.runId },
            });
          }
        } finally {
          await executor.close();
        }
      },
    );
}
