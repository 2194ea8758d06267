import { gunzipSync, gzipSync } from 'node:zlib';
import type { ArtifactRef } from '../artifacts/artifact-ref';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { isRecord } from '../convert/notes';
import { contextError, ContextErrorCodes } from '../errors';

/**
 * How a value sits in the `data` column. Every row the store writes holds one of these envelopes
 * (the `compressed` and `artifact_ref` columns agree with it):
 *
 * - `json`: the value's JSON text, inline. Text rather than the value itself so that PostgreSQL's
 *   jsonb does not reorder keys or refuse `\u0000`: a value reads back the same on both engines.
 * - `gzip`: the JSON text gzip-compressed and base64-encoded, inline (`compressed` true).
 * - `json-file`: the JSON text in an artifact (gzip-compressed when `compressed`), for values past
 *   the inline limit.
 * - `artifact`: the entry is an artifact the caller stored; its name and media type.
 */
export type StoredEnvelope =
  | { encoding: 'json'; text: string }
  | { encoding: 'gzip'; base64: string }
  | { encoding: 'json-file'; size: number }
  | { encoding: 'artifact'; size: number; name?: string; mediaType?: string };

/** A row's value columns, ready for `contexts.put`. */
export interface EncodedPayload {
  data: StoredEnvelope;
  artifactRef: string | null;
  compressed: boolean;
  /** Size of the value: its JSON text in bytes, or the artifact's size. */
  sizeBytes: number;
}

/** How values are encoded. */
export interface PayloadPolicy {
  compression: boolean;
  compressThresholdBytes: number;
  inlineLimitBytes: number;
}

/** The JSON text of a value, or `CONTEXT_INVALID` when it has none (undefined, a function). */
export function jsonTextOf(key: string, data: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw contextError(
      ContextErrorCodes.CONTEXT_INVALID,
      `Context "${key}": the value cannot be written as JSON (${(error as Error).message}). Store plain data: objects, lists, strings, numbers, booleans and null.`,
      { cause: error, details: { key } },
    );
  }
  if (text === undefined) {
    throw contextError(
      ContextErrorCodes.CONTEXT_INVALID,
      `Context "${key}": the value has no JSON form (${typeof data}). Store plain data, or an artifact for files.`,
      { details: { key } },
    );
  }
  return text;
}

/**
 * Encodes JSON text for storage: gzip when compression is on, the text reaches the threshold and
 * compressing saves room (base64 included); into an artifact when what would be stored inline
 * passes the inline limit.
 */
export async function encodeJson(
  text: string,
  policy: PayloadPolicy,
  artifacts: ArtifactStore,
): Promise<EncodedPayload> {
  const sizeBytes = Buffer.byteLength(text);
  let compressedBytes: Buffer | undefined;
  if (policy.compression && sizeBytes >= policy.compressThresholdBytes) {
    const gzipped = gzipSync(text);
    if (Math.ceil(gzipped.length / 3) * 4 < sizeBytes) compressedBytes = gzipped;
  }
  const storedSize = compressedBytes ? Math.ceil(compressedBytes.length / 3) * 4 : sizeBytes;
  if (storedSize > policy.inlineLimitBytes) {
    const ref = await artifacts.putBytes(compressedBytes ?? text, {
      mediaType: compressedBytes ? 'application/gzip' : 'application/json',
    });
    return {
      data: { encoding: 'json-file', size: sizeBytes },
      artifactRef: ref.sha256,
      compressed: compressedBytes !== undefined,
      sizeBytes,
    };
  }
  if (compressedBytes) {
    return {
      data: { encoding: 'gzip', base64: compressedBytes.toString('base64') },
      artifactRef: null,
      compressed: true,
      sizeBytes,
    };
  }
  return { data: { encoding: 'json', text }, artifactRef: null, compressed: false, sizeBytes };
}

/** The envelope of an artifact the caller stored. */
export function encodeArtifact(ref: ArtifactRef): EncodedPayload {
  return {
    data: {
      encoding: 'artifact',
      size: ref.size,
      ...(ref.name === undefined ? {} : { name: ref.name }),
      ...(ref.mediaType === undefined ? {} : { mediaType: ref.mediaType }),
    },
    artifactRef: ref.sha256,
    compressed: false,
    sizeBytes: ref.size,
  };
}

/** The envelope in a row's `data`, or undefined for a row written without the store (a plain value). */
export function envelopeOf(data: unknown): StoredEnvelope | undefined {
  if (!isRecord(data) || typeof data.encoding !== 'string') return undefined;
  switch (data.encoding) {
    case 'json':
      return typeof data.text === 'string' ? (data as StoredEnvelope) : undefined;
    case 'gzip':
      return typeof data.base64 === 'string' ? (data as StoredEnvelope) : undefined;
    case 'json-file':
    case 'artifact':
      return typeof data.size === 'number' ? (data as StoredEnvelope) : undefined;
    default:
      return undefined;
  }
}

function corrupt(key: string, problem: string, cause?: unknown): never {
  throw contextError(
    ContextErrorCodes.CONTEXT_CORRUPT,
    `Context "${key}" cannot be read: ${problem}. Delete it (mark1 db query contexts shows the row) and store it again.`,
    { cause, details: { key } },
  );
}

/**
 * The JSON text of a stored value (inline, compressed or in a file), or undefined for an entry
 * that is an artifact. Throws `CONTEXT_CORRUPT` when the payload does not decode.
 */
export async function storedJsonText(
  key: string,
  envelope: StoredEnvelope,
  artifactRef: string | null,
  compressed: boolean,
  artifacts: ArtifactStore,
): Promise<string | undefined> {
  switch (envelope.encoding) {
    case 'json':
      return envelope.text;
    case 'gzip':
      try {
        return gunzipSync(Buffer.from(envelope.base64, 'base64')).toString('utf8');
      } catch (error) {
        return corrupt(
          key,
          `its compressed value does not decompress (${(error as Error).message})`,
          error,
        );
      }
    case 'json-file': {
      if (!artifactRef) return corrupt(key, 'its value file is not recorded');
      const bytes = await artifacts.read(artifactRef);
      try {
        return (compressed ? gunzipSync(bytes) : bytes).toString('utf8');
      } catch (error) {
        return corrupt(
          key,
          `its value file ${artifactRef} does not decompress (${(error as Error).message})`,
          error,
        );
      }
    }
    case 'artifact':
      return undefined;
  }
}

/** Parses stored JSON text; `CONTEXT_CORRUPT` when it is not JSON. */
export function parseStoredJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return corrupt(key, `its stored JSON does not parse (${(error as Error).message})`, error);
  }
}
