import { z } from 'zod';
import { createRowCodec } from './row-codec';
import {
  decodeRow,
  JsonObjectSchema,
  parseInput,
  runQuery,
  TimestampInputSchema,
  TimestampSchema,
  type RepositoryContext,
} from './repository-context';

/** How an audited action ended. */
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
/** How an audited action ended. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audited action (`audit_log`): installs, secret changes, permission grants, API keys. */
export const AuditEntryRecordSchema = z.object({
  id: z.number().int(),
  /** Who did it (`cli:<user>`, `api:<key id>`, `system`). */
  actor: z.string(),
  /** What was done (`plugin.install`, `secret.set`, ...). */
  action: z.string(),
  /** What it was done to (a plugin name, a run id). */
  target: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  details: JsonObjectSchema.nullable(),
  at: TimestampSchema,
});
/** One audited action. */
export type AuditEntryRecord = z.infer<typeof AuditEntryRecordSchema>;

/** What `auditLog.record` accepts. */
export const NewAuditEntrySchema = z.object({
  actor: z.string().min(1),
  action: z.string().min(1),
  target: z.string().nullable().optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  details: JsonObjectSchema.nullable().optional(),
  /** @default now */
  at: TimestampInputSchema.optional(),
});
/** What `auditLog.record` accepts. */
export type NewAuditEntry = z.input<typeof NewAuditEntrySchema>;

/** Filters of `auditLog.list`. */
export interface AuditListOptions {
  actor?: string;
  action?: string;
  target?: string;
  /**
   * Most returned, newest first.
   * @default 100
   */
  limit?: number;
}

/** The append-only audit log (`audit_log`). */
export interface AuditLogRepository {
  /** Appends an entry. */
  record(entry: NewAuditEntry): Promise<AuditEntryRecord>;
  /** Entries, newest first. */
  list(options?: AuditListOptions): Promise<AuditEntryRecord[]>;
}

const TABLE = 'audit_log';

/** The {@link AuditLogRepository} on `context`. */
export function createAuditLogRepository(context: RepositoryContext): AuditLogRepository {
  const codec = createRowCodec(
    {
      id: ['id', 'integer'],
      actor: ['actor', 'text'],
      action: ['action', 'text'],
      target: ['target', 'text'],
      outcome: ['outcome', 'text'],
      details: ['details', 'json'],
      at: ['at', 'timestamp'],
    },
    context.engine,
  );
  const decode = (row: Record<string, unknown>) =>
    decodeRow(codec, AuditEntryRecordSchema, row, TABLE);

  return {
    async record(entry) {
      const input = parseInput(NewAuditEntrySchema, entry, 'audit entry');
      const inserted = await runQuery(context, `record ${input.action}`, () =>
        context
          .db(TABLE)
          .insert(codec.toRow({ ...input, at: input.at ?? new Date().toISOString() }))
          .returning('id'),
      );
      const first = inserted[0] as { id: number } | number;
      const id = typeof first === 'object' ? first.id : first;
      const row = await runQuery(context, 'reading the audit entry', () =>
        context.db(TABLE).where('id', id).first(),
      );
      return decode(row);
    },
    async list(options = {}) {
      const rows = await runQuery(context, 'listing the audit log', () => {
        const query = context
          .db(TABLE)
          .select('*')
          .orderBy([
            { column: 'at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ]);
        if (options.actor) query.where('actor', options.actor);
        if (options.action) query.where('action', options.action);
        if (options.target) query.where('target', options.target);
        return query.limit(options.limit ?? 100);
      });
      return rows.map(decode);
    },
  };
}
