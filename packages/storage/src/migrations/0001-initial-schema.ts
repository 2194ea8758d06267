import type { Knex } from 'knex';
import type { CodeMigration } from './code-migration';

const PLUGIN_STATUSES = ['enabled', 'disabled'];
const EXECUTION_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'timed_out'];
const RUN_STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
const STEP_STATES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'];
const AUDIT_OUTCOMES = ['success', 'failure', 'denied'];

function timestamp(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.timestamp(name, { useTz: true });
}

/**
 * The first schema: seed 000's plugins, plugin_capabilities and plugin_executions (their columns
 * kept), plus what the registry, executor and context store need. JSON columns are `jsonb` on
 * PostgreSQL and text on SQLite. Frozen once released: later changes are new migrations.
 */
export const initialSchema: CodeMigration = {
  name: '0001_initial_schema',
  async up(knex) {
    await knex.schema.createTable('plugins', (table) => {
      table.string('plugin_id').primary();
      table.string('name').notNullable().unique();
      table.string('plugin_type').notNullable();
      table.string('status').notNullable().checkIn(PLUGIN_STATUSES);
      table.string('version');
      table.text('description');
      table.text('source');
      table.string('ref');
      table.text('installation_path');
      table.string('runtime');
      table.string('certification_level');
      table.double('quality_score');
      table.double('security_score');
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'updated_at').notNullable();
      timestamp(table, 'last_used_at');
    });

    await knex.schema.createTable('plugin_versions', (table) => {
      table.increments('id').primary();
      table
        .string('plugin_id')
        .notNullable()
        .references('plugin_id')
        .inTable('plugins')
        .onDelete('CASCADE');
      table.string('version').notNullable();
      table.jsonb('manifest').notNullable();
      table.text('path').notNullable();
      table.string('commit_sha');
      table.text('source');
      table.jsonb('validation_report');
      timestamp(table, 'created_at').notNullable();
      table.unique(['plugin_id', 'version']);
    });

    await knex.schema.createTable('plugin_capabilities', (table) => {
      table.increments('id').primary();
      table
        .string('plugin_id')
        .notNullable()
        .references('plugin_id')
        .inTable('plugins')
        .onDelete('CASCADE');
      table.string('version').notNullable();
      table.string('name').notNullable();
      table.text('description');
      table.jsonb('input_types').notNullable();
      table.jsonb('output_types').notNullable();
      table.jsonb('parameters');
      table.jsonb('tags').notNullable();
      table.unique(['plugin_id', 'version', 'name']);
      table.index(['name']);
    });

    await knex.schema.createTable('workflows', (table) => {
      table.string('id').primary();
      table.string('name').notNullable().index();
      table.text('description');
      table.text('request');
      table.jsonb('definition').notNullable();
      timestamp(table, 'created_at').notNullable();
    });

    await knex.schema.createTable('runs', (table) => {
      table.string('id').primary();
      table.string('workflow_id').references('id').inTable('workflows').onDelete('SET NULL');
      table.string('workflow_name').notNullable();
      table.jsonb('workflow').notNullable();
      table.jsonb('inputs').notNullable();
      table.string('state').notNullable().checkIn(RUN_STATES).index();
      table.jsonb('outputs');
      table.jsonb('error');
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'started_at');
      timestamp(table, 'finished_at');
      timestamp(table, 'heartbeat_at');
      table.integer('owner_pid');
      table.string('owner_host');
    });

    await knex.schema.createTable('step_runs', (table) => {
      table.string('id').primary();
      table.string('run_id').notNullable().references('id').inTable('runs').onDelete('CASCADE');
      table.string('step_id').notNullable();
      table.integer('item_index');
      table.string('state').notNullable().checkIn(STEP_STATES);
      table.integer('attempt').notNullable();
      table.jsonb('inputs');
      table.jsonb('outputs');
      table.jsonb('error');
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'started_at');
      timestamp(table, 'finished_at');
      table.double('duration_ms');
      table.jsonb('sandbox');
      table.text('log_ref');
      table.index(['run_id', 'step_id']);
    });

    await knex.schema.createTable('plugin_executions', (table) => {
      table.string('execution_id').primary();
      table
        .string('plugin_id')
        .notNullable()
        .references('plugin_id')
        .inTable('plugins')
        .onDelete('CASCADE');
      table.string('plugin_version');
      table.string('capability_name').notNullable();
      table.string('status').notNullable().checkIn(EXECUTION_STATUSES);
      table.double('execution_time');
      timestamp(table, 'started_at').notNullable();
      timestamp(table, 'completed_at');
      table.jsonb('inputs');
      table.jsonb('outputs');
      table.text('error_message');
      table.string('run_id').references('id').inTable('runs').onDelete('SET NULL');
      table.string('step_run_id').references('id').inTable('step_runs').onDelete('SET NULL');
      table.index(['plugin_id', 'capability_name']);
      table.index(['status']);
      table.index(['started_at']);
    });

    await knex.schema.createTable('run_events', (table) => {
      table.increments('id').primary();
      table.string('run_id').notNullable().references('id').inTable('runs').onDelete('CASCADE');
      table.integer('seq').notNullable();
      table.string('type').notNullable();
      table.jsonb('payload');
      timestamp(table, 'at').notNullable();
      table.unique(['run_id', 'seq']);
    });

    await knex.schema.createTable('contexts', (table) => {
      table.string('id').primary();
      table.string('key').notNullable().unique();
      table.string('type').notNullable().index();
      table.jsonb('data');
      table.text('artifact_ref');
      table.jsonb('tags').notNullable();
      table.bigInteger('size_bytes').notNullable();
      table.boolean('compressed').notNullable();
      timestamp(table, 'expires_at').index();
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'updated_at').notNullable();
    });

    await knex.schema.createTable('secrets', (table) => {
      table.increments('id').primary();
      table
        .string('plugin_id')
        .notNullable()
        .references('plugin_id')
        .inTable('plugins')
        .onDelete('CASCADE');
      table.string('name').notNullable();
      table.text('ciphertext').notNullable();
      table.string('iv').notNullable();
      table.string('auth_tag').notNullable();
      timestamp(table, 'created_at').notNullable();
      timestamp(table, 'updated_at').notNullable();
      table.unique(['plugin_id', 'name']);
    });

    await knex.schema.createTable('audit_log', (table) => {
      table.increments('id').primary();
      table.string('actor').notNullable();
      table.string('action').notNullable().index();
      table.text('target');
      table.string('outcome').notNullable().checkIn(AUDIT_OUTCOMES);
      table.jsonb('details');
      timestamp(table, 'at').notNullable().index();
    });
  },
  async down(knex) {
    for (const table of [
      'audit_log',
      'secrets',
      'contexts',
      'run_events',
      'plugin_executions',
      'step_runs',
      'runs',
      'workflows',
      'plugin_capabilities',
      'plugin_versions',
      'plugins',
    ]) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};
