// A separate orchestrator process for the durable-run tests: runs one workflow and prints its run
// id, so the test can kill it with SIGKILL in the middle of the run.
// Usage: node --conditions=@mark1/source --import tsx run-workflow-child.ts <home> <workflow.json> [database-url]
import { readFileSync } from 'node:fs';
import { createStorage, loadConfig } from '@mark1/storage';
import { createExecutor } from '../../src/index';
import { createFolderResolver, registerFixturePlugins } from './folder-resolver';

const [home, workflowFile, databaseUrl] = process.argv.slice(2);
const env: Record<string, string> = { MARK1_RETRY_ATTEMPTS: '0' };
if (databaseUrl) env.MARK1_DATABASE_URL = databaseUrl;
const { config } = loadConfig({ home: home!, env });
const storage = await createStorage({ config });
const existing = await storage.plugins.list();
const ids =
  existing.length > 0
    ? Object.fromEntries(existing.map((plugin) => [plugin.name, plugin.pluginId]))
    : await registerFixturePlugins(storage);
const executor = createExecutor({
  storage,
  config,
  resolver: createFolderResolver(undefined, { ids }),
  heartbeatMs: 200,
});
const handle = await executor.start(JSON.parse(readFileSync(workflowFile!, 'utf8')));
process.stdout.write(`${handle.runId}\n`);
const result = await handle.done;
process.stdout.write(`${result.state}\n`);
await storage.close();
