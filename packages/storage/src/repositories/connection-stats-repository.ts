import type { RepositoryContext } from './repository-context';

/** The connections this process holds to the database (`mark1_database_connections`). */
export interface ConnectionStats {
  /** Open connections: in use plus idle. */
  readonly open: number;
  /** Connections running a query or a transaction now. */
  readonly inUse: number;
  /** Open connections waiting in the pool. */
  readonly idle: number;
  /** Requests waiting for a connection. */
  readonly waiting: number;
  /** Most connections the pool opens. */
  readonly max: number;
}

/** Read-only view of the connection pool. */
export interface ConnectionStatsRepository {
  /** The pool's figures now. */
  current(): ConnectionStats;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** The {@link ConnectionStatsRepository} on `context` (knex's tarn pool; SQLite's holds one connection). */
export function createConnectionStatsRepository(
  context: RepositoryContext,
): ConnectionStatsRepository {
  return {
    current() {
      const pool = (context.db.client as { pool?: TarnPool }).pool;
      if (!pool) return { open: 0, inUse: 0, idle: 0, waiting: 0, max: 0 };
      const inUse = pool.numUsed();
      const idle = pool.numFree();
      return { open: inUse + idle, inUse, idle, waiting: pool.numPendingAcquires(), max: pool.max };
    },
  };
}
