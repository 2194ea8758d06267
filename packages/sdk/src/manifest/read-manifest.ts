import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ZodError } from 'zod';
import { basename, join } from 'node:path';
import { SdkErrorCodes } from '../errors';
import { formatDataPath, parseYamlSource, type SourceMap } from '../source-map';
import { describeZodError } from '../zod-issues';
import { fromLegacyPluginYaml } from './formats/legacy-plugin-yaml';
import { fromManifestJson } from './formats/manifest-json';
import { fromMark1Legacy } from './formats/mark1-legacy';
import { fromMcpPluginYaml } from './formats/mcp-plugin-yaml';
import type { Normalized } from './formats/shared';
import { ManifestError, type ManifestProblem } from './manifest-error';
import { type PluginManifest, PluginManifestSchema } from './schema';

/** The manifest formats Mark-1 reads. */
export const MANIFEST_FORMATS = {
  /** `mark1.plugin.yml`, schema_version "1.0" (the native format). */
  mark1: 'mark1.plugin.yml (schema 1.0)',
  /** Older mark1.plugin.yml layouts of seed 002 (type lists, separate entry_points). */
  'mark1-legacy': 'the older mark1.plugin.yml layout (lists of data types, separate entry_points)',
  /** Seed 000's plugin.yaml. */
  'plugin-yaml': 'plugin.yaml with plugin_type/execution_mode (seed 000)',
  /** Seed 003's manifest.json. */
  'manifest-json': 'manifest.json with language/entry_point (seed 003)',
  /** Seed 004's plugin.yaml with mcps. */
  'mcp-plugin-yaml': 'plugin.yaml with mcps (seed 004)',
} as const;

/** A manifest format id. */
export type ManifestFormat = keyof typeof MANIFEST_FORMATS;

/** File names searched for a manifest, in order of preference. */
export const MANIFEST_FILENAMES = [
  'mark1.plugin.yml',
  'mark1.plugin.yaml',
  'plugin.yaml',
  'plugin.yml',
  'manifest.json',
] as const;

/** A manifest read from text, normalized. */
export interface ReadManifestResult {
  readonly manifest: PluginManifest;
  readonly format: ManifestFormat;
  /** Plain-words notes: the format read when it was not native, and anything guessed. */
  readonly warnings: readonly string[];
}

/** Options of {@link readManifest}. */
export interface ReadManifestOptions {
  /** The file name, for messages and to tell `manifest.json` apart. */
  filename?: string;
}

function detectFormat(
  data: Record<string, unknown>,
  filename?: string,
): ManifestFormat | undefined {
  if (Array.isArray(data.mcps)) return 'mcp-plugin-yaml';
  if (
    (filename?.endsWith('.json') && typeof data.entry_point === 'string') ||
    (typeof data.entry_point === 'string' && typeof data.language === 'string')
  ) {
    return 'manifest-json';
  }
  if (
    data.schema_version !== undefined ||
    (data.plugin !== null && typeof data.plugin === 'object')
  ) {
    const capabilities = Array.isArray(data.capabilities) ? data.capabilities : [];
    const legacy =
      Array.isArray(data.entry_points) ||
      capabilities.some(
        (capability) =>
          capability !== null &&
          typeof capability === 'object' &&
          (Array.isArray((capability as Record<string, unknown>).inputs) ||
            Array.isArray((capability as Record<string, unknown>).outputs)),
      ) ||
      data.configuration !== undefined;
    return legacy ? 'mark1-legacy' : 'mark1';
  }
  if (
    Array.isArray(data.capabilities) &&
    (data.plugin_type !== undefined ||
      data.execution_mode !== undefined ||
      Array.isArray(data.entry_points))
  ) {
    return 'plugin-yaml';
  }
  if (Array.isArray(data.entry_points)) return 'mark1-legacy';
  return undefined;
}

const NORMALIZERS: Record<
  Exclude<ManifestFormat, 'mark1'>,
  (data: Record<string, unknown>) => Normalized
