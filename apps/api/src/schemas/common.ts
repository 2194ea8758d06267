import { z } from 'zod';

/** `{id}` in a path. */
export const IdParamsSchema = z.object({
  id: z.string().min(1).max(255).describe('The id (or, for plugins, the name).'),
});

/** `?limit=` on list endpoints. */
export const LimitQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(50)
    .describe('Most items returned, newest first.'),
});

/** The answer to work started in the background (202 Accepted, with a `Location`). */
export const AcceptedSchema = z
  .object({
    /** The id of the run or operation. */
    id: z.string(),
    /** Where to follow it. */
    location: z.string(),
    /** Its state when the answer was written. */
    state: z.string(),
  })
  .meta({ id: 'Accepted' });

/** Any JSON object. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

/** Headers every POST may carry. */
export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .describe(
      'Makes the POST safe to retry: a retry with the same key and body gets the first answer, and starts nothing new.',
    ),
});
