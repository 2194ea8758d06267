import type { Knex } from 'knex';
import type { CodeMigration } from './code-migration';

const API_KEY_ROLES = ['viewer', 'operator', 'admin'];
const IDEMPOTENCY_STATES = ['pending', 'completed'];
const ORCHESTRATION_MODES = ['plan', 'run'];
const OPERATION_KINDS = ['install', 'update'];
const OPERATION_STATES = ['pending', 'running', 'succeeded', 'failed', 'interrupted'];

function timestamp(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.timestamp(name, { useTz: true });
}

/**
 * What the bundled API server keeps: API keys (hashed), idempotency keys (so a retried POST never
 * starts a second run, across restarts), orchestrations (a planned workflow and its run), and
 * plugin operations (asynchronous installs and updates answered with 202).
 */
export const apiServerSchema: CodeMigration = {
  name: '0002_api_server',
  async up(knex) {
    await knex.schema.createTable('api_keys', (table) => {
      table.string('id').primary();
      table.string('name').notNullable();
      table.string('role').notNullable().checkIn(API_KEY_ROLES);
      table.text('key_hash').notNullable();
      table.string('created_by').notNullable();
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'expires_at');
      timestamp(table, 'last_used_at');
      timestamp(table, 'revoked_at');
    });

    await knex.schema.createTable('idempotency_keys', (table) => {
      table.increments('id').primary();
      table.string('scope').notNullable();
      table.string('key').notNullable();
      table.string('method').notNullable();
      table.text('path').notNullable();
      table.string('fingerprint').notNullable();
      table.string('state').notNullable().checkIn(IDEMPOTENCY_STATES);
      table.integer('status_code');
      table.jsonb('response');
      table.jsonb('headers');
      timestamp(table, 'created_at').notNullable().index();
      timestamp(table, 'completed_at');
      table.unique(['scope', 'key']);
    });

    await knex.schema.createTable('orchestrations', (table) => {
      table.string('id').primary();
      table.text('request').notNullable();
      table.string('mode').notNullable().checkIn(ORCHESTRATION_MODES);
      table.string('plan_status').notNullable();
      table.string('workflow_id').references('id').inTable('workflows').onDelete('SET NULL');
      table.string('run_id').references('id').inTable('runs').onDelete('SET NULL').index();
      table.jsonb('plan');
      table.string('created_by').notNullable();
      timestamp(table, 'created_at').notNullable().index();
    });

    await knex.schema.createTable('plugin_operations', (table) => {
      table.string('id').primary();
      table.string('kind').notNullable().checkIn(OPERATION_KINDS);
      table.string('plugin');
      table.text('source');
      table.string('state').notNullable().checkIn(OPERATION_STATES).index();
      table.jsonb('request').notNullable();
      table.jsonb('result');
      table.jsonb('error');
      table.string('created_by').notNullable();
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'started_at');
      timestamp(table, 'finished_at');
    });
  },
  async down(knex) {
    for (const table of ['plugin_operations', 'orchestrations', 'idempotency_keys', 'api_keys']) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};
