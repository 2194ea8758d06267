import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  literalOf,
  type RepositoryProfile,
  type SensitiveCallLocation,
  scanRepository,
} from '@mark1/scanner';
import { Mark1Error } from '@mark1/sdk';
import { judgeLiteralPath, type SecurityRuleId, type Severity } from './security-rules';
import type { SecurityFinding } from './security-scan';

/** A repository profile from `@mark1/scanner`, or why there is none. */
export type ScanOutcome =
  | { readonly profile: RepositoryProfile; readonly warning?: undefined }
  | { readonly profile?: undefined; readonly warning: string };

/** Scans a plugin folder with `@mark1/scanner` (tree-sitter); a failure becomes a warning, never an error. */
export async function scanPluginFacts(root: string, signal?: AbortSignal): Promise<ScanOutcome> {
  try {
    return {
      profile: await scanRepository(root, {
        signal,
        respectGitignore: false,
        ignore: ['.venv/', 'node_modules/'],
      }),
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = Mark1Error.isInstance(error)
      ? error.message
      : ((error as Error)?.message ?? String(error));
    return {
      warning: `the tree-sitter scan could not run (${message}); only the lexical checks were applied`,
    };
  }
}

/** A line of a file, trimmed, for findings. */
function lineOf(root: string, file: string, line: number, cache: Map<string, string[]>): string {
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = readFileSync(join(root, file), 'utf8').split('\n');
    } catch {
      lines = [];
    }
    cache.set(file, lines);
  }
  return (lines[line - 1] ?? '').trim().slice(0, 160);
}

interface Mapped {
  rule: SecurityRuleId;
  severity: Severity;
  message: string;
  fix: string;
}

function mapCall(call: SensitiveCallLocation): Mapped | 'network' | undefined {
  const what = `${call.callee}()`;
  switch (call.category) {
    case 'code-execution':
      return {
        rule: 'code-execution',
        severity: 'high',
        message: `${what} runs code built at run time`,
        fix: 'parse data (json, ast.literal_eval, JSON.parse) and call functions directly',
      };
    case 'shell':
      return {
        rule: 'shell',
        severity: 'high',
        message: `${what}${call.detail ? ` (${call.detail})` : ''} runs a command line through a shell`,
        fix: 'run the program with an argument list and no shell',
      };
    case 'subprocess':
      return {
        rule: 'subprocess',
        severity: 'low',
        message: `${what} starts another program`,
        fix: 'make sure the program exists in the sandbox and its arguments are not built from untrusted text',
      };
    case 'deserialization':
      return {
        rule: 'deserialization',
        severity: /torch/.test(call.callee) ? 'medium' : 'high',
        message: `${what}${call.detail ? ` (${call.detail})` : ''} can run code hidden in the data it reads`,
        fix: 'read JSON, or yaml.safe_load, for data from outside',
      };
    case 'dynamic-import': {
      const first = literalOf(call.args[0]);
      if (typeof first === 'string' && /^https?:/.test(first)) {
        return {
          rule: 'remote-code',
          severity: 'critical',
          message: `${what} imports from a URL (${first})`,
          fix: 'ship the module with the plugin',
        };
      }
      if (typeof first === 'string') return undefined;
      return {
        rule: 'dynamic-import',
        severity: 'medium',
        message: `${what} imports a module whose name is computed at run time`,
        fix: 'import the modules the plugin needs by name',
      };
    }
    case 'native-code':
      return {
        rule: 'native-code',
        severity: 'medium',
        message: `${what} loads native code`,
        fix: 'prefer a package; native code escapes language-level checks',
      };
    case 'network':
      return 'network';
    case 'filesystem-delete': {
      const target = literalOf(call.args[0]);
      const verdict = typeof target === 'string' ? judgeLiteralPath(target) : undefined;
      return verdict
        ? {
            rule: 'write-outside',
            severity: verdict.severity,
            message: `${what} deletes ${verdict.why}`,
            fix: 'only delete files in the work folder',
          }
        : undefined;
    }
  }
}

/**
 * Security findings and network use from the scanner's sensitive calls (callees resolved through
 * imports and aliases, keyword arguments read), in the same form as the lexical rules' findings.
 */
export function findingsFromProfile(
  profile: RepositoryProfile,
  root: string,
): {
  findings: SecurityFinding[];
  network: { file: string; line: number; column: number; what: string; code: string }[];
} {
  const cache = new Map<string, string[]>();
  const findings: SecurityFinding[] = [];
  const network: { file: string; line: number; column: number; what: string; code: string }[] = [];
  for (const call of profile.sensitiveCalls) {
    const mapped = mapCall(call);
    if (!mapped) continue;
    const code = lineOf(root, call.file, call.line, cache);
    if (mapped === 'network') {
      network.push({
        file: call.file,
        line: call.line,
        column: call.column,
        what: `calls ${call.callee}()`,
        code,
      });
      continue;
    }
    findings.push({ ...mapped, file: call.file, line: call.line, column: call.column, code });
  }
  return { findings, network };
}

/** Names each source file defines, from the scanner: Python top-level functions, classes and `Class.method`; JS exports. */
export function symbolsFromProfile(profile: RepositoryProfile): Map<string, Set<string>> {
  const symbols = new Map<string, Set<string>>();
  for (const module of profile.modules) {
    const names = new Set<string>();
    for (const fact of module.functions) {
      if (fact.topLevel) names.add(fact.qualifiedName);
    }
    for (const fact of module.classes) names.add(fact.name);
    for (const fact of module.exports) names.add(fact.name);
    for (const fact of module.imports)
      for (const imported of fact.names) names.add(imported.alias ?? imported.name);
    symbols.set(module.path, names);
  }
  return symbols;
}
