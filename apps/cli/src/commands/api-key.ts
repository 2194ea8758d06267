import { userInfo } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Mark1Error, parseDuration } from '@mark1/sdk';
import {
  API_KEY_ROLES,
  StorageErrorCodes,
  type ApiKeyRecord,
  type ApiKeyRole,
  type Storage,
} from '@mark1/storage';
import type { CliContext } from '../cli-context';
import { renderPairs, renderTable } from '../output/table';

const MIGRATION = '0002_api_server';

function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/** An expiry: an ISO 8601 time, or a duration from now (`30d`, `12h`, `3600`). */
function expiry(value: string): string {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && !Number.isNaN(Date.parse(trimmed)))
    return new Date(trimmed).toISOString();
  const days = /^(\d+(?:\.\d+)?)\s*d$/i.exec(trimmed);
  try {
    const seconds = days ? Number(days[1]) * 86_400 : parseDuration(trimmed);
    return new Date(Date.now() + seconds * 1000).toISOString();
  } catch {
    throw new InvalidArgumentError(
      'expected an ISO 8601 time (2027-01-31T00:00:00Z) or a duration (30d, 12h, 90m).',
    );
  }
}

/** The database, after checking it has the api_keys table. */
async function openKeys(context: CliContext): Promise<Storage> {
  const storage = await context.openStorage();
  const status = await storage.migrationStatus();
  if (status.pending.includes(MIGRATION)) {
    throw new Mark1Error(
      StorageErrorCodes.DATABASE_NOT_INITIALIZED,
      `The database at ${storage.url} has no API key table yet; run \`mark1 db init\` (or start \`mark1 serve\` once) to apply the pending migrations.`,
      { details: { pending: status.pending } },
    );
  }
  return storage;
}

function keyRows(keys: readonly ApiKeyRecord[]): unknown[][] {
  return keys.map((key) => [
    key.id,
    key.name,
    key.role,
    key.createdAt,
    key.lastUsedAt ?? '-',
    key.expiresAt ?? 'never',
    key.revokedAt ?? '-',
  ]);
}

/** `mark1 api-key create|list|revoke`: keys of the API server, stored as scrypt hashes. */
export function registerApiKeyCommand(program: Command, context: CliContext): void {
  const group = program
    .command('api-key')
    .description('create, list and revoke keys of the API server (mark1 serve)')
    .addHelpText(
      'after',
      `
Roles: viewer reads; operator also runs, cancels and resumes; admin also installs and removes
plugins and manages keys. The key is printed once and stored only as a scrypt hash.

Examples:
  $ mark1 api-key create --role operator --name ci
  $ mark1 api-key list
  $ mark1 api-key revoke k7m2x9p4q8rt`,
    );

  group
    .command('create')
    .description('create a key and print it (the only time it is shown)')
    .addOption(
      new Option('--role <role>', 'what the key may do')
        .choices([...API_KEY_ROLES])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'a label for people (default: "<role> key")')
    .option(
      '--expires <when>',
      'an ISO 8601 time or a duration from now (30d, 12h); default never',
      expiry,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ mark1 api-key create --role viewer --name grafana\n  $ mark1 api-key create --role admin --expires 30d',
    )
    .action(async (options: { role: ApiKeyRole; name?: string; expires?: string }) => {
      const storage = await openKeys(context);
      const created = await storage.apiKeys.create({
        name: options.name ?? `${options.role} key`,
        role: options.role,
        createdBy: actor(),
        ...(options.expires ? { expiresAt: options.expires } : {}),
      });
      await storage.auditLog.record({
        actor: actor(),
        action: 'api_key.create',
        target: created.key.id,
        outcome: 'success',
        details: { name: created.key.name, role: created.key.role },
      });
      const printer = context.printer();
      printer.result(created, () => {
        const { colors } = printer;
        return [
          `${colors.green('✓')} API key ${created.key.id} created (${created.key.role})`,
          renderPairs(
            [
              ['name', created.key.name],
              ['expires', created.key.expiresAt ?? 'never'],
              ['key', colors.bold(created.token)],
            ],
            colors,
          ),
          colors.yellow(
            'This is the only time the key is shown: store it now. Send it as `Authorization: Bearer <key>`.',
          ),
        ].join('\n');
      });
    });

  group
    .command('list')
    .description('list keys (never their secrets)')
    .option('--all', 'include revoked keys')
    .action(async (options: { all?: boolean }) => {
      const storage = await openKeys(context);
      const keys = await storage.apiKeys.list({ includeRevoked: options.all ?? false });
      const printer = context.printer();
      printer.result(keys, () =>
        keys.length === 0
          ? 'No API keys. Create one with `mark1 api-key create --role admin`; until then `mark1 serve` only listens on loopback, open.'
          : renderTable(
              {
                head: ['id', 'name', 'role', 'created', 'last used', 'expires', 'revoked'],
                rows: keyRows(keys),
              },
              printer.colors,
            ),
      );
    });

  group
    .command('revoke')
    .description('revoke a key: requests with it are refused from now on')
    .argument('<id>', 'the key id (see `mark1 api-key list`)')
    .action(async (id: string) => {
      const storage = await openKeys(context);
      const key = await storage.apiKeys.revoke(id);
      await storage.auditLog.record({
        actor: actor(),
        action: 'api_key.revoke',
        target: key.id,
        outcome: 'success',
        details: { name: key.name },
      });
      const printer = context.printer();
      printer.result(
        key,
        () =>
          `${printer.colors.green('✓')} API key ${key.id} (${key.name}) revoked at ${key.revokedAt}`,
      );
    });
}
