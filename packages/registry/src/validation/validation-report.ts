import type { SecurityFinding } from './security-scan';

/** An error or warning of validation, with where it is. */
export interface ValidationIssue {
  /** Stable id: `manifest`, `entry-point`, `requirements`, `example`, ... */
  readonly check: string;
  readonly message: string;
  /** File relative to the plugin folder. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The capability concerned. */
  readonly capability?: string;
}

/** Certification levels of seed 004, best first. */
export const CERTIFICATION_LEVELS = [
  'enterprise',
  'premium',
  'standard',
  'basic',
  'uncertified',
] as const;
/** A certification level. */
export type CertificationLevel = (typeof CERTIFICATION_LEVELS)[number];

/** One line of the quality score: what earned (or missed) points. */
export interface ScoreItem {
  readonly item: string;
  readonly points: number;
  readonly max: number;
  readonly note: string;
}

/** The result of validating a plugin folder. */
export interface ValidationReport {
  /** True when there are no errors (warnings and findings do not make it invalid). */
  readonly valid: boolean;
  /** The manifest that was validated, if one could be read. */
  readonly manifest?: {
    readonly name: string;
    readonly version: string;
    /** The file (relative), e.g. `mark1.plugin.yml`. */
    readonly file: string;
    /** The format it was written in (`mark1`, `plugin-yaml`, ...). */
    readonly format: string;
  };
  readonly errors: readonly ValidationIssue[];
  readonly warnings: readonly ValidationIssue[];
  /** Security findings, most severe first. */
  readonly findings: readonly SecurityFinding[];
  /** 0–100 each. */
  readonly scores: { readonly quality: number; readonly security: number };
  /** How the quality score was reached. */
  readonly quality: readonly ScoreItem[];
  readonly certification: CertificationLevel;
  /** Why the level is what it is, in plain words. */
  readonly certificationReason: string;
  /** Where the plugin uses the network (`file:line what`). */
  readonly networkUse: readonly string[];
  /** Source files the security scan read, and those it skipped as too large. */
  readonly scannedFiles: number;
  readonly skippedFiles: readonly string[];
}
