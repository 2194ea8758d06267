import { DATA_TYPES, JSON_TYPES, type WorkflowInput } from '@mark1/sdk';
import { z } from 'zod';

/**
 * One step as the model writes it. Kept flat and close to the workflow DSL so small local models
 * fill it reliably; the sdk's WorkflowSchema checks the converted result.
 */
const PlanAnswerStepSchema = z.object({
  id: z.string().describe('short unique step id: a letter, then letters, digits, "-" or "_"'),
  plugin: z.string().describe('the plugin name, exactly as listed'),
  capability: z.string().describe('the capability name, exactly as listed'),
  inputs: z
    .record(z.string(), z.unknown())
    .describe(
      'input name → value: a literal from the request, "${steps.<id>.outputs.<output>}", "${workflow.inputs.<name>}" or, with foreach, "${item}"',
    ),
  depends_on: z
    .array(z.string())
    .optional()
    .describe('ids of the steps whose outputs this step uses'),
  foreach: z
    .string()
    .optional()
    .describe('run once per item of this list expression; "${item}" is the item'),
});

const PlanAnswerInputSchema = z.object({
  type: z
    .string()
    .optional()
    .describe('JSON type: string, number, integer, boolean, object or array'),
  data_type: z
    .string()
    .optional()
    .describe('Mark-1 data type: text, json, csv, image, file, directory, url, ...'),
  description: z.string().optional(),
  default: z.unknown().optional().describe('the value, when the request gives it'),
});

/** What the model must answer: a workflow plan, plus the parts of the request it could not map. */
export const PlanAnswerSchema = z.object({
  name: z.string().describe('a short kebab-case name for the workflow'),
  description: z.string().optional(),
  inputs: z
    .record(z.string(), PlanAnswerInputSchema)
    .optional()
    .describe(
      'workflow inputs: values from the request (as default) or values the user must still give',
    ),
  steps: z.array(PlanAnswerStepSchema).min(1),
  unmapped: z
    .array(z.string())
    .optional()
    .describe('parts of the request that no listed capability can do'),
});

/** The model's answer. */
export type PlanAnswer = z.output<typeof PlanAnswerSchema>;

const DATA_TYPE_NAMES: ReadonlySet<string> = new Set(DATA_TYPES);
const JSON_TYPE_NAMES: ReadonlySet<string> = new Set(JSON_TYPES);

/**
 * The workflow the answer describes, in the sdk's written form. Types the sdk does not know are
 * dropped rather than failing the whole plan; everything else is left for the sdk's schema and
 * validator to judge.
 */
export function answerToWorkflow(answer: PlanAnswer): WorkflowInput {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(answer.inputs ?? {})) {
    const input: Record<string, unknown> = {};
    if (spec.type && JSON_TYPE_NAMES.has(spec.type)) input.type = spec.type;
    if (spec.data_type && DATA_TYPE_NAMES.has(spec.data_type)) input.data_type = spec.data_type;
    if (spec.description) input.description = spec.description;
    if (spec.default !== undefined) input.default = spec.default;
    inputs[name] = input;
  }
  return {
    name: answer.name.trim() || 'planned-workflow',
    ...(answer.description ? { description: answer.description } : {}),
    inputs,
    steps: answer.steps.map((step) => ({
      id: step.id,
      plugin: step.plugin,
      capability: step.capability,
      inputs: step.inputs,
      depends_on: step.depends_on ?? [],
      ...(step.foreach ? { foreach: step.foreach } : {}),
    })),
  };
}
