import type { RepositoryProfile } from '../../src/index';
import { EXTRACTORS, type Extractor, GROUND_TRUTH, PARTLY_LABELLED } from './ground-truth';

/** The scanner's facts of one profile as the ground truth's keys. */
export function factsOf(profile: RepositoryProfile): Record<Extractor, string[]> {
  return {
    environment: profile.environment.map(
      (v) => `${v.name}:${v.required ? 'required' : 'optional'}`,
    ),
    cliOptions: profile.cliPrograms.flatMap((program) =>
      program.commands.flatMap((command) =>
        command.options.map((option) => `${program.file}:${command.path.join(' ')}:${option.name}`),
      ),
    ),
    routes: profile.capabilities.flatMap((c) =>
      c.invocation.kind === 'http' ? [`${c.invocation.method} ${c.invocation.path}`] : [],
    ),
    llmCalls: profile.llmCalls.map((call) => `${call.file}:${call.provider}:${call.model ?? '-'}`),
    services: profile.services.map((service) => service.id),
    sensitiveCalls: profile.sensitiveCalls.map(
      (call) => `${call.file}:${call.line}:${call.category}`,
    ),
    agents: [
      ...profile.agents.tools.map((tool) => `tool:${tool.name}`),
      ...profile.agents.graphs.flatMap((graph) => [
        ...graph.nodes.map((node) => `node:${node.name}`),
        ...graph.edges.map((edge) => `edge:${edge.from}>${edge.to}`),
      ]),
      ...profile.agents.crew.agents.map((agent) => `crew-agent:${agent.role ?? agent.variable}`),
      ...profile.agents.crew.tasks.map((task) => `crew-task:${task.variable}`),
    ],
    dependencies: profile.dependencies.dependencies.map(
      (d) => `${d.ecosystem}:${d.name}:${d.scope}`,
    ),
    functions: profile.modules.flatMap((module) =>
      module.functions.map((fn) => `${module.path}:${fn.qualifiedName}`),
    ),
    // What the manifest offers by default: candidates at or above the 0.5 threshold.
    capabilities: profile.capabilities.filter((c) => c.confidence >= 0.5).map((c) => c.name),
  };
}

/** Counts of one extractor: true positives, false positives and false negatives, with the keys. */
export interface Score {
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
}

function multiset(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Compares found keys to expected keys as multisets. */
export function score(found: readonly string[], expected: readonly string[], where: string): Score {
  const remaining = multiset(expected);
  let truePositives = 0;
  const falsePositives: string[] = [];
  for (const key of found) {
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      truePositives += 1;
      remaining.set(key, left - 1);
    } else falsePositives.push(`${where}: ${key}`);
  }
  const falseNegatives = [...remaining.entries()].flatMap(([key, count]) =>
    Array.from({ length: count }, () => `${where}: ${key}`),
  );
  return { truePositives, falsePositives, falseNegatives };
}

/** Scores every extractor over every fixture profile. */
export function evaluate(
  profiles: ReadonlyMap<string, RepositoryProfile>,
): Record<Extractor, Score> {
  const totals = Object.fromEntries(
    EXTRACTORS.map((extractor) => [
      extractor,
      { truePositives: 0, falsePositives: [], falseNegatives: [] } as Score,
    ]),
  ) as Record<Extractor, Score>;
  for (const [fixture, profile] of profiles) {
    const truth = GROUND_TRUTH[fixture] ?? {};
    const facts = factsOf(profile);
    for (const extractor of EXTRACTORS) {
      if (PARTLY_LABELLED.has(extractor) && truth[extractor] === undefined) continue;
      const result = score(facts[extractor], truth[extractor] ?? [], fixture);
      totals[extractor].truePositives += result.truePositives;
      totals[extractor].falsePositives.push(...result.falsePositives);
      totals[extractor].falseNegatives.push(...result.falseNegatives);
    }
  }
  return totals;
}

/** Precision and recall of a score (1 when there was nothing to find or nothing found). */
export function precisionRecall({ truePositives, falsePositives, falseNegatives }: Score): {
  precision: number;
  recall: number;
} {
  const found = truePositives + falsePositives.length;
  const expected = truePositives + falseNegatives.length;
  return {
    precision: found === 0 ? 1 : truePositives / found,
    recall: expected === 0 ? 1 : truePositives / expected,
  };
}
