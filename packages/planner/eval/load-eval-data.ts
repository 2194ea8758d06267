import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CapabilityCatalog,
  createCatalog,
  type PluginManifest,
  PluginManifestSchema,
  readManifestFile,
} from '@mark1/sdk';
import { parse } from 'yaml';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(here, '..', '..', '..');

/** The eight example plugins of examples/plugins/README.md. */
export const EXAMPLE_PLUGINS = [
  'text-sentiment',
  'readability',
  'json-to-csv',
  'csv-to-json',
  'csv-stats',
  'text-themes',
  'chart',
  'report-builder',
] as const;

/** Where each example manifest was read from. */
export interface ExampleManifests {
  readonly manifests: readonly PluginManifest[];
  /** Plugins read from examples/plugins/<name>/mark1.plugin.yml. */
  readonly real: readonly string[];
  /** Plugins read from the contract fixtures because the real manifest does not exist yet. */
  readonly fromContract: readonly string[];
}

/**
 * The example plugins' manifests, read with the sdk's `readManifestFile`: the real ones from
 * `examples/plugins/`, and for any not written yet the contract manifest of the test fixtures.
 */
export function loadExampleManifests(): ExampleManifests {
  const manifests: PluginManifest[] = [];
  const real: string[] = [];
  const fromContract: string[] = [];
  for (const name of EXAMPLE_PLUGINS) {
    const realPath = join(workspaceRoot, 'examples', 'plugins', name, 'mark1.plugin.yml');
    if (existsSync(realPath)) {
      manifests.push(readManifestFile(realPath).manifest);
      real.push(name);
    } else {
      manifests.push(
        readManifestFile(
          join(here, '..', 'test', 'fixtures', 'example-plugins', name, 'mark1.plugin.yml'),
        ).manifest,
      );
      fromContract.push(name);
    }
  }
  return { manifests, real, fromContract };
}

/** The synthetic plugins of the evaluation (eval/synthetic-plugins.yaml). */
export function loadSyntheticManifests(): PluginManifest[] {
  const data = parse(readFileSync(join(here, 'synthetic-plugins.yaml'), 'utf8')) as unknown[];
  return data.map((manifest) => PluginManifestSchema.parse(manifest));
}

/** The evaluation catalog: the example plugins and the synthetic ones. */
export function loadEvalCatalog(): { catalog: CapabilityCatalog; examples: ExampleManifests } {
  const examples = loadExampleManifests();
  return { catalog: createCatalog([...examples.manifests, ...loadSyntheticManifests()]), examples };
}

const ExpectedStepSchema = z.strictObject({
  capability: z.string().regex(/^[\w-]+\/[\w-]+$/, 'plugin/capability'),
  after: z.array(z.string()).default([]),
  foreach: z.boolean().optional(),
  inputs: z.record(z.string(), z.unknown()).default({}),
});

const EvalCaseSchema = z.strictObject({
  id: z.string(),
  request: z.string().min(1),
  steps: z.array(ExpectedStepSchema),
  unresolved: z.boolean().default(false),
});

/** One expected step of an evaluation case. */
export type ExpectedStep = z.output<typeof ExpectedStepSchema>;
/** One request of the evaluation set and the plan expected for it. */
export type EvalCase = z.output<typeof EvalCaseSchema>;

/** The two evaluation sets: `development` (eval/cases.yaml) and `held-out` (eval/cases-holdout.yaml). */
export const EVAL_SETS = { development: 'cases.yaml', 'held-out': 'cases-holdout.yaml' } as const;

/** Name of an evaluation set. */
export type EvalSetName = keyof typeof EVAL_SETS;

/** The cases of an evaluation set. */
export function loadEvalCases(set: EvalSetName = 'development'): EvalCase[] {
  const data = parse(readFileSync(join(here, EVAL_SETS[set]), 'utf8')) as unknown;
  return z.array(EvalCaseSchema).parse(data);
}
