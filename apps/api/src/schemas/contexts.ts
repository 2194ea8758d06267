import { z } from 'zod';

/** A context without its value. */
export const ContextSummarySchema = z
  .object({
    key: z.string(),
    type: z.string(),
    tags: z.array(z.string()).readonly(),
    sizeBytes: z.number().int(),
    compressed: z.boolean(),
    storage: z.enum(['inline', 'file']),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The artifact, when the value is a file (its server path is not shown). */
    artifact: z
      .object({
        sha256: z.string(),
        size: z.number().int(),
        name: z.string().optional(),
        mediaType: z.string().optional(),
      })
      .optional(),
  })
  .meta({ id: 'ContextSummary' });

/** A context with its value. */
export const ContextEntrySchema = ContextSummarySchema.extend({
  /** The JSON value; absent when the value is an artifact. */
  data: z.unknown().optional(),
}).meta({ id: 'ContextEntry' });

/** `POST /contexts`: a JSON value under a key (putting an existing key replaces its value). */
export const PutContextRequestSchema = z
  .object({
    key: z.string().min(1).max(255),
    type: z
      .string()
      .min(1)
      .max(64)
      .describe('task, workflow, plugin, session, step-output, general, or a name of your own.'),
    data: z.unknown().refine((value) => value !== undefined, 'data is required'),
    tags: z.array(z.string().min(1).max(64)).max(100).optional(),
    /** Seconds, or a duration such as "30m". */
    ttl: z.union([z.number().positive(), z.string().min(1)]).optional(),
  })
  .strict()
  .meta({ id: 'PutContextRequest' });

/** Filters of `GET /contexts`. */
export const ListContextsQuerySchema = z.object({
  type: z.string().min(1).max(64).optional(),
  tag: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `GET /contexts/search`. */
export const SearchContextsQuerySchema = ListContextsQuerySchema.extend({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A search hit. */
export const ContextSearchHitSchema = z.object({
  entry: ContextSummarySchema,
  score: z.number(),
  matchedWords: z.number().int(),
  fields: z.array(z.string()).readonly(),
});

/** `GET /contexts/export`. */
export const ExportContextsQuerySchema = z.object({
  type: z.string().min(1).max(64).optional(),
  artifacts: z.enum(['embed', 'reference']).default('embed'),
});

/** A context export (the format `mark1 db context-import` reads). */
export const ContextExportViewSchema = z
  .object({
    format: z.string(),
    version: z.number(),
    exportedAt: z.string(),
    entries: z.array(z.record(z.string(), z.unknown())).readonly(),
  })
  .meta({ id: 'ContextExport' });
