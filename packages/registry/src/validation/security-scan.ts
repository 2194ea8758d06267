import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginManifest } from '@mark1/sdk';
import { scanSource, type SecurityRuleId, type Severity } from './security-rules';
import { languageOf, maskSource } from './source-text';

/** One risky pattern found in a plugin, with where it is. */
export interface SecurityFinding {
  readonly rule: SecurityRuleId;
  readonly severity: Severity;
  /** What was found, in plain words. */
  readonly message: string;
  /** Path relative to the plugin folder. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The source line, trimmed. */
  readonly code: string;
  /** How to remove the finding. */
  readonly fix: string;
}

/** The result of {@link scanPluginSecurity}. */
export interface SecurityScan {
  readonly findings: readonly SecurityFinding[];
  /** Files read by the rules. */
  readonly scannedFiles: number;
  /** Files not read (too large), relative. */
  readonly skippedFiles: readonly string[];
  /** Where the plugin uses the network (`file:line what`), whatever the manifest declares. */
  readonly networkUse: readonly string[];
}

/** Findings and network use found by other means (the tree-sitter scanner), merged into the scan. */
export interface ExtraFacts {
  readonly findings: readonly SecurityFinding[];
  readonly network: readonly {
    file: string;
    line: number;
    column: number;
    what: string;
    code: string;
  }[];
}

/** Files larger than this are not scanned (minified bundles, data). */
export const MAX_SCANNED_FILE_BYTES = 1024 * 1024;

const SEVERITY_ORDER: Record<Severity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Scans a plugin's Python, JavaScript/TypeScript and shell files statically (nothing is imported
 * or run) for the patterns of {@link SECURITY_RULES}; network use is a finding when the manifest
 * does not declare `permissions.network: true`. Findings are sorted by severity, then file and line.
 */
export function scanPluginSecurity(
  root: string,
  files: readonly string[],
  manifest: PluginManifest | undefined,
  facts: ExtraFacts = { findings: [], network: [] },
): SecurityScan {
  const findings: SecurityFinding[] = [];
  const skippedFiles: string[] = [];
  const networkUse: string[] = [];
  let scannedFiles = 0;
  const networkDeclared = manifest?.permissions.network ?? false;
  const network: { file: string; line: number; column: number; what: string; code: string }[] = [
    ...facts.network,
  ];
  for (const file of files) {
    const path = join(root, file);
    const size = statSync(path).size;
    const head = size > 0 ? readHead(path, Math.min(size, 256)) : '';
    const language = languageOf(file, head.split('\n', 1)[0] ?? '');
    if (!language) continue;
    if (size > MAX_SCANNED_FILE_BYTES) {
      skippedFiles.push(file);
      continue;
    }
    if (head.includes('\u0000')) continue;
    scannedFiles += 1;
    const source = maskSource(readHead(path, size), language);
    const scan = scanSource(source);
    const seen = new Set<string>();
    for (const match of scan.matches) {
      const { line, column } = source.position(match.offset);
      const key = `${match.rule}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        rule: match.rule,
        severity: match.severity,
        message: match.message,
        file,
        line,
        column,
        code: source.lineText(line),
        fix: match.fix,
      });
    }
    for (const evidence of scan.network) {
      const { line, column } = source.position(evidence.offset);
      network.push({ file, line, column, what: evidence.what, code: source.lineText(line) });
    }
  }
  const known = new Set(
    findings.map((finding) => `${finding.file}:${finding.line}:${finding.rule}`),
  );
  for (const finding of facts.findings) {
    const key = `${finding.file}:${finding.line}:${finding.rule}`;
    if (!known.has(key)) findings.push(finding);
    known.add(key);
  }
  network.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const reported = new Set<string>();
  const listed = new Set<string>();
  for (const evidence of network) {
    const entry = `${evidence.file}:${evidence.line} ${evidence.what}`;
    if (!listed.has(entry)) networkUse.push(entry);
    listed.add(entry);
    // One finding per file is enough to make the point; the rest are listed in networkUse.
    if (networkDeclared || reported.has(evidence.file)) continue;
    reported.add(evidence.file);
    findings.push({
      rule: 'undeclared-network',
      severity: 'high',
      message: `${evidence.what}, but the manifest does not declare network use (the sandbox will block it)`,
      file: evidence.file,
      line: evidence.line,
      column: evidence.column,
      code: evidence.code,
      fix: 'declare `permissions: { network: true }` in the manifest if the plugin needs it, or remove the network use',
    });
  }
  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
  return { findings, scannedFiles, skippedFiles, networkUse };
}
