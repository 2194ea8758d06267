import type { EnvironmentReport } from '../environments/environment-report';
import type { SmokeTestReport } from '../install/smoke-test';
import type { ValidationReport } from '../validation/validation-report';

/**
 * What the registry keeps about one installed version, stored as JSON with the version row (the
 * `validation_report` column): the validation report, the environment built, the smoke test, and
 * where the files came from.
 */
export interface InstallRecord {
  readonly validation: ValidationReport;
  readonly environment: EnvironmentReport;
  readonly smokeTest: SmokeTestReport;
  readonly source: {
    readonly kind: 'git' | 'folder' | 'archive';
    /** SHA-256 of the fetched files (before the environment was built). */
    readonly digest: string;
    /** A local git folder had uncommitted changes. */
    readonly dirty?: boolean;
    /** Paths left out of a folder copy. */
    readonly skipped?: readonly string[];
  };
  /** `file` when the plugin had a manifest, `generated` when the scanner wrote it. */
  readonly manifestOrigin: 'file' | 'generated';
  /** The manifest's own `plugin.version` (the version label may add `+<hash>`). */
  readonly manifestVersion: string;
  readonly installedAt: string;
}

/** Reads an install record stored with a version (older or foreign rows give undefined). */
export function readInstallRecord(value: unknown): InstallRecord | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Partial<InstallRecord>;
  return record.validation && record.environment && record.source
    ? (record as InstallRecord)
    : undefined;
}
