/** Mark-1's tables, the ones `db query` and `db status` know. */
export const MARK1_TABLES = [
  'plugins',
  'plugin_versions',
  'plugin_capabilities',
  'plugin_executions',
  'workflows',
  'runs',
  'step_runs',
  'run_events',
  'contexts',
  'secrets',
  'audit_log',
] as const;

/** One of Mark-1's tables. */
export type Mark1Table = (typeof MARK1_TABLES)[number];

/** True when `name` is one of Mark-1's tables. */
export function isMark1Table(name: string): name is Mark1Table {
  return (MARK1_TABLES as readonly string[]).includes(name);
}
