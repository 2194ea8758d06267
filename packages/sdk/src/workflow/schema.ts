import { z } from 'zod';
import { DurationSchema } from '../manifest/schema';
import { type InputSchemaKeywords, InputSchemaSchema } from '../manifest/json-schema';

/** Step ids: letters, digits, `-` and `_`, starting with a letter (so `${steps.<id>...}` reads well). */
export const STEP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Errors a retry may be limited to. */
export const RETRY_ON = ['error', 'timeout', 'exit_code', 'output_invalid'] as const;

/** How long to wait between attempts. */
export const BackoffSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.strictObject({
    type: z.enum(['exponential', 'fixed']).default('exponential'),
    /** First delay. */
    initial_delay: DurationSchema.default(1),
    /** Largest delay. */
    max_delay: DurationSchema.default(60),
    /** Factor applied per attempt for `exponential`. */
    multiplier: z.number().min(1).default(2),
    /** Random spread added to each delay, as a fraction of it (0 turns jitter off). */
    jitter: z.number().min(0).max(1).default(0.2),
  }),
);

/** How a failing step is retried. */
export const RetrySchema = z.preprocess(
  (value) => (typeof value === 'number' ? { max_attempts: value } : value),
  z.strictObject({
    /** Attempts in all, the first included. */
    max_attempts: z.number().int().min(1).max(100).default(3),
    backoff: BackoffSchema.default({
      type: 'exponential',
      initial_delay: 1,
      max_delay: 60,
      multiplier: 2,
      jitter: 0.2,
    }),
    /** The failures that are retried (all of them when omitted). */
    retry_on: z.array(z.enum(RETRY_ON)).default([...RETRY_ON]),
  }),
);

/** How a failing step is retried. */
export type RetryPolicy = z.output<typeof RetrySchema>;

/** `depends_on`: one step id or a list of them. */
export const DependsOnSchema = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string()).default([]),
);

const StepShape = z.strictObject({
  /** Unique within the workflow; other steps refer to it as `${steps.<id>.outputs.<name>}`. */
  id: z
    .string()
    .regex(STEP_ID_PATTERN, 'step ids start with a letter and hold letters, digits, "-" and "_"'),
  description: z.string().optional(),
  plugin: z.string().min(1),
  capability: z.string().min(1),
  /** Input values; strings may hold `${...}` expressions. */
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** Steps that must finish first. */
  depends_on: DependsOnSchema,
  /** Run only when this expression is true; otherwise the step and what needs it are skipped. */
  when: z.string().optional(),
  /** Run once per item of this list (an expression or a literal list); `${item}` is the item. */
  foreach: z.union([z.string(), z.array(z.unknown())]).optional(),
  /** Most items of a `foreach` running at once. */
  concurrency: z.number().int().min(1).optional(),
  retry: RetrySchema.optional(),
  timeout: DurationSchema.optional(),
  /** `fail` (default) stops the run, `continue` goes on, any other value is the id of a fallback step. */
  on_error: z.string().default('fail'),
  /** Names this step's outputs: `{ alias: capability_output_name }`. */
  outputs: z.record(z.string(), z.string()).optional(),
  /** Renames fields of tabular/JSON records coming in, `{ from: to }`, for schema mapping. */
  rename: z.record(z.string(), z.string()).optional(),
});

/** One step of a workflow. Seed workflows name it with `name`; that is read as `id`. */
export const StepSchema = z.preprocess((value) => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (record.id === undefined && typeof record.name === 'string') {
      const { name, ...rest } = record;
      return { id: name, ...rest };
    }
  }
  return value;
}, StepShape);

/** One step of a workflow. */
export type WorkflowStep = z.output<typeof StepShape>;
/** A step as written. */
export type WorkflowStepInput = z.input<typeof StepShape>;

/** A workflow input: a JSON Schema property, plus `required` (true unless it has a `default`). */
export interface WorkflowInputSpec extends InputSchemaKeywords {
  required: boolean;
  [keyword: string]: unknown;
}

/** A workflow input; a bare string is its data type. */
export const WorkflowInputSchema: z.ZodType<WorkflowInputSpec, unknown> = z.preprocess(
  (value) => (typeof value === 'string' ? { type: 'string', data_type: value } : value),
  z.looseObject({ required: z.boolean().optional() }).transform((value, ctx) => {
    const { required, ...rest } = value;
    const parsed = InputSchemaSchema.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
      }
      return z.NEVER;
    }
    return { ...parsed.data, required: required ?? rest.default === undefined };
  }),
) as z.ZodType<WorkflowInputSpec, unknown>;

/** A workflow: steps of plugin capabilities run as a graph. */
export const WorkflowSchema = z.strictObject({
  schema_version: z.literal('1.0').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Values the caller gives, referred to as `${workflow.inputs.<name>}`. */
  inputs: z.record(z.string(), WorkflowInputSchema).default({}),
  steps: z.array(StepSchema).min(1, 'a workflow needs at least one step'),
  /** Values the workflow returns, usually `${steps.<id>.outputs.<name>}` expressions. */
  outputs: z.record(z.string(), z.unknown()).default({}),
  /** Most steps running at once (the configured default when omitted). */
  max_concurrent: z.number().int().min(1).optional(),
  /** Timeout of the whole run. */
  timeout: DurationSchema.optional(),
});

/** A workflow. */
export type Workflow = z.output<typeof WorkflowSchema>;
/** A workflow as written (defaults not yet applied, shorthands allowed). */
export type WorkflowInput = z.input<typeof WorkflowSchema>;
