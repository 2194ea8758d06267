import type { PluginVersionRecord } from '@mark1/storage';
import { toVersionLabel } from '../plugin-layout';
import { readInstallRecord } from './install-record';

/** The label a new version gets, or the existing version it is identical to. */
export type VersionChoice =
  | { readonly label: string; readonly identical?: undefined }
  | { readonly identical: PluginVersionRecord };

/**
 * Chooses the label (and folder name) of a newly fetched version: the manifest's version; when
 * that label exists with other content (a new commit that did not bump the version), the version
 * with `+<first 7 of the commit or content hash>`. A version with the same commit or content
 * hash as the fetched one is reported as identical (nothing to install).
 */
export function chooseVersionLabel(
  manifestVersion: string,
  fetched: { commitSha?: string; digest: string },
  existing: readonly PluginVersionRecord[],
): VersionChoice {
  const sameContent = (version: PluginVersionRecord) => {
    const record = readInstallRecord(version.validationReport);
    if (fetched.commitSha && version.commitSha && record?.source.kind === 'git')
      return version.commitSha === fetched.commitSha;
    return record?.source.digest === fetched.digest;
  };
  const identical = existing.find(sameContent);
  if (identical) return { identical };
  const base = toVersionLabel(manifestVersion);
  const taken = new Set(existing.map((version) => version.version));
  if (!taken.has(base)) return { label: base };
  const suffix = (fetched.commitSha ?? fetched.digest).slice(0, 7);
  const withHash = toVersionLabel(`${base.replace(/\+.*$/, '')}+${suffix}`);
  if (!taken.has(withHash)) return { label: withHash };
  for (let index = 2; ; index += 1) {
    const numbered = toVersionLabel(`${withHash}.${index}`);
    if (!taken.has(numbered)) return { label: numbered };
  }
}
