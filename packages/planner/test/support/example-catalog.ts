import { type CapabilityCatalog, createCatalog } from '@mark1/sdk';
import { loadEvalCatalog, loadExampleManifests } from '../../eval/load-eval-data';

/**
 * The eight example plugins (examples/plugins/*\/mark1.plugin.yml, read with the sdk's
 * readManifestFile; the contract fixture for any not written yet).
 */
export function exampleCatalog(): CapabilityCatalog {
  return createCatalog(loadExampleManifests().manifests);
}

/** The example plugins plus the evaluation's synthetic ones. */
export function evalCatalog(): CapabilityCatalog {
  return loadEvalCatalog().catalog;
}
