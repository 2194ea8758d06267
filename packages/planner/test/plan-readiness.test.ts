import { describe, expect, it } from 'vitest';
import { plan } from '../src/plan';
import { planReadiness, summarizePlan } from '../src/plan-readiness';
import { exampleCatalog } from './support/example-catalog';
import { DEMO_REQUEST } from './support/scripted-answers';

const catalog = exampleCatalog();

describe('planReadiness and summarizePlan', () => {
  it('calls the demo plan runnable and summarizes it as JSON', async () => {
    const result = await plan(DEMO_REQUEST, catalog, { mode: 'deterministic' });
    expect(planReadiness(result)).toEqual({ runnable: true, missingInputs: [] });
    const summary = summarizePlan(result);
    expect(summary.steps.map((step) => step.capability).sort()).toEqual([
      'analyze-sentiment',
      'build-report',
      'calculate-readability',
    ]);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('names the inputs a plan still needs, and accepts them once given', async () => {
    const result = await plan('Compute statistics of the sales CSV and chart it', catalog, {
      mode: 'deterministic',
    });
    const needed = result.missingInputs.map((input) => input.name);
    expect(needed.length).toBeGreaterThan(0);
    const readiness = planReadiness(result);
    expect(readiness.runnable).toBe(false);
    expect(readiness.reason).toBe(
      `the plan needs inputs the request did not give: ${needed.join(', ')}`,
    );
    const given = Object.fromEntries(needed.map((name) => [name, 'a,b\n1,2\n']));
    expect(planReadiness(result, given)).toEqual({ runnable: true, missingInputs: [] });
  });

  it('refuses a request nothing maps to', async () => {
    const result = await plan('Book me a flight to Lisbon', catalog, { mode: 'deterministic' });
    expect(planReadiness(result)).toMatchObject({
      runnable: false,
      reason: 'nothing in the request maps to an installed capability',
    });
  });
});
