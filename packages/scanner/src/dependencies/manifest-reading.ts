import type { DependencyProfile } from '../profile/repository-profile';

/** What one dependency file contributes to the {@link DependencyProfile}. */
export interface ManifestReading {
  dependencies: DependencyProfile['dependencies'];
  scripts: DependencyProfile['scripts'];
  python?: string;
  node?: string;
  packageManager?: DependencyProfile['packageManager'];
  project?: NonNullable<DependencyProfile['project']>;
  /** Library entry modules, relative to the file's folder. */
  libraryEntries?: string[];
}

/** An empty reading. */
export function emptyReading(): ManifestReading {
  return { dependencies: [], scripts: [] };
}
