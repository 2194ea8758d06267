import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { filesystemError } from '../errors';
import type { PluginLayout } from '../plugin-layout';

/** What an interrupted operation was doing, written before it touches the plugins folder. */
export const JournalRecordSchema = z.object({
  id: z.string(),
  operation: z.enum(['install', 'update', 'uninstall']),
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  /** The plugin's name. */
  plugin: z.string(),
  /** The staging folder (removed in every case). */
  staging: z.string(),
  /** Folders that exist only if the operation commits (a new version folder; for uninstall, the plugin folder). */
  targets: z.array(z.string()).default([]),
  /** The version folder whose database row proves an install or update committed. */
  committedPath: z.string().optional(),
  /** The plugin folder was created by this operation (removed again if left empty). */
  createdPluginDir: z.string().optional(),
  /** Children (git, pip, npm) still to kill if the owner died. */
  children: z.array(z.number().int()).default([]),
});
/** One journal record. */
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** A running operation's journal. */
export interface OperationJournal {
  /** The record as last written. */
  readonly record: JournalRecord;
  /** Rewrites the record atomically with `patch` applied. */
  update(patch: Partial<Omit<JournalRecord, 'id' | 'pid' | 'host' | 'startedAt'>>): void;
  /** Records a child process to kill should this process die. */
  addChild(pid: number): void;
  /** Removes the journal (the operation committed or was rolled back). */
  finish(): void;
}

function journalPath(layout: PluginLayout, id: string): string {
  return join(layout.stagingDir, `${id}.json`);
}

function writeRecord(layout: PluginLayout, record: JournalRecord): void {
  const path = journalPath(layout, record.id);
  const temporary = `${path}.${randomBytes(3).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(record, null, 2), { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw filesystemError('write the install journal', path, error);
  }
}

/**
 * Starts an operation: writes its journal under `<plugins>/.staging/<id>.json` and returns it with
 * its staging folder path `<plugins>/.staging/<id>` (not yet created). The id starts with the pid, so
 * a staging folder whose journal is lost can still be traced to its owner.
 */
export function beginOperation(
  layout: PluginLayout,
  operation: JournalRecord['operation'],
  plugin: string,
): OperationJournal {
  try {
    mkdirSync(layout.stagingDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw filesystemError('create the staging folder', layout.stagingDir, error);
  }
  const id = `${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  let record: JournalRecord = {
    id,
    operation,
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    plugin,
    staging: join(layout.stagingDir, id),
    targets: [],
    children: [],
  };
  writeRecord(layout, record);
  return {
    get record() {
      return record;
    },
    update(patch) {
      record = { ...record, ...patch };
      writeRecord(layout, record);
    },
    addChild(pid) {
      record = { ...record, children: [...record.children, pid] };
      writeRecord(layout, record);
    },
    finish() {
      rmSync(journalPath(layout, id), { force: true });
    },
  };
}

/** True when `pid` is a live process on this machine (a zombie, dead but not yet reaped, is not). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function killTree(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // gone, or not a group leader
    }
  }
}

/** Journals in the staging folder, with the ones that cannot be read. */
export function readJournals(layout: PluginLayout): {
  records: JournalRecord[];
  unreadable: string[];
} {
  if (!existsSync(layout.stagingDir)) return { records: [], unreadable: [] };
  const records: JournalRecord[] = [];
  const unreadable: string[] = [];
  for (const name of readdirSync(layout.stagingDir)) {
    if (!name.endsWith('.json')) continue;
    const path = join(layout.stagingDir, name);
    try {
      records.push(JournalRecordSchema.parse(JSON.parse(readFileSync(path, 'utf8'))));
    } catch {
      unreadable.push(path);
    }
  }
  return { records, unreadable };
}

/** Removes an empty folder, ignoring a folder that is not empty or gone. */
export function removeIfEmpty(path: string | undefined): void {
  if (!path) return;
  try {
    rmdirSync(path);
  } catch {
    // not empty, or already gone
  }
}

/** What recovery found and cleaned. */
export interface RecoveryReport {
  /** Operations of dead processes that were rolled back. */
  readonly rolledBack: readonly { operation: string; plugin: string; removed: readonly string[] }[];
  /** Operations of dead processes that had committed; only their journal was left. */
  readonly completed: readonly { operation: string; plugin: string }[];
  /** Staging folders without a journal whose owner is gone, removed. */
  readonly staleStaging: readonly string[];
}

/**
 * Rolls back operations whose process died (install, update or uninstall interrupted by a crash
 * or a kill): kills their leftover children, asks `committed(record)` whether the database has
 * the result, and removes what is not committed. Operations of live processes (or of other
 * machines sharing the folder) are left alone.
 */
export async function recoverOperations(
  layout: PluginLayout,
  committed: (record: JournalRecord) => Promise<boolean>,
): Promise<RecoveryReport> {
  const rolledBack: { operation: string; plugin: string; removed: string[] }[] = [];
  const completed: { operation: string; plugin: string }[] = [];
  const staleStaging: string[] = [];
  const { records, unreadable } = readJournals(layout);
  const known = new Set<string>();
  for (const record of records) {
    known.add(record.id);
    if (record.host !== hostname() || isProcessAlive(record.pid)) continue;
    for (const child of record.children) if (isProcessAlive(child)) killTree(child);
    const removed: string[] = [];
    const isCommitted = await committed(record);
    if (record.operation === 'uninstall') {
      if (isCommitted) {
        for (const target of record.targets) {
          if (existsSync(target)) {
            rmSync(target, { recursive: true, force: true });
            removed.push(target);
          }
        }
      }
    } else if (!isCommitted) {
      for (const target of record.targets) {
        if (existsSync(target)) {
          rmSync(target, { recursive: true, force: true });
          removed.push(target);
        }
      }
      removeIfEmpty(record.createdPluginDir);
    }
    if (existsSync(record.staging)) {
      rmSync(record.staging, { recursive: true, force: true });
      removed.push(record.staging);
    }
    rmSync(journalPath(layout, record.id), { force: true });
    if (removed.length > 0 && (record.operation === 'uninstall' ? isCommitted : !isCommitted)) {
      rolledBack.push({ operation: record.operation, plugin: record.plugin, removed });
    } else {
      completed.push({ operation: record.operation, plugin: record.plugin });
    }
  }
  for (const path of unreadable) rmSync(path, { force: true });
  if (existsSync(layout.stagingDir)) {
    for (const name of readdirSync(layout.stagingDir)) {
      if (name.endsWith('.json') || known.has(name)) continue;
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) continue;
      rmSync(join(layout.stagingDir, name), { recursive: true, force: true });
      staleStaging.push(join(layout.stagingDir, name));
    }
  }
  return { rolledBack, completed, staleStaging };
}
