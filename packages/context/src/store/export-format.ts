import { z } from 'zod';

/** The `format` field of a context export file. */
export const CONTEXT_EXPORT_FORMAT = 'mark1-contexts';
/** The version of the export format this package writes and reads. */
export const CONTEXT_EXPORT_VERSION = 1;

const timestamp = z.iso.datetime({ offset: true });

/** An artifact inside an export: its ref without the path (which depends on the home), and its bytes unless left out. */
export const ExportedArtifactSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hexadecimal characters'),
  size: z.number().int().nonnegative(),
  name: z.string().min(1).optional(),
  mediaType: z.string().min(1).optional(),
  /** The content, base64; absent when exported with `artifacts: "reference"`. */
  base64: z.string().optional(),
});

const entryBase = {
  key: z.string().min(1),
  type: z.string().min(1),
  tags: z.array(z.string()).default([]),
  expiresAt: timestamp.nullable().default(null),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
};

/** One exported context: a JSON value (`data`) or an artifact. */
export const ExportedContextSchema = z.union([
  z
    .object({ ...entryBase, data: z.unknown().refine((value) => value !== undefined, 'required') })
    .strict(),
  z.object({ ...entryBase, artifact: ExportedArtifactSchema }).strict(),
]);
/** An artifact inside an export. */
export type ExportedArtifact = z.output<typeof ExportedArtifactSchema>;

/** One exported context: a JSON value (`data`) or an artifact. */
export type ExportedContext = {
  key: string;
  type: string;
  tags: string[];
  expiresAt: string | null;
  createdAt?: string;
  updatedAt?: string;
} & ({ data: unknown } | { artifact: ExportedArtifact });

/** A context export file (`mark1 db context-export`), read back by import. */
export const ContextExportSchema = z.object({
  format: z.literal(CONTEXT_EXPORT_FORMAT),
  version: z.literal(CONTEXT_EXPORT_VERSION),
  exportedAt: timestamp,
  entries: z.array(ExportedContextSchema),
});
/** A context export file. */
export interface ContextExport {
  format: typeof CONTEXT_EXPORT_FORMAT;
  version: typeof CONTEXT_EXPORT_VERSION;
  exportedAt: string;
  entries: ExportedContext[];
}
