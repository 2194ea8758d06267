// Planning evaluation: `npm run eval:planner` from the repository root, or
// `node --conditions=@mark1/source --import tsx packages/planner/eval/run.ts [--set development|held-out] [--verbose]`.
// Scores the deterministic planner on both case sets, and the LLM planner too when MARK1_OLLAMA_URL
// is set (MARK1_OLLAMA_MODEL picks the model), over the example plugins plus the synthetic ones.
import { llmOptionsFromEnv, plan, type PlanOptions } from '../src/index';
import { EVAL_SETS, type EvalSetName, loadEvalCases, loadEvalCatalog } from './load-eval-data';
import { type CaseOutcome, type EvalSummary, evaluatePlanner } from './score-plans';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const setArgument = args[args.indexOf('--set') + 1];
if (args.includes('--set') && !(setArgument && setArgument in EVAL_SETS)) {
  console.error(`--set takes one of: ${Object.keys(EVAL_SETS).join(', ')}`);
  process.exit(2);
}
const sets = (args.includes('--set') ? [setArgument] : Object.keys(EVAL_SETS)) as EvalSetName[];

const { catalog, examples } = loadEvalCatalog();
console.log(
  `Catalog: ${catalog.entries().length} capabilities (example plugins read from examples/plugins: ${examples.real.join(', ') || 'none'}` +
    `${examples.fromContract.length > 0 ? `; from the contract fixtures: ${examples.fromContract.join(', ')}` : ''}).`,
);

const planners: { name: string; options: PlanOptions }[] = [
  { name: 'deterministic', options: { mode: 'deterministic' } },
];
const llm = llmOptionsFromEnv();
if (llm.ollamaUrl)
  planners.push({
    name: `llm (${llm.model} at ${llm.ollamaUrl})`,
    options: { ...llm, mode: 'llm' },
  });
else console.log('MARK1_OLLAMA_URL is not set: the LLM planner is not evaluated.');

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function row(planner: string, set: string, summary: EvalSummary): string {
  return `| ${planner} | ${set} | ${summary.cases} | ${percent(summary.exactChainAccuracy)} | ${percent(summary.fullyCorrectRate)} | ${percent(summary.stepPrecision)} | ${percent(summary.stepRecall)} | ${percent(summary.bindingAccuracy)} | ${percent(summary.invalidPlanRate)} | ${percent(summary.unresolvedReported)} | ${summary.meanMilliseconds.toFixed(1)} |`;
}

function describeFailures(outcomes: readonly CaseOutcome[]): string[] {
  return outcomes
    .filter((outcome) => !outcome.fullyCorrect)
    .map(
      (outcome) =>
        `  ✗ ${outcome.id} (${outcome.status}${outcome.exactChain ? ', chain right' : ''})${verbose ? `\n      ${outcome.differences.join('\n      ')}` : ''}`,
    );
}

const rows: string[] = [];
for (const planner of planners) {
  for (const set of sets) {
    const cases = loadEvalCases(set);
    const { outcomes, summary } = await evaluatePlanner(cases, catalog, (request) =>
      plan(request, catalog, planner.options),
    );
    rows.push(row(planner.name, set, summary));
    const failures = describeFailures(outcomes);
    console.log(
      `\n${planner.name}, ${set} set: ${failures.length === 0 ? 'every case right' : `${failures.length} case(s) not fully right`}`,
    );
    for (const line of failures) console.log(line);
  }
}
console.log(
  [
    '',
    '| planner | set | cases | exact chain | fully right | step precision | step recall | bound inputs | invalid plans | unmapped reported | mean ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);
