import { basename, relative } from 'node:path';
import {
  findManifestFile,
  ManifestError,
  Mark1Error,
  MANIFEST_FILENAMES,
  type PluginManifest,
  readManifestFile,
} from '@mark1/sdk';
import type { RepositoryProfile } from '@mark1/scanner';
import { checkEntryPoints } from './entry-points';
import { findingsFromProfile, scanPluginFacts, symbolsFromProfile } from './scanner-facts';
import { listPluginFiles } from './plugin-files';
import { certify, qualityScore, securityScore } from './scores';
import { scanPluginSecurity } from './security-scan';
import type { ValidationIssue, ValidationReport } from './validation-report';

/** A manifest already read (install reads it once and validates with it). */
export interface ReadManifestInfo {
  readonly manifest: PluginManifest;
  /** Absolute path of the manifest file. */
  readonly file: string;
  readonly format: string;
  readonly warnings: readonly string[];
}

/** Options of {@link validatePlugin}. */
export interface ValidatePluginOptions {
  /** The manifest, when the caller has read it already; otherwise it is looked for in the folder. */
  manifest?: ReadManifestInfo;
  /**
   * Also scan with `@mark1/scanner` (tree-sitter: callees resolved through imports and aliases,
   * functions and exports of every module). Without it only the lexical checks run.
   * @default true
   */
  treeSitter?: boolean;
  /** A profile of this folder from `scanRepository`, when the caller has one (no second scan). */
  profile?: RepositoryProfile;
  signal?: AbortSignal;
}

function readManifestIssues(root: string): { info?: ReadManifestInfo; errors: ValidationIssue[] } {
  const file = findManifestFile(root);
  if (!file) {
    return {
      errors: [
        {
          check: 'manifest',
          message: `no manifest found (looked for ${MANIFEST_FILENAMES.join(', ')}); write mark1.plugin.yml (\`mark1 plugin generate\` shows one) or install the folder to have it generated`,
        },
      ],
    };
  }
  try {
    const read = readManifestFile(file);
    return {
      info: { manifest: read.manifest, file, format: read.format, warnings: read.warnings },
      errors: [],
    };
  } catch (error) {
    if (error instanceof ManifestError || (Mark1Error.isInstance(error) && 'problems' in error)) {
      const problems = (error as ManifestError).problems;
      return {
        errors: problems.map((problem) => ({
          check: 'manifest',
          message: `${problem.path && problem.path !== '(root)' ? `${problem.path}: ` : ''}${problem.message}`,
          file: basename(file),
          ...(problem.line !== undefined
            ? { line: problem.line, column: problem.column ?? 1 }
            : {}),
        })),
      };
    }
    throw error;
  }
}

/**
 * Validates a plugin folder statically (nothing is imported or run): the manifest against the
 * schema (with file:line of each problem), every entry point (resolved through the module's
 * definitions, from lexical reading and the tree-sitter scan), requirement files and examples, a
 * security scan of risky patterns with file:line findings (the scanner's resolved calls and the
 * lexical rules), a quality score and a security score, and the certification level they map to
 * (seed 004).
 */
export async function validatePlugin(
  root: string,
  options: ValidatePluginOptions = {},
): Promise<ValidationReport> {
  const read = options.manifest ? { info: options.manifest, errors: [] } : readManifestIssues(root);
  const manifest = read.info?.manifest;
  const errors: ValidationIssue[] = [...read.errors];
  const warnings: ValidationIssue[] = (read.info?.warnings ?? []).map((message) => ({
    check: 'manifest',
    message,
    ...(read.info ? { file: relative(root, read.info.file) } : {}),
  }));
  const scan =
    options.profile !== undefined
      ? { profile: options.profile }
      : options.treeSitter === false
        ? undefined
        : await scanPluginFacts(root, options.signal);
  if (scan?.warning) warnings.push({ check: 'scan', message: scan.warning });
  const facts = scan?.profile ? findingsFromProfile(scan.profile, root) : undefined;
  if (manifest) {
    const entryPoints = checkEntryPoints(
      root,
      manifest,
      scan?.profile ? symbolsFromProfile(scan.profile) : undefined,
    );
    errors.push(...entryPoints.errors);
    warnings.push(...entryPoints.warnings);
  }
  const files = listPluginFiles(root);
  const security = scanPluginSecurity(root, files, manifest, facts);
  const quality = qualityScore(root, files, manifest);
  const securityPoints = securityScore(security.findings);
  const level = certify(quality.score, securityPoints, errors.length, security.findings);
  return {
    valid: errors.length === 0,
    ...(manifest && read.info
      ? {
          manifest: {
            name: manifest.plugin.name,
            version: manifest.plugin.version,
            file: relative(root, read.info.file),
            format: read.info.format,
          },
        }
      : {}),
    errors,
    warnings,
    findings: security.findings,
    scores: { quality: quality.score, security: securityPoints },
    quality: quality.items,
    certification: level.level,
    certificationReason: level.reason,
    networkUse: security.networkUse,
    scannedFiles: security.scannedFiles,
    skippedFiles: security.skippedFiles,
  };
}
