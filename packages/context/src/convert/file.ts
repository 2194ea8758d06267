import type { DataType } from '@mark1/sdk';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { contextError, ContextErrorCodes } from '../errors';
import { renderJson } from './json';
import { kindOf } from './notes';
import { existingFile, filePathOf } from './source';
import { renderYaml } from './yaml';

/** What writing a value to a file needs. */
export interface FileContext {
  /** Where in-memory values are written (content-addressed, so the same content is written once). */
  artifacts: () => ArtifactStore;
  /** Folder relative paths are resolved against. */
  cwd: string;
}

const EXTENSIONS: Partial<Record<DataType, { name: string; mediaType: string }>> = {
  text: { name: 'value.txt', mediaType: 'text/plain' },
  json: { name: 'value.json', mediaType: 'application/json' },
  csv: { name: 'value.csv', mediaType: 'text/csv' },
  yaml: { name: 'value.yaml', mediaType: 'application/yaml' },
  xml: { name: 'value.xml', mediaType: 'application/xml' },
  html: { name: 'value.html', mediaType: 'text/html' },
  markdown: { name: 'value.md', mediaType: 'text/markdown' },
};

/**
 * A value of type `from` as a file path. File-like values (paths) are checked and passed on; a
 * textual value that names an existing file is that file; other textual values are written to an
 * artifact (JSON as indented text, YAML data as YAML); bytes are written as they are.
 */
export function toFile(value: unknown, from: DataType, context: FileContext): string {
  if (value instanceof Uint8Array) return context.artifacts().putBytesSync(value).path;
  const kind = EXTENSIONS[from];
  if (kind === undefined) return filePathOf(value, from, context.cwd);
  const path = existingFile(value, context.cwd, true);
  if (path !== undefined) return path;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (from === 'json') text = renderJson(value);
  else if (from === 'yaml') text = renderYaml(value);
  else {
    throw contextError(
      ContextErrorCodes.CONVERSION_INPUT_INVALID,
      `A ${from} value must be text to be written to a file; got ${kindOf(value)}. Give the ${from} as a string.`,
      { details: { type: from, got: kindOf(value) } },
    );
  }
  return context.artifacts().putBytesSync(text, kind).path;
}
