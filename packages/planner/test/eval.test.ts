import { describe, expect, it } from 'vitest';
import { plan } from '../src/index';
import { loadEvalCases, loadEvalCatalog } from '../eval/load-eval-data';
import { evaluatePlanner } from '../eval/score-plans';

/**
 * A regression guard on the planning evaluation (eval/): the deterministic planner must stay above
 * these floors, set a few points under the figures recorded in docs/planner.md.
 */
const FLOORS = {
  development: {
    exactChainAccuracy: 0.9,
    bindingAccuracy: 0.9,
    stepPrecision: 0.95,
    stepRecall: 0.95,
  },
  'held-out': {
    exactChainAccuracy: 0.85,
    bindingAccuracy: 0.85,
    stepPrecision: 0.9,
    stepRecall: 0.9,
  },
} as const;

describe('planning evaluation (deterministic planner)', () => {
  const { catalog, examples } = loadEvalCatalog();

  it('reads the example plugins and at least 50 synthetic capabilities', () => {
    expect(examples.real.length + examples.fromContract.length).toBe(8);
    expect(catalog.entries().length - 8).toBeGreaterThanOrEqual(50);
    expect(
      loadEvalCases('development').length + loadEvalCases('held-out').length,
    ).toBeGreaterThanOrEqual(40);
  });

  for (const set of ['development', 'held-out'] as const) {
    it(`stays above the floors on the ${set} set, with no invalid plan`, async () => {
      const { summary, outcomes } = await evaluatePlanner(loadEvalCases(set), catalog, (request) =>
        plan(request, catalog, { mode: 'deterministic' }),
      );
      const failures = outcomes
        .filter((outcome) => !outcome.exactChain)
        .map((outcome) => outcome.id);
      expect(
        summary.exactChainAccuracy,
        `cases with a wrong chain: ${failures.join(', ')}`,
      ).toBeGreaterThanOrEqual(FLOORS[set].exactChainAccuracy);
      expect(summary.bindingAccuracy).toBeGreaterThanOrEqual(FLOORS[set].bindingAccuracy);
      expect(summary.stepPrecision).toBeGreaterThanOrEqual(FLOORS[set].stepPrecision);
      expect(summary.stepRecall).toBeGreaterThanOrEqual(FLOORS[set].stepRecall);
      expect(summary.invalidPlanRate).toBe(0);
      expect(summary.unresolvedReported).toBe(1);
    });
  }
});
