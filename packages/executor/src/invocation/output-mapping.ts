import { copyFile, link, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ArtifactRef, ArtifactStore } from '@mark1/context';
import { type Capability, type DataType, FILE_DATA_TYPES } from '@mark1/sdk';
import { z } from 'zod';
import { ExecutorErrorCodes, executorError } from '../errors';

const TEXT_TYPES = new Set(['text', 'csv', 'yaml', 'xml', 'html', 'markdown', 'url']);

/** A file the plugin wrote to its output dir, stored as an artifact. */
export interface OutputFile extends ArtifactRef {
  /** Its path relative to the output dir. */
  readonly relativePath: string;
}

/** What a call produced: its outputs by name and the files it wrote. */
export interface MappedOutputs {
  readonly outputs: Record<string, unknown>;
  readonly files: OutputFile[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * The capability's outputs from a call's raw result, by the executor's rules: an object whose keys
 * name declared outputs gives those outputs; otherwise, with exactly one declared output, the whole
 * value is that output (no declared outputs: `result`). Every file in the output dir becomes a
 * content-addressed artifact; a declared file-like output whose value is a relative path (or that
 * has no value while the output dir holds one file, or a file named after it) becomes an absolute
 * path under `keepDir` with the name the plugin gave it, a hard link to the artifact (the same
 * bytes, read-only), so people and the next step see `report.csv`, not a hash. Values that cannot
 * be what the manifest declares are `OUTPUT_INVALID`.
 */
export async function mapOutputs(
  raw: unknown,
  capability: Capability,
  outputDir: string,
  artifacts: ArtifactStore,
  what: string,
  keepDir: string,
): Promise<MappedOutputs> {
  const declared = Object.entries(capability.outputs);
  let outputs: Record<string, unknown>;
  if (declared.length === 0) {
    outputs = { result: raw };
  } else if (isPlainObject(raw) && declared.some(([name]) => name in raw)) {
    outputs = Object.fromEntries(
      declared.filter(([name]) => name in raw).map(([name]) => [name, raw[name]]),
    );
  } else if (declared.length === 1) {
    outputs = { [declared[0]![0]]: raw };
  } else if (
    declared.every(([, spec]) => FILE_DATA_TYPES.has(spec.type)) &&
    (raw === '' || raw === null || raw === undefined)
  ) {
    outputs = {};
  } else {
    throw executorError(
      ExecutorErrorCodes.OUTPUT_INVALID,
      `${what} declares outputs ${declared.map(([name]) => name).join(', ')} but returned ${Array.isArray(raw) ? 'a list' : typeof raw === 'object' ? `an object with keys ${Object.keys(raw ?? {}).join(', ') || '(none)'}` : `${typeof raw} ${JSON.stringify(raw)?.slice(0, 80)}`}; return an object with those keys.`,
      { details: { declared: declared.map(([name]) => name) } },
    );
  }

  // Folders named by directory outputs are kept whole (outside the workspace, which is removed).
  for (const [name, spec] of declared) {
    const value = outputs[name];
    if (spec.type !== 'directory' || typeof value !== 'string' || value === '') continue;
    const absolute = isAbsolute(value) ? resolve(value) : resolve(outputDir, value);
    const rel = relative(outputDir, absolute);
    if (rel.startsWith('..') || isAbsolute(rel) || !(await isDirectory(absolute))) {
      throw executorError(
        ExecutorErrorCodes.OUTPUT_INVALID,
        `${what}: output "${name}" must name a folder the plugin wrote in MARK1_OUTPUT_DIR; ${value} is not one.`,
      );
    }
    const target = join(keepDir, rel || name);
    await mkdir(dirname(target), { recursive: true });
    await rename(absolute, target);
    outputs[name] = target;
  }

  const paths = await listFiles(outputDir);
  const files: OutputFile[] = [];
  const byRelative = new Map<string, OutputFile>();
  for (const path of paths) {
    const relativePath = relative(outputDir, path);
    const ref = await artifacts.putFile(path, { move: true, name: relativePath.split(sep).pop() });
    const file = { ...ref, relativePath };
    files.push(file);
    byRelative.set(relativePath, file);
  }

  for (const [name, spec] of declared) {
    const value = outputs[name];
    if (FILE_DATA_TYPES.has(spec.type) && spec.type !== 'directory') {
      if (value === undefined || value === null || value === '') {
        const named = files.find(
          (file) => file.relativePath === name || file.relativePath.startsWith(`${name}.`),
        );
        const only =
          files.length === 1 &&
          declared.filter(([, other]) => FILE_DATA_TYPES.has(other.type)).length === 1
            ? files[0]
            : undefined;
        const file = named ?? only;
        if (file) outputs[name] = await keepNamed(file, keepDir);
        continue;
      }
      if (typeof value !== 'string') {
        throw executorError(
          ExecutorErrorCodes.OUTPUT_INVALID,
          `${what}: output "${name}" is a ${spec.type} and must be a file name in MARK1_OUTPUT_DIR, not ${JSON.stringify(value)?.slice(0, 80)}.`,
        );
      }
      const absolute = isAbsolute(value) ? resolve(value) : resolve(outputDir, value);
      const rel = relative(outputDir, absolute);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        throw executorError(
          ExecutorErrorCodes.OUTPUT_INVALID,
          `${what}: output "${name}" names ${value}, which is outside MARK1_OUTPUT_DIR; a plugin can only return files it wrote there.`,
        );
      }
      const file = byRelative.get(rel);
      if (!file) {
        throw executorError(
          ExecutorErrorCodes.OUTPUT_INVALID,
          `${what}: output "${name}" names ${value}, but the plugin wrote no such file to MARK1_OUTPUT_DIR (it wrote: ${[...byRelative.keys()].join(', ') || 'nothing'}).`,
        );
      }
      outputs[name] = await keepNamed(file, keepDir);
    } else if (
      TEXT_TYPES.has(spec.type) &&
      value !== undefined &&
      value !== null &&
      typeof value !== 'string'
    ) {
      if (typeof value === 'object' && spec.type !== 'text') {
        throw executorError(
          ExecutorErrorCodes.OUTPUT_INVALID,
          `${what}: output "${name}" is declared ${spec.type} (text) but the plugin returned ${Array.isArray(value) ? 'a list' : 'an object'}.`,
        );
      }
      outputs[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  const checked = outputsSchema(capability).safeParse(outputs);
  if (!checked.success) {
    throw executorError(
      ExecutorErrorCodes.OUTPUT_INVALID,
      `${what} returned outputs that do not match its manifest: ${checked.error.issues.map((issue) => `${issue.path.join('.') || 'outputs'}: ${issue.message}`).join('; ')}.`,
    );
  }
  return { outputs, files };
}

/** How an output of each data type travels: text-like types as strings, files as absolute paths, json as any JSON value. */
function valueSchema(type: DataType): z.ZodType {
  if (type === 'json') return z.json();
  if (FILE_DATA_TYPES.has(type))
    return z
      .string()
      .refine(isAbsolute, 'a file output must be an absolute path (of an artifact)')
      .nullable();
  return z.string().nullable();
}

/** The zod schema of a capability's outputs (the boundary between a plugin's answer and the run). */
function outputsSchema(capability: Capability): z.ZodType {
  const declared = Object.entries(capability.outputs);
  if (declared.length === 0) return z.object({ result: z.json() });
  return z.object(
    Object.fromEntries(declared.map(([name, spec]) => [name, valueSchema(spec.type).optional()])),
  );
}

/** The artifact under its own name in `keepDir`: a hard link (a copy across file systems). */
async function keepNamed(file: OutputFile, keepDir: string): Promise<string> {
  const target = join(keepDir, file.relativePath);
  await mkdir(dirname(target), { recursive: true });
  try {
    await link(file.path, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV' || code === 'EPERM') await copyFile(file.path, target);
    else if (code !== 'EEXIST') throw error;
  }
  return target;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
