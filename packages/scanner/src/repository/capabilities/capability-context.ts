import type { FileKind } from '../../files/classify-file';
import type { FileFacts } from '../../profile/file-facts';
import type { DependencyProfile, ImportEdge, ReadmeFacts } from '../../profile/repository-profile';
import type { PythonModuleLocation } from '../python-modules';

/** A parsed source file as the capability builders see it. */
export interface SourceFile {
  path: string;
  kind: FileKind;
  facts: FileFacts;
  python?: PythonModuleLocation;
}

/** What the capability builders read. */
export interface CapabilityContext {
  /** Parsed source files by path (tests included; builders skip them). */
  files: ReadonlyMap<string, SourceFile>;
  /** Every file path of the repository. */
  paths: ReadonlySet<string>;
  dependencies: DependencyProfile;
  importGraph: readonly ImportEdge[];
  readme?: ReadmeFacts;
  /** The project's name (package metadata, else the folder name), for naming generic entry files. */
  projectName: string;
}

/** Files whose code is not part of what the repository offers: tests, examples, docs, build scripts. */
export const NOT_OFFERED =
  /(^|\/)(tests?|__tests__|testing|spec|specs|examples?|samples?|docs?|docs_src|docs-src|tutorials?|demos?|benchmarks?|bench|fixtures?|scripts\/dev|migrations)\//i;

/** Folders of development tooling (release scripts, CI helpers) that sit next to what a repository offers. */
export const DEV_TOOLING =
  /^(scripts|devscripts|dev|tools|bundle|ci|\.github|hack|build_tools|maintenance|release|extras|contrib)\//i;

/** True when the capability builders should ignore a file. */
export function isOffered(file: SourceFile): boolean {
  if (file.kind === 'test' || file.kind === 'config') return false;
  if (NOT_OFFERED.test(file.path)) return false;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  return !/^(setup|conftest|noxfile|fabfile|conf|manage)\.py$|^(jest|vite|vitest|webpack|rollup|babel|eslint|prettier|tsup)\.config\./.test(
    name,
  );
}
