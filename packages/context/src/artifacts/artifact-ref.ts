import { z } from 'zod';
import { contextError, ContextErrorCodes } from '../errors';

const SHA256 = /^[0-9a-f]{64}$/;

/** A content-addressed file under `MARK1_HOME/artifacts`. */
export interface ArtifactRef {
  /** SHA-256 of the content, 64 lowercase hexadecimal characters. */
  sha256: string;
  /** Size of the content in bytes. */
  size: number;
  /** Absolute path of the file holding the content. Never write to it: other refs share it. */
  path: string;
  /** The name the content was known by (a file name), kept for people and for tools that need an extension. */
  name?: string;
  /** IANA media type, when known (`text/csv`, `image/png`). */
  mediaType?: string;
}

/** zod schema of an {@link ArtifactRef}, for values crossing a boundary (an import file, an API body). */
export const ArtifactRefSchema = z.object({
  sha256: z.string().regex(SHA256, '64 lowercase hexadecimal characters'),
  size: z.number().int().nonnegative(),
  path: z.string().min(1),
  name: z.string().min(1).optional(),
  mediaType: z.string().min(1).optional(),
});

/** True when `value` is a SHA-256 written as 64 lowercase hexadecimal characters. */
export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/** The hash in lowercase, or `ARTIFACT_HASH_INVALID` naming what was given. */
export function normalizeSha256(value: string): string {
  const hash = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!SHA256.test(hash)) {
    throw contextError(
      ContextErrorCodes.ARTIFACT_HASH_INVALID,
      `"${String(value)}" is not an artifact hash; give the sha256 of an ArtifactRef (64 hexadecimal characters).`,
      { details: { value: String(value) } },
    );
  }
  return hash;
}
