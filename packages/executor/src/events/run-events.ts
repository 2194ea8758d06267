import { z } from 'zod';

/** How a step (or one `foreach` item of it, or one attempt) ended. */
export const STEP_OUTCOMES = ['succeeded', 'failed', 'skipped', 'cancelled'] as const;
/** One of {@link STEP_OUTCOMES}. */
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** How a run ended. */
export const RUN_OUTCOMES = ['succeeded', 'failed', 'cancelled', 'interrupted'] as const;
/** One of {@link RUN_OUTCOMES}. */
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** An error as events carry it. */
export const EventErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** An error as events carry it. */
export type EventError = z.infer<typeof EventErrorSchema>;

const stepFields = {
  runId: z.string(),
  stepId: z.string(),
  /** The `foreach` item, or null for the step as a whole. */
  itemIndex: z.number().int().nullable(),
};

/** The events of a run, as a zod schema (events read back from storage or an API are checked with it). */
export const RunEventBodySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run.started'),
    runId: z.string(),
    workflow: z.string(),
    /** True when an interrupted run is picked up again. */
    resumed: z.boolean(),
    /** Step ids in a valid execution order. */
    steps: z.array(z.string()),
    /** The caller's working directory (relative path inputs are read from it; resume uses it). */
    cwd: z.string(),
  }),
  z.object({
    type: z.literal('step.started'),
    ...stepFields,
    attempt: z.number().int(),
    plugin: z.string(),
    capability: z.string(),
    /** The step run record of this attempt. */
    stepRunId: z.string().optional(),
    /** For a `foreach` step as a whole: how many items it fans out to. */
    items: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('step.progress'),
    ...stepFields,
    message: z.string().optional(),
    /** 0..1, when the plugin says. */
    fraction: z.number().optional(),
    /** Items of a `foreach` step finished so far, and in all. */
    completed: z.number().int().optional(),
    total: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('step.log'),
    ...stepFields,
    /** `output`: a line the plugin wrote; `warn`/`info`: a note from the executor (lossy conversion, retries). */
    level: z.enum(['output', 'info', 'warn']),
    text: z.string(),
  }),
  z.object({
    type: z.literal('step.finished'),
    ...stepFields,
    attempt: z.number().int(),
    state: z.enum(STEP_OUTCOMES),
    durationMs: z.number().optional(),
    error: EventErrorSchema.optional(),
    /** Why a step was skipped or cancelled. */
    reason: z.string().optional(),
    /** Set when the step failed and will be tried again after this many milliseconds. */
    retryInMs: z.number().optional(),
    /** Names of the outputs it produced. */
    outputs: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal('run.finished'),
    runId: z.string(),
    state: z.enum(RUN_OUTCOMES),
    durationMs: z.number(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    error: EventErrorSchema.optional(),
  }),
]);

/** What an event says, before it is numbered. */
export type RunEventBody = z.infer<typeof RunEventBodySchema>;
/** The type of an event (`run.started`, `step.finished`, ...). */
export type RunEventType = RunEventBody['type'];
/** One event of a run: numbered from 1 within the run, and timestamped. */
export type RunEvent = RunEventBody & {
  /** Position in the run's stream (the `seq` of `run_events`). */
  readonly seq: number;
  /** ISO 8601 time. */
  readonly at: string;
};

/** Called with each event of a run as it happens. */
export type RunEventListener = (event: RunEvent) => void;

/** Reads a stored event (`run_events` row: type and payload) back into a typed event; undefined for unknown types. */
export function parseRunEvent(record: {
  seq: number;
  type: string;
  payload: unknown;
  at: string;
}): RunEvent | undefined {
  const parsed = RunEventBodySchema.safeParse({ ...(record.payload as object), type: record.type });
  return parsed.success ? { ...parsed.data, seq: record.seq, at: record.at } : undefined;
}
