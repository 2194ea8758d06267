import type {
  CliProgramFact,
  FileFacts,
  ParsedLanguage,
  RouteMountFact,
} from '../profile/file-facts';
import { parseSource } from '../languages/parse-source';
import type { SourceModel } from '../languages/source-model';
import { syntaxErrorsOf } from '../languages/syntax-errors';
import { extractAgentFacts } from './agents/agent-facts';
import { extractArgparsePrograms } from './cli/argparse-programs';
import { extractClickPrograms } from './cli/click-programs';
import { extractCommanderPrograms } from './cli/commander-programs';
import { extractFirePrograms } from './cli/fire-programs';
import { extractSysArgvProgram } from './cli/sys-argv-program';
import { extractTyperPrograms } from './cli/typer-programs';
import { extractYargsPrograms } from './cli/yargs-programs';
import { extractJsEnvReads } from './environment/js-env-reads';
import { extractPydanticSettings } from './environment/pydantic-settings';
import { type EnvReads, extractPythonEnvReads } from './environment/python-env-reads';
import { extractLlmCalls } from './llm/llm-calls';
import { extractResourceHints } from './resources/resource-hints';
import { extractExpressRoutes } from './routes/express-routes';
import { extractPythonRoutes } from './routes/python-routes';
import { extractSensitiveCalls } from './security/sensitive-calls';
import { extractServiceUses } from './services/service-uses';
import { extractJsStructure } from './structure/js-structure';
import { extractPythonStructure } from './structure/python-structure';

const PYTHON_PRINTS = {
  all: /\bprint\s*\(|sys\.stdout\.write\s*\(/g,
  json: /\bprint\s*\(\s*json\.dumps\s*\(|json\.dump\s*\([^)]*sys\.stdout/g,
};
const JS_PRINTS = {
  all: /console\.log\s*\(|process\.stdout\.write\s*\(/g,
  json: /console\.log\s*\(\s*JSON\.stringify\s*\(|process\.stdout\.write\s*\(\s*JSON\.stringify\s*\(/g,
};

/** True when every print of the file prints JSON (so its standard output is JSON whatever the options). */
function printsOnlyJson(source: string, python: boolean): boolean {
  const patterns = python ? PYTHON_PRINTS : JS_PRINTS;
  const json = source.match(patterns.json)?.length ?? 0;
  return json > 0 && json >= (source.match(patterns.all)?.length ?? 0);
}

/**
 * Runs every per-file extractor on one source file: parses it once with tree-sitter (error-tolerant:
 * a file with syntax errors still yields the facts of the parts that parse) and returns its
 * {@link FileFacts}. An extractor that throws is recorded in `extractorFailures`; the others still run.
 */
export function analyzeSource(source: string, language: ParsedLanguage): FileFacts {
  const model = parseSource(source, language);
  return analyzeModel(model);
}

/** {@link analyzeSource} on an already parsed file. */
export function analyzeModel(model: SourceModel): FileFacts {
  const failures: FileFacts['extractorFailures'] = [];
  const run = <T>(extractor: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      failures.push({ extractor, message: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  };
  const python = model.language === 'python';
  const structure = python
    ? run('structure', { functions: [], classes: [] }, () => extractPythonStructure(model))
    : run('structure', { functions: [], classes: [], exports: [] }, () =>
        extractJsStructure(model),
      );
  const noEnv: EnvReads = { reads: [], dotenvLoads: [], dynamic: 0 };
  const env = run('environment', noEnv, () =>
    python ? extractPythonEnvReads(model) : extractJsEnvReads(model),
  );
  if (python) env.reads.push(...run('pydantic-settings', [], () => extractPydanticSettings(model)));
  const cliPrograms: CliProgramFact[] = [];
  if (python) {
    cliPrograms.push(...run('argparse', [], () => extractArgparsePrograms(model)));
    cliPrograms.push(...run('click', [], () => extractClickPrograms(model)));
    cliPrograms.push(...run('typer', [], () => extractTyperPrograms(model)));
    cliPrograms.push(...run('fire', [], () => extractFirePrograms(model, structure.functions)));
    if (cliPrograms.length === 0) {
      const argv = run('sys-argv', undefined, () => extractSysArgvProgram(model));
      if (argv) cliPrograms.push(argv);
    }
  } else {
    cliPrograms.push(...run('commander', [], () => extractCommanderPrograms(model)));
    cliPrograms.push(...run('yargs', [], () => extractYargsPrograms(model)));
  }
  const { routes, servers, mounts } = run(
    'routes',
    { routes: [], servers: [], mounts: [] as RouteMountFact[] },
    () => (python ? { ...extractPythonRoutes(model), mounts: [] } : extractExpressRoutes(model)),
  );
  const llmCalls = run('llm', [], () => extractLlmCalls(model));
  const agents = run(
    'agents',
    {
      frameworks: [],
      tools: [],
      agentConstructors: [],
      graphs: [],
      crewAgents: [],
      crewTasks: [],
      crews: [],
      loops: [],
    },
    () => extractAgentFacts(model, llmCalls),
  );
  const services = run('services', [], () => extractServiceUses(model));
  const sensitiveCalls = run('security', [], () => extractSensitiveCalls(model));
  const resources = run('resources', { gpu: [], longRunning: [] }, () =>
    extractResourceHints(model, servers),
  );
  const firstLine = model.source.split('\n', 1)[0] ?? '';
  const lineCount = model.root.endPosition.row + 1;
  return {
    language: model.language,
    lineCount,
    functions: structure.functions,
    classes: structure.classes,
    imports: model.imports,
    exports: 'exports' in structure ? structure.exports : [],
    ...('declaredAll' in structure && structure.declaredAll
      ? { declaredAll: structure.declaredAll }
      : {}),
    ...(structure.mainGuard ? { mainGuard: structure.mainGuard } : {}),
    ...(firstLine.startsWith('#!') ? { shebang: firstLine.slice(2).trim() } : {}),
    envReads: env.reads,
    dotenvLoads: env.dotenvLoads,
    dynamicEnvReads: env.dynamic,
    cliPrograms,
    routes,
    routeMounts: mounts,
    servers,
    llmCalls,
    agents,
    services,
    sensitiveCalls,
    resources,
    printsJson: printsOnlyJson(model.source, python),
    syntaxErrors: syntaxErrorsOf(model.root),
    extractorFailures: failures,
  };
}
