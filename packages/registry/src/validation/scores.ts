import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginManifest } from '@mark1/sdk';
import type { SecurityFinding } from './security-scan';
import type { Severity } from './security-rules';
import type { CertificationLevel, ScoreItem } from './validation-report';

const TEST_FILE =
  /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]+\.py$|_test\.py$|\.(test|spec)\.(m|c)?[jt]sx?$/;

function fraction<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 1 : items.filter(test).length / items.length;
}

function readme(root: string, files: readonly string[]): string {
  const file = files.find((path) => /^readme(\.(md|rst|txt))?$/i.test(path));
  if (!file) return '';
  try {
    return statSync(join(root, file)).size > 200_000
      ? 'x'.repeat(1000)
      : readFileSync(join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/**
 * The quality score (0–100) and how it was reached: documentation (README, descriptions of the
 * plugin, capabilities and inputs), tests, typed inputs, typed outputs, examples and a license.
 */
export function qualityScore(
  root: string,
  files: readonly string[],
  manifest: PluginManifest | undefined,
): { score: number; items: ScoreItem[] } {
  const capabilities = manifest?.capabilities ?? [];
  const inputs = capabilities.flatMap((capability) => Object.values(capability.inputs.properties));
  const docs = readme(root, files).trim().length;
  const tests = files.filter((file) => TEST_FILE.test(file)).length;
  const typed = fraction(
    inputs,
    (input) =>
      input.type !== undefined || input.data_type !== undefined || input.enum !== undefined,
  );
  const described = fraction(inputs, (input) => (input.description ?? '').trim().length >= 3);
  const capabilityDocs = fraction(
    capabilities,
    (capability) => capability.description.trim().length >= 20,
  );
  const outputs = fraction(
    capabilities,
    (capability) => Object.keys(capability.outputs).length > 0,
  );
  const examples = fraction(capabilities, (capability) => capability.example !== undefined);
  const license =
    Boolean(manifest?.plugin.license) ||
    files.some((file) => /^(licen[cs]e|copying)(\.\w+)?$/i.test(file));
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  const items: ScoreItem[] = [
    {
      item: 'README',
      points: docs >= 300 ? 15 : docs >= 80 ? 8 : 0,
      max: 15,
      note: docs ? `${docs} characters` : 'no README',
    },
    {
      item: 'plugin description',
      points: (manifest?.plugin.description.trim().length ?? 0) >= 20 ? 10 : 0,
      max: 10,
      note: manifest?.plugin.description ? 'present' : 'missing',
    },
    {
      item: 'tests',
      points: tests > 0 ? 20 : 0,
      max: 20,
      note: tests
        ? `${tests} test file${tests === 1 ? '' : 's'}`
        : 'no tests found (tests/, test_*.py, *.test.js)',
    },
    {
      item: 'typed inputs',
      points: manifest ? Math.round(15 * typed) : 0,
      max: 15,
      note: `${pct(typed)} of ${inputs.length} inputs have a type`,
    },
    {
      item: 'input descriptions',
      points: manifest ? Math.round(10 * described) : 0,
      max: 10,
      note: `${pct(described)} of inputs are described`,
    },
    {
      item: 'capability descriptions',
      points: manifest ? Math.round(10 * capabilityDocs) : 0,
      max: 10,
      note: `${pct(capabilityDocs)} of ${capabilities.length} capabilities have a description of 20+ characters`,
    },
    {
      item: 'typed outputs',
      points: manifest ? Math.round(10 * outputs) : 0,
      max: 10,
      note: `${pct(outputs)} of capabilities declare their outputs`,
    },
    {
      item: 'examples',
      points: manifest ? Math.round(5 * examples) : 0,
      max: 5,
      note: `${pct(examples)} of capabilities have an example`,
    },
    {
      item: 'license',
      points: license ? 5 : 0,
      max: 5,
      note: license ? 'declared' : 'none (manifest plugin.license or a LICENSE file)',
    },
  ];
  return { score: items.reduce((sum, item) => sum + item.points, 0), items };
}

/** Points a finding costs, by severity (once per rule and file). */
export const SEVERITY_PENALTY: Record<Severity, number> = {
  critical: 50,
  high: 20,
  medium: 8,
  low: 3,
  info: 0,
};

/** The security score (0–100): 100 less each distinct rule-and-file finding's penalty. */
export function securityScore(findings: readonly SecurityFinding[]): number {
  const charged = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.rule}\u0000${finding.file}`;
    charged.set(key, Math.max(charged.get(key) ?? 0, SEVERITY_PENALTY[finding.severity]));
  }
  let total = 0;
  for (const penalty of charged.values()) total += penalty;
  return Math.max(0, 100 - total);
}

const THRESHOLDS: readonly [CertificationLevel, number][] = [
  ['enterprise', 90],
  ['premium', 80],
  ['standard', 70],
  ['basic', 60],
];

/**
 * Seed 004's certification: enterprise (quality and security ≥ 90), premium (≥ 80), standard
 * (≥ 70), basic (≥ 60), else uncertified; validation errors or a critical finding mean uncertified.
 */
export function certify(
  quality: number,
  security: number,
  errors: number,
  findings: readonly SecurityFinding[],
): { level: CertificationLevel; reason: string } {
  if (errors > 0)
    return {
      level: 'uncertified',
      reason: `validation found ${errors} error${errors === 1 ? '' : 's'}`,
    };
  const critical = findings.filter((finding) => finding.severity === 'critical').length;
  if (critical > 0)
    return {
      level: 'uncertified',
      reason: `${critical} critical security finding${critical === 1 ? '' : 's'}`,
    };
  for (const [level, threshold] of THRESHOLDS) {
    if (quality >= threshold && security >= threshold) {
      return {
        level,
        reason: `quality ${quality} and security ${security} are both at least ${threshold}`,
      };
    }
  }
  const weakest = quality <= security ? `quality ${quality}` : `security ${security}`;
  return { level: 'uncertified', reason: `${weakest} is below 60, the floor of the basic level` };
}
