import { resolveInstalled } from '../lookup/registry-resolver';
import type { RegistryContext } from '../registry-context';
import { runSmokeTests, type SmokeTestReport } from './smoke-test';

/** What `plugin test` found. */
export interface PluginTestResult {
  readonly plugin: string;
  readonly version: string;
  readonly report: SmokeTestReport;
}

/**
 * Runs every capability example of an installed plugin (enabled or not) through the smoke tester
 * and compares outputs with `expect`; skipped, with the reason, when no executor is wired in.
 */
export async function testPlugin(
  context: RegistryContext,
  nameOrId: string,
  options: { signal?: AbortSignal } = {},
): Promise<PluginTestResult> {
  await context.ensureRecovered();
  const plugin = await resolveInstalled(context, nameOrId, { allowDisabled: true });
  const report = await runSmokeTests(plugin, context.smokeTester, options);
  return { plugin: plugin.name, version: plugin.version, report };
}
