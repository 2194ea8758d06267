import { ORCHESTRATION_MODES, RUN_STATES } from '@mark1/storage';
import { z } from 'zod';
import { JsonObjectSchema } from './common';

/** `POST /orchestrate`. */
export const OrchestrateRequestSchema = z
  .object({
    /** What to do, in plain words ("count the words of notes.txt and chart them"). */
    request: z.string().trim().min(1).max(10_000),
    /** `run` (default): plan, then run the plan; `plan`: plan only. */
    mode: z.enum(ORCHESTRATION_MODES).default('run'),
    /** Values for workflow inputs the request does not give (path inputs must lie under an allowed folder). */
    inputs: JsonObjectSchema.default({}),
    /** `auto` (default) uses the LLM when one is configured, else the deterministic planner. */
    planner: z.enum(['auto', 'deterministic', 'llm']).default('auto'),
    /** A name for the planned workflow. */
    workflowName: z.string().min(1).max(100).optional(),
  })
  .strict()
  .meta({ id: 'OrchestrateRequest' });

/** An orchestration: the request, its plan, and its run. */
export const OrchestrationSchema = z
  .object({
    id: z.string(),
    request: z.string(),
    mode: z.enum(ORCHESTRATION_MODES),
    planStatus: z.string(),
    workflowId: z.string().nullable(),
    runId: z.string().nullable(),
    /** The run's state; null when nothing runs. */
    runState: z.enum(RUN_STATES).nullable(),
    /** What the planner said: status, confidence, explanation, steps, unresolved parts, missing inputs. */
    plan: JsonObjectSchema.nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    /** Where its run's events stream. */
    eventsUrl: z.string(),
  })
  .meta({ id: 'Orchestration' });

/** One orchestration with its planned workflow. */
export const OrchestrationDetailsSchema = OrchestrationSchema.extend({
  /** The planned workflow (run it again with POST /workflows/run). */
  workflow: JsonObjectSchema.nullable(),
}).meta({ id: 'OrchestrationDetails' });

/** Filters of `GET /orchestrations`. */
export const ListOrchestrationsQuerySchema = z.object({
  state: z.enum(RUN_STATES).optional().describe('Only orchestrations whose run is in this state.'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
