import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { Mark1Error } from '@mark1/sdk';
import { homeLayout } from '@mark1/storage';
import {
  ContextErrorCodes,
  contextOptionsFromConfig,
  createArtifactStore,
  createContextStore,
  type ContextEntry,
  type ContextStore,
  type ContextSummary,
} from '@mark1/context';
import type { CliContext } from '../cli-context';
import type { Colors } from '../output/colors';
import { formatBytes } from '../output/format';
import { renderPairs, renderTable } from '../output/table';

function positiveWhole(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

function tagList(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** The JSON of `create-context`: inline JSON text, or `@file` naming a JSON file. */
function readJsonArgument(text: string, cwd: string): unknown {
  let source = text;
  let where = 'the value';
  if (text.startsWith('@') && existsSync(resolve(cwd, text.slice(1)))) {
    where = resolve(cwd, text.slice(1));
    source = readFileSync(where, 'utf8');
  }
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new Mark1Error(
      ContextErrorCodes.CONTEXT_INVALID,
      `${where === 'the value' ? 'The value' : where} is not JSON (${(error as Error).message}). Quote it for the shell and write JSON: '{"data": "value"}', '"plain text"', 42, or @file.json.`,
      { cause: error, details: { value: text.slice(0, 200) } },
    );
  }
}

function storedAs(entry: ContextSummary): string {
  const place = entry.artifact ? 'artifact' : entry.storage === 'file' ? 'file' : 'inline';
  return entry.compressed ? `${place}, gzip` : place;
}

function contextRows(entries: readonly ContextSummary[]): unknown[][] {
  return entries.map((entry) => [
    entry.key,
    entry.type,
    entry.tags.join(', ') || '-',
    formatBytes(entry.sizeBytes),
    storedAs(entry),
    entry.expiresAt ?? 'never',
    entry.updatedAt,
  ]);
}

function renderEntry(entry: ContextEntry, colors: Colors): string {
  const pairs: [string, string][] = [
    ['key', entry.key],
    ['type', entry.type],
    ['tags', entry.tags.join(', ') || '-'],
    ['size', formatBytes(entry.sizeBytes)],
    ['stored', storedAs(entry)],
    ['expires', entry.expiresAt ?? 'never'],
    ['created', entry.createdAt],
    ['updated', entry.updatedAt],
  ];
  if (entry.artifact) {
    pairs.push(['artifact', entry.artifact.path]);
    if (entry.artifact.mediaType) pairs.push(['media type', entry.artifact.mediaType]);
    return renderPairs(pairs, colors);
  }
  return `${renderPairs(pairs, colors)}\n\n${JSON.stringify(entry.data, null, 2)}`;
}

/**
 * `mark1 db contexts | create-context | get-context | delete-context | context-search |
 * context-export | context-import`: the context store from the command line.
 */
export function registerDbContextCommands(db: Command, context: CliContext): void {
  const openStore = async (): Promise<ContextStore> => {
    const storage = await context.openStorage();
    const { config } = context.config();
    return createContextStore({
      storage,
      artifacts: createArtifactStore({ root: homeLayout(config.home).artifactsDir }),
      ...contextOptionsFromConfig(config),
    });
  };

  db.command('contexts')
    .description('list stored contexts, most recently updated first')
    .option('--limit <n>', 'most contexts listed', positiveWhole, 50)
    .option(
      '--type <type>',
      'only contexts of this type (task, workflow, plugin, session, step-output, ...)',
    )
    .option('--tag <tag>', 'only contexts carrying this tag')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db contexts --limit 50\n  $ mark1 db contexts --type task --json',
    )
    .action(async (options: { limit: number; type?: string; tag?: string }) => {
      const store = await openStore();
      const entries = await store.list({
        limit: options.limit,
        type: options.type,
        tag: options.tag,
      });
      const printer = context.printer();
      printer.result(entries, () =>
        entries.length === 0
          ? printer.colors.dim('(no contexts)')
          : renderTable(
              {
                head: ['key', 'type', 'tags', 'size', 'stored', 'expires', 'updated'],
                rows: contextRows(entries),
                alignRight: [3],
              },
              printer.colors,
            ),
      );
    });

  db.command('create-context')
    .description('store a JSON value under a key (replacing the value of an existing key)')
    .argument('<key>', 'the key to store it under')
    .argument('<json>', 'the value as JSON, or @file.json')
    .option('--type <type>', 'what kind of context', 'general')
    .option('--tags <a,b>', 'comma-separated tags', tagList, [])
    .option(
      '--ttl <duration>',
      'how long it lives: seconds, or 30m, 1h (default: context.ttl, else forever)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ mark1 db create-context my_key '{"data": "value"}' --type task
  $ mark1 db create-context run-42 @outputs.json --type step-output --tags nightly,csv --ttl 24h`,
    )
    .action(
      async (
        key: string,
        json: string,
        options: { type: string; tags: string[]; ttl?: string },
      ) => {
        const data = readJsonArgument(json, context.io.cwd);
        const store = await openStore();
        const entry = await store.put({
          key,
          type: options.type,
          data,
          tags: options.tags,
          ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
        });
        const printer = context.printer();
        printer.result(entry, () => {
          const expiry = entry.expiresAt ? `expires ${entry.expiresAt}` : 'never expires';
          return `${printer.colors.green('✓')} stored context ${entry.key} (${entry.type}, ${formatBytes(entry.sizeBytes)}, ${storedAs(entry)}, ${expiry})`;
        });
      },
    );

  db.command('get-context')
    .description('show one context and its value')
    .requiredOption('--key <key>', 'the key of the context')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db get-context --key my_key\n  $ mark1 db get-context --key my_key --json',
    )
    .action(async (options: { key: string }) => {
      const store = await openStore();
      const entry = await store.require(options.key);
      const printer = context.printer();
      printer.result(entry, () => renderEntry(entry, printer.colors));
    });

  db.command('delete-context')
    .description('delete one context')
    .requiredOption('--key <key>', 'the key of the context')
    .addHelpText('after', '\nExamples:\n  $ mark1 db delete-context --key my_key')
    .action(async (options: { key: string }) => {
      const store = await openStore();
      if (!(await store.delete(options.key))) await store.require(options.key);
      const printer = context.printer();
      printer.result(
        { key: options.key, deleted: true },
        () => `${printer.colors.green('✓')} deleted context ${options.key}`,
      );
    });

  db.command('context-search')
    .description('find contexts by words in their key, tags, type and JSON value, best match first')
    .argument('<words>', 'the words to look for, quoted')
    .option('--limit <n>', 'most results', positiveWhole, 10)
    .option('--type <type>', 'only contexts of this type')
    .addHelpText(
      'after',
      `
A word matches the start of a word ("work" finds "workflow"). Matches in the key weigh most,
then tags, then type, then the value; contexts matching more of the words come first.

Examples:
  $ mark1 db context-search "workflow" --limit 10
  $ mark1 db context-search "invoice csv" --type step-output --json`,
    )
    .action(async (words: string, options: { limit: number; type?: string }) => {
      const store = await openStore();
      const hits = await store.search(words, { limit: options.limit, type: options.type });
      const printer = context.printer();
      printer.result(hits, () =>
        hits.length === 0
          ? printer.colors.dim(`(no context matches "${words}")`)
          : renderTable(
              {
                head: ['#', 'key', 'type', 'tags', 'score', 'matched in'],
                rows: hits.map((hit, index) => [
                  index + 1,
                  hit.entry.key,
                  hit.entry.type,
                  hit.entry.tags.join(', ') || '-',
                  hit.score,
                  hit.fields.join(', '),
                ]),
                alignRight: [0, 4],
              },
              printer.colors,
            ),
      );
    });

  db.command('context-export')
    .description('write every unexpired context (artifact files included) to a JSON file')
    .argument('<file>', 'the JSON file to write')
    .option('--type <type>', 'only contexts of this type')
    .option('--no-artifacts', 'write artifact hashes only, not their bytes')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db context-export ./contexts_backup.json\n  $ mark1 db context-export tasks.json --type task',
    )
    .action(async (file: string, options: { type?: string; artifacts: boolean }) => {
      const store = await openStore();
      const path = resolve(context.io.cwd, file);
      const entries = await store.exportToFile(path, {
        type: options.type,
        artifacts: options.artifacts ? 'embed' : 'reference',
      });
      const printer = context.printer();
      printer.result(
        { file: path, entries },
        () =>
          `${printer.colors.green('✓')} exported ${entries} context${entries === 1 ? '' : 's'} to ${path}`,
      );
    });

  db.command('context-import')
    .description('read contexts from a file written by context-export, in one transaction')
    .argument('<file>', 'the JSON file to read')
    .option('--skip-existing', 'keep contexts whose key already exists instead of replacing them')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 db context-import ./contexts_backup.json\n  $ mark1 db context-import backup.json --skip-existing --json',
    )
    .action(async (file: string, options: { skipExisting?: boolean }) => {
      const store = await openStore();
      const path = resolve(context.io.cwd, file);
      const result = await store.importFromFile(path, {
        onConflict: options.skipExisting ? 'skip' : 'replace',
      });
      const printer = context.printer();
      printer.result({ file: path, ...result }, () => {
        const extras = [
          ...(result.skipped ? [`${result.skipped} existing kept`] : []),
          ...(result.expired ? [`${result.expired} already expired`] : []),
        ];
        return `${printer.colors.green('✓')} imported ${result.imported} context${result.imported === 1 ? '' : 's'} from ${path}${extras.length ? ` (${extras.join(', ')})` : ''}`;
      });
    });
}
