import { hostname } from 'node:os';
import type { RunRecord, Storage } from '@mark1/storage';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a `running` run has lost its orchestrator: its owner on this machine is no longer
 * alive, or (wherever it ran) it has not sent a heartbeat for `staleAfterMs`.
 */
export function isOrphaned(run: RunRecord, staleAfterMs: number, now = Date.now()): boolean {
  if (run.state !== 'running') return false;
  if (
    run.ownerHost === hostname() &&
    run.ownerPid !== null &&
    run.ownerPid !== process.pid &&
    !alive(run.ownerPid)
  )
    return true;
  const last = run.heartbeatAt ?? run.startedAt ?? run.createdAt;
  return now - Date.parse(last) > staleAfterMs;
}

/**
 * Marks `running` runs whose orchestrator died as `interrupted`, and returns every interrupted run
 * (newest first): the runs `workflow resume` can pick up.
 */
export async function findInterruptedRuns(
  storage: Storage,
  staleAfterMs: number,
): Promise<RunRecord[]> {
  for (const run of await storage.runs.list({ state: 'running', limit: 500 })) {
    if (!isOrphaned(run, staleAfterMs)) continue;
    try {
      await storage.runs.transition(run.id, 'interrupted', {
        error: {
          code: 'INTERRUPTED',
          message: `The orchestrator running it (pid ${run.ownerPid ?? '?'} on ${run.ownerHost ?? '?'}) stopped; resume it with \`mark1 workflow resume ${run.id}\`.`,
        },
      });
    } catch {
      // Another process got there first.
    }
  }
  return storage.runs.list({ state: 'interrupted', limit: 500 });
}
