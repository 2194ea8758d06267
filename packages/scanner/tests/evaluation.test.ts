import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RepositoryProfile } from '../src/index';
import { EXTRACTORS, GROUND_TRUTH } from './evaluation/ground-truth';
import { type Score, evaluate, precisionRecall } from './evaluation/measure';
import { FIXTURES, scanFixture } from './helpers/fixtures';

let scores: ReturnType<typeof evaluate>;
beforeAll(async () => {
  const profiles = new Map<string, RepositoryProfile>();
  for (const name of readdirSync(FIXTURES).sort()) profiles.set(name, await scanFixture(name));
  scores = evaluate(profiles);
});

/**
 * Precision and recall per extractor against hand-written ground truth (docs/scanner.md has the
 * table). The misses are listed exactly, so a change that gains or loses a fact shows here.
 */
describe('precision and recall on the fixtures', () => {
  it('labels every fixture', () => {
    expect(Object.keys(GROUND_TRUTH).sort()).toEqual(readdirSync(FIXTURES).sort());
  });

  const expectations: Record<
    (typeof EXTRACTORS)[number],
    { falsePositives: string[]; falseNegatives: string[] }
  > = {
    environment: {
      falsePositives: [],
      falseNegatives: ['click-cli: TODO_STORE:optional', 'env-secrets: NOTIFIER_EXTRA:optional'],
    },
    cliOptions: {
      falsePositives: [],
      falseNegatives: ['plain-scripts: tasks.py::title', 'plain-scripts: tasks.py::due'],
    },
    routes: { falsePositives: [], falseNegatives: [] },
    llmCalls: { falsePositives: [], falseNegatives: [] },
    services: {
      falsePositives: [],
      falseNegatives: ['crewai-crew: openai', 'crewai-crew: serper'],
    },
    sensitiveCalls: { falsePositives: [], falseNegatives: [] },
    agents: { falsePositives: [], falseNegatives: [] },
    dependencies: {
      falsePositives: ['dependencies-zoo: go:golang.org/x/sys:dev'],
      falseNegatives: ['dependencies-zoo: go:golang.org/x/sys:runtime'],
    },
    functions: {
      falsePositives: [],
      falseNegatives: [
        'broken-syntax: broken.py:broken_function',
        'broken-syntax: broken.py:Survivor.token',
        'broken-syntax: broken.js:bad',
      ],
    },
    capabilities: { falsePositives: [], falseNegatives: [] },
  };

  it.each(EXTRACTORS)('%s', (extractor) => {
    const score: Score = scores[extractor];
    expect({ falsePositives: score.falsePositives, falseNegatives: score.falseNegatives }).toEqual(
      expectations[extractor],
    );
    const { precision, recall } = precisionRecall(score);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.6);
  });
});
