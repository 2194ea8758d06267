import { generateManifest, ScannerErrorCodes, scanRepository } from '@mark1/scanner';
import { Mark1Error } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from '../errors';
import type { ManifestGenerator } from '../registry-context';

/**
 * The default {@link ManifestGenerator}: scans the repository with `@mark1/scanner` (tree-sitter)
 * and writes its manifest from the capability candidates found; what could not be inferred is
 * returned for the user to see. A repository offering nothing callable is refused with
 * `MANIFEST_MISSING` carrying the scanner's advice.
 */
export const scannerManifestGenerator: ManifestGenerator = async (root, hints) => {
  const profile = await scanRepository(root, { signal: hints.signal });
  try {
    const generated = generateManifest(profile, { name: hints.name });
    return {
      manifest: generated.manifest,
      yaml: generated.yaml,
      uninferred: generated.unresolved,
      profile,
    };
  } catch (error) {
    if (Mark1Error.isInstance(error) && error.code === ScannerErrorCodes.NO_CAPABILITIES) {
      throw registryError(
        RegistryErrorCodes.MANIFEST_MISSING,
        `The repository has no manifest, and ${error.message}`,
        {
          cause: error,
          details: { root },
        },
      );
    }
    throw error;
  }
};
