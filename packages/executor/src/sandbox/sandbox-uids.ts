/**
 * Unprivileged uids for sandboxed plugin processes when the orchestrator is root. RLIMIT_NPROC
 * counts processes per uid and does not apply to root, so each running plugin call gets a uid of
 * its own: its process limit then counts only its own processes, and its files are its own.
 */
export interface SandboxUidPool {
  /** A uid no other call of this process holds. */
  acquire(): number;
  /** Gives `uid` back. */
  release(uid: number): void;
}

/** First uid of the range (well above any ordinary account and below the 32-bit limit). */
export const SANDBOX_UID_BASE = 1_200_000;
const SLOTS = 4096;

/**
 * A pool of uids. Processes on one machine use disjoint ranges chosen by their pid, so two
 * orchestrators rarely share a uid (and if they do, only their process counts add up).
 */
export function createSandboxUidPool(base = SANDBOX_UID_BASE, pid = process.pid): SandboxUidPool {
  const start = base + (pid % 4096) * SLOTS;
  const free: number[] = [];
  let next = 0;
  const held = new Set<number>();
  return {
    acquire() {
      let uid = free.pop();
      if (uid === undefined) {
        uid = start + (next % SLOTS);
        next += 1;
      }
      held.add(uid);
      return uid;
    },
    release(uid) {
      if (held.delete(uid)) free.push(uid);
    },
  };
}
