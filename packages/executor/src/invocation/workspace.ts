import { randomBytes } from 'node:crypto';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The folders of one plugin call. */
export interface Workspace {
  /** The plugin's working directory, HOME and TMPDIR (`MARK1_WORK_DIR`); removed when the call ends. */
  readonly workDir: string;
  /** Files written here become the call's file outputs (`MARK1_OUTPUT_DIR`, inside the work dir). */
  readonly outputDir: string;
  /** The inputs as JSON (`MARK1_INPUT_FILE`), written only when they are too large for `MARK1_INPUT`. */
  readonly inputFile: string | undefined;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'call';
}

/**
 * Creates a fresh workspace under `parent` for one attempt of one call, owned by `uid` when the
 * plugin runs as its own unprivileged user. Two folders and, for large inputs, one file: every
 * call pays for these, so there is nothing more.
 */
export async function createWorkspace(
  parent: string,
  label: string,
  inputsJson: string | undefined,
  uid?: number,
): Promise<Workspace> {
  const workDir = join(parent, `${safeName(label)}-${randomBytes(4).toString('hex')}`);
  const workspace: Workspace = {
    workDir,
    outputDir: join(workDir, 'out'),
    inputFile: inputsJson === undefined ? undefined : join(workDir, '.mark1-input.json'),
  };
  await mkdir(workspace.outputDir, { recursive: true });
  if (workspace.inputFile) await writeFile(workspace.inputFile, inputsJson!, { mode: 0o644 });
  if (uid !== undefined) {
    for (const dir of [workspace.workDir, workspace.outputDir]) await chown(dir, uid, uid);
  }
  return workspace;
}

/** Removes a workspace (its output files were already moved to the artifact store). */
export async function removeWorkspace(workspace: Workspace): Promise<void> {
  await rm(workspace.workDir, { recursive: true, force: true, maxRetries: 2 });
}