> = {
  'mark1-legacy': fromMark1Legacy,
  'plugin-yaml': fromLegacyPluginYaml,
  'manifest-json': fromManifestJson,
  'mcp-plugin-yaml': fromMcpPluginYaml,
};

function problemsOf(error: ZodError, sourceMap?: SourceMap): ManifestProblem[] {
  return describeZodError(error, PluginManifestSchema).map((problem) => {
    const position = sourceMap?.locate(problem.path);
    return {
      path: formatDataPath(problem.path),
      message: problem.message,
      ...(position ? { line: position.line, column: position.column } : {}),
    };
  });
}

/**
 * Reads a plugin manifest in any supported format ({@link MANIFEST_FORMATS}) and normalizes it to
 * a {@link PluginManifest}. A non-native format is read with a warning naming it. Throws a
 * {@link ManifestError} naming file:line:column and the fix for each problem.
 */
export function readManifest(text: string, options: ReadManifestOptions = {}): ReadManifestResult {
  const { filename } = options;
  const source = parseYamlSource(text, filename);
  if (!source.ok) {
    throw new ManifestError(
      SdkErrorCodes.MANIFEST_PARSE_ERROR,
      source.problems.map((problem) => ({
        path: '',
        message: `${problem.message}; fix the ${filename?.endsWith('.json') ? 'JSON' : 'YAML'} syntax here`,
        ...(problem.position
          ? { line: problem.position.line, column: problem.position.column }
          : {}),
      })),
      filename,
      `Manifest ${filename ?? ''} cannot be parsed`.replace('  ', ' '),
    );
  }
  const data = source.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ManifestError(
      SdkErrorCodes.MANIFEST_INVALID,
      [
        {
          path: '',
          message: 'a manifest is a mapping of keys (schema_version, plugin, capabilities, ...)',
        },
      ],
      filename,
    );
  }
  const record = data as Record<string, unknown>;
  const format = detectFormat(record, filename);
  if (!format) {
    throw new ManifestError(
      SdkErrorCodes.MANIFEST_UNKNOWN_FORMAT,
      [
        {
          path: '',
          message: `not a format Mark-1 reads. Start from \`mark1 plugin generate\`, or write mark1.plugin.yml with schema_version: "1.0", plugin: {name, version}, capabilities: [...]. Readable formats: ${Object.values(MANIFEST_FORMATS).join('; ')}`,
        },
      ],
      filename,
      `Manifest ${filename ?? ''} is in an unknown format`.replace('  ', ' '),
    );
  }
  const warnings: string[] = [];
  let candidate: unknown = record;
  if (format !== 'mark1') {
    const normalized = NORMALIZERS[format](record);
    candidate = normalized.manifest;
    warnings.push(
      `read ${filename ? basename(filename) : 'the manifest'} as ${MANIFEST_FORMATS[format]} and normalized it to mark1.plugin.yml schema 1.0`,
      ...normalized.notes,
    );
  }
  const parsed = PluginManifestSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ManifestError(
      SdkErrorCodes.MANIFEST_INVALID,
      problemsOf(parsed.error, format === 'mark1' ? source.sourceMap : undefined),
      filename,
    );
  }
  return { manifest: parsed.data, format, warnings };
}

/** The manifest file in a plugin folder, by {@link MANIFEST_FILENAMES} order, if any. */
export function findManifestFile(directory: string): string | undefined {
  for (const name of MANIFEST_FILENAMES) {
    const path = join(directory, name);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}

/** Reads a manifest file, or the manifest found in a folder. */
export function readManifestFile(path: string): ReadManifestResult & { path: string } {
  const file = existsSync(path) && statSync(path).isDirectory() ? findManifestFile(path) : path;
  if (!file || !existsSync(file)) {
    throw new ManifestError(
      SdkErrorCodes.MANIFEST_PARSE_ERROR,
      [
        {
          path: '',
          message: `no manifest found (looked for ${MANIFEST_FILENAMES.join(', ')}); write one, or let \`mark1 scan --manifest\` generate it`,
        },
      ],
      path,
      `No manifest at ${path}`,
    );
  }
  return { ...readManifest(readFileSync(file, 'utf8'), { filename: file }), path: file };
}
