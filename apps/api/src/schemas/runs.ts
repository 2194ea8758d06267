import { RunRecordSchema, RUN_STATES, StepRunRecordSchema } from '@mark1/storage';
import { WorkflowSchema } from '@mark1/sdk';
import { z } from 'zod';
import { JsonObjectSchema } from './common';

/** A workflow run as stored. */
export const RunSchema = RunRecordSchema.meta({ id: 'Run' });

/** A run with its step runs (outputs loaded back from artifacts). */
export const RunDetailsSchema = z
  .object({
    run: RunSchema,
    steps: z.array(StepRunRecordSchema.extend({ outputs: z.unknown() })).readonly(),
    /** True when the run is `running` but its orchestrator is gone (resume it). */
    orphaned: z.boolean(),
  })
  .meta({ id: 'RunDetails' });

/** Filters of `GET /runs`. */
export const ListRunsQuerySchema = z.object({
  state: z.enum(RUN_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

/**
 * `POST /workflows/run`: a workflow (validated by the SDK's WorkflowSchema) or its YAML text, and
 * the values of its inputs. Input values are data: `${...}` in them is never evaluated.
 */
export const RunWorkflowRequestSchema = z
  .object({
    workflow: WorkflowSchema.optional(),
    /** The workflow as YAML (or JSON) text, instead of `workflow`. */
    yaml: z.string().min(1).max(1_000_000).optional(),
    inputs: JsonObjectSchema.default({}),
  })
  .strict()
  .refine(
    (body) => (body.workflow === undefined) !== (body.yaml === undefined),
    'give exactly one of `workflow` and `yaml`',
  )
  .meta({ id: 'RunWorkflowRequest' });

/** `POST /workflows/validate`: any document (it is the thing being checked), or YAML text. */
export const ValidateWorkflowRequestSchema = z
  .object({
    workflow: z.unknown().optional(),
    yaml: z.string().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine(
    (body) => (body.workflow === undefined) !== (body.yaml === undefined),
    'give exactly one of `workflow` and `yaml`',
  )
  .meta({ id: 'ValidateWorkflowRequest' });

const IssueSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  path: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  /** The likely intended name, for "did you mean" fixes. */
  suggestion: z.string().optional(),
});

/** The validator's report. */
export const ValidationReportSchema = z
  .object({
    valid: z.boolean(),
    errors: z.array(IssueSchema).readonly(),
    warnings: z.array(IssueSchema).readonly(),
    /** Data flowing between steps, with the type check of each edge. */
    edges: z
      .array(
        z.object({
          from: z.string(),
          fromStep: z.string().optional(),
          toStep: z.string(),
          toInput: z.string(),
          fromType: z.string(),
          toType: z.string(),
          list: z.boolean(),
          compatibility: z.enum(['exact', 'convertible', 'incompatible']),
        }),
      )
      .readonly(),
    /** Step ids in a valid execution order. */
    order: z.array(z.string()).readonly(),
  })
  .meta({ id: 'WorkflowValidationReport' });
