import type { ArtifactStore } from '@mark1/context';
import { z } from 'zod';

/** How a value too large to keep inline in the database is stored: a JSON artifact. */
const StoredRefSchema = z.object({
  $artifact: z.object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().nonnegative(),
  }),
});

/**
 * Outputs as they are stored with a step run: values up to `inlineBytes` of JSON inline, larger
 * ones written to the artifact store and replaced by `{ "$artifact": { sha256, size } }`.
 */
export async function encodeStoredOutputs(
  outputs: Readonly<Record<string, unknown>>,
  artifacts: ArtifactStore,
  inlineBytes: number,
): Promise<Record<string, unknown>> {
  const stored: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const json = JSON.stringify(value ?? null);
    if (Buffer.byteLength(json) <= inlineBytes) {
      stored[name] = value ?? null;
      continue;
    }
    const ref = await artifacts.putBytes(json, {
      name: `${name}.json`,
      mediaType: 'application/json',
    });
    stored[name] = { $artifact: { sha256: ref.sha256, size: ref.size } };
  }
  return stored;
}

/** Outputs read back from a step run, artifact-stored values loaded again. */
export async function decodeStoredOutputs(
  stored: unknown,
  artifacts: ArtifactStore,
): Promise<Record<string, unknown>> {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(stored)) {
    const ref = StoredRefSchema.safeParse(value);
    outputs[name] = ref.success
      ? JSON.parse((await artifacts.read(ref.data.$artifact.sha256)).toString('utf8'))
      : value;
  }
  return outputs;
}
