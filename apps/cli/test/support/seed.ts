import { createStorage } from '@mark1/storage';

/**
 * Puts known rows in the database at `url` through @mark1/storage (the CLI has no write
 * commands yet): two plugins, four executions of which one failed, one context.
 */
export async function seedDatabase(url: string): Promise<{ pluginIds: string[] }> {
  const storage = await createStorage({ url });
  try {
    const converter = await storage.plugins.create({
      name: 'csv-converter',
      pluginType: 'cli_tool',
      version: '1.2.0',
    });
    const dormant = await storage.plugins.create({
      name: 'dormant',
      pluginType: 'python_library',
      status: 'disabled',
    });
    const outcomes = [
      { status: 'succeeded', seconds: 2 },
      { status: 'succeeded', seconds: 4 },
      { status: 'succeeded', seconds: 3 },
      { status: 'failed', seconds: 1, errorMessage: 'input.csv: no header row' },
    ] as const;
    for (const [index, outcome] of outcomes.entries()) {
      const startedAt = new Date(Date.UTC(2030, 0, 1, 0, index)).toISOString();
      const execution = await storage.pluginExecutions.start({
        pluginId: converter.pluginId,
        capabilityName: 'convert',
        startedAt,
        inputs: { file: `input-${index}.csv` },
      });
      await storage.pluginExecutions.finish(execution.executionId, {
        status: outcome.status,
        errorMessage: 'errorMessage' in outcome ? outcome.errorMessage : null,
        completedAt: new Date(Date.parse(startedAt) + outcome.seconds * 1000).toISOString(),
      });
    }
    await storage.contexts.put({ key: 'greeting', type: 'task', data: { text: 'hello' } });
    return { pluginIds: [converter.pluginId, dormant.pluginId] };
  } finally {
    await storage.close();
  }
}
