import { type Command, InvalidArgumentError } from 'commander';
import type { CapabilitySummary } from '@mark1/registry';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { renderTable } from '../output/table';
import { openRegistry } from './plugin';

function positiveWhole(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

function inputsText(capability: CapabilitySummary): string {
  return capability.inputs
    .map(
      (input) =>
        `${input.name}${input.required ? '*' : ''}: ${input.dataType ?? input.type ?? 'any'}`,
    )
    .join(', ');
}

function renderCapabilities(
  rows: readonly (CapabilitySummary & { score?: number })[],
  colors: Colors,
  withScore: boolean,
): string {
  return renderTable(
    {
      head: [
        ...(withScore ? ['score'] : []),
        'plugin',
        'capability',
        'inputs',
        'outputs',
        'description',
      ],
      rows: rows.map((row) => [
        ...(withScore ? [row.score?.toFixed(2)] : []),
        row.plugin,
        row.capability,
        inputsText(row),
        row.outputTypes.join(', '),
        row.description,
      ]),
      alignRight: withScore ? [0] : [],
    },
    colors,
  );
}

/** `mark1 capabilities ...`: what installed, enabled plugins can do, listed or searched. */
export function registerCapabilitiesCommand(program: Command, context: CliContext): void {
  const capabilities = program
    .command('capabilities')
    .description('list and search what installed plugins can do')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 capabilities list\n  $ mark1 capabilities search "convert csv to json"',
    );

  capabilities
    .command('list')
    .description('capabilities of enabled plugins at their active versions')
    .option('--plugin <name>', "only this plugin's")
    .action(async (flags: { plugin?: string }) => {
      const registry = await openRegistry(context);
      const all = await registry.capabilities();
      const rows = flags.plugin ? all.filter((row) => row.plugin === flags.plugin) : all;
      const printer = context.printer();
      printer.result(rows, () =>
        rows.length
          ? renderCapabilities(rows, printer.colors, false)
          : printer.colors.dim('(no capabilities: install a plugin first)'),
      );
    });

  capabilities
    .command('search')
    .description(
      'capabilities ranked by BM25 over names, descriptions, tags and input/output types',
    )
    .argument('<words...>', 'what you want to do, in plain words')
    .option('--limit <n>', 'most results', positiveWhole, 10)
    .action(async (words: string[], flags: { limit: number }) => {
      const registry = await openRegistry(context);
      const hits = await registry.searchCapabilities(words.join(' '), { limit: flags.limit });
      const printer = context.printer();
      printer.result(hits, () =>
        hits.length
          ? renderCapabilities(hits, printer.colors, true)
          : printer.colors.dim(`(nothing matches "${words.join(' ')}")`),
      );
    });
}
