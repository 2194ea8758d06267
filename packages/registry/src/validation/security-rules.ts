import { literalAt, type MaskedSource, type SourceLanguage } from './source-text';

/** How bad a finding is. `info` findings are shown but cost no points. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Kinds of risky patterns the security scan reports. */
export const SECURITY_RULES = {
  /** `eval`, `exec`, `new Function`, `vm.run*`: code built at run time. */
  'code-execution': 'runs code built at run time',
  /** Code fetched from the network and run (`import('https://...')`, `curl ... | sh`, `exec(urlopen(...))`). */
  'remote-code': 'runs code fetched from the network',
  /** A shell runs a command line (`os.system`, `shell=True`, `child_process.exec`). */
  shell: 'runs a command line through a shell',
  /** Unsafe deserialization (`pickle.loads`, `yaml.load` without SafeLoader, `marshal`, `torch.load`). */
  deserialization: 'deserializes data in a way that can run code',
  /** `__import__`/`importlib`/`import()`/`require()` of a name computed at run time. */
  'dynamic-import': 'imports a module whose name is computed at run time',
  /** Network use while the manifest declares `permissions.network: false`. */
  'undeclared-network': 'uses the network without declaring it',
  /** Writes, deletes or moves files outside the plugin's work folder (absolute, home, `..` paths). */
  'write-outside': 'writes outside its own folders',
  /** Loads native libraries (`ctypes`). */
  'native-code': 'loads native code',
  /** Something that looks like a credential in the source. */
  'hardcoded-secret': 'holds what looks like a credential',
  /** Starts other programs without a shell (reported for review). */
  subprocess: 'starts other programs',
} as const;

/** A security rule id. */
export type SecurityRuleId = keyof typeof SECURITY_RULES;

/** A match of a rule in one file. */
export interface RuleMatch {
  readonly rule: SecurityRuleId;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  readonly offset: number;
}

/** Evidence that a file uses the network (an import or a call). */
export interface NetworkEvidence {
  readonly what: string;
  readonly offset: number;
}

/** Everything the rules found in one file. */
export interface FileScan {
  readonly matches: readonly RuleMatch[];
  readonly network: readonly NetworkEvidence[];
}

/** Python modules whose import means network use. */
export const PYTHON_NETWORK_MODULES =
  /^(requests|urllib\.request|urllib3|http\.client|httpx|aiohttp|socket|websockets?|paramiko|ftplib|smtplib|imaplib|poplib|telnetlib|grpc|boto3|botocore|openai|anthropic|cohere|google\.generativeai|pymongo|psycopg2?|redis|pika|kafka)(\.|$)/;
const JS_NETWORK_MODULES =
  /^(node:)?(http|https|http2|net|tls|dgram)$|^(axios|node-fetch|got|undici|ws|request|superagent|socket\.io-client|openai|@anthropic-ai\/sdk|pg|mysql2?|mongodb|redis|ioredis)(\/|$)/;
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH )?PRIVATE KEY-----/, 'a private key'],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/, 'an API key (sk-...)'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/, 'a Slack token'],
];

/** Finds the arguments text of a call whose `(` is at `open` (the masked text has no strings, so parentheses balance). */
export function callArguments(masked: string, open: number): string {
  let depth = 0;
  for (let index = open; index < masked.length; index += 1) {
    const char = masked[index];
    if (char === '(' || char === '[' || char === '{') depth += 1;
    else if (char === ')' || char === ']' || char === '}') {
      depth -= 1;
      if (depth === 0) return masked.slice(open + 1, index);
    }
  }
  return masked.slice(open + 1, Math.min(masked.length, open + 2000));
}

/** Splits top-level call arguments on commas. */
export function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of args) {
    if (char === '(' || char === '[' || char === '{') depth += 1;
    if (char === ')' || char === ']' || char === '}') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Where a write lands, when outside the plugin's folders. */
export type PathVerdict = { severity: Severity; why: string } | undefined;

/** Whether a literal path written to lands outside the plugin's folders (absolute, home, `..`). */
export function judgeLiteralPath(literal: string): PathVerdict {
  if (/^(\/tmp|\/var\/tmp)(\/|$)/.test(literal))
    return { severity: 'low', why: `the shared temporary folder (${literal})` };
  if (literal.startsWith('/') || /^[A-Za-z]:[\\/]/.test(literal))
    return { severity: 'high', why: `the absolute path ${literal}` };
  if (literal.startsWith('~')) return { severity: 'high', why: `the home folder (${literal})` };
  if (/(^|[\\/])\.\.([\\/]|$)/.test(literal))
    return { severity: 'high', why: `${literal}, which climbs out with ".."` };
  return undefined;
}

/** Whether a write target (a literal path, or an expression) lands outside the plugin's folders. */
function judgeTarget(source: MaskedSource, argument: string | undefined): PathVerdict {
  if (!argument) return undefined;
  const literal = literalAt(
    source,
    argument.replace(/^(?:[rRbBfF]|Path\s*\()/, '').replace(/\)$/, ''),
  );
  if (literal !== undefined) return judgeLiteralPath(literal);
  if (/expanduser|Path\.home\s*\(|homedir\s*\(|\bHOME\b|USERPROFILE/.test(argument)) {
    return { severity: 'high', why: "the user's home folder" };
  }
  return undefined;
}

function* pythonMatches(source: MaskedSource): Generator<RuleMatch> {
  const text = source.masked;
  const calls = (pattern: RegExp) =>
    [...text.matchAll(pattern)].map((match) => ({
      match,
      args: callArguments(text, match.index + match[0].length - 1),
    }));
  for (const { match, args } of calls(/(?<![\w.])(eval|exec)\s*\(/g)) {
    if (/urlopen|requests\.(get|post)|httpx\.|urllib/.test(args)) {
      yield {
        rule: 'remote-code',
        severity: 'critical',
        message: `${match[1]}() runs code downloaded from the network`,
        fix: 'ship the code with the plugin instead of downloading it',
        offset: match.index,
      };
    } else {
      yield {
        rule: 'code-execution',
        severity: 'high',
        message: `${match[1]}() runs code built at run time`,
        fix: 'parse data with json/ast.literal_eval or call functions directly',
        offset: match.index,
      };
    }
  }
  for (const match of text.matchAll(
    /\b(os\.system|os\.popen|subprocess\.getoutput|subprocess\.getstatusoutput)\s*\(/g,
  )) {
    yield {
      rule: 'shell',
      severity: 'high',
      message: `${match[1]}() runs a command line through a shell`,
      fix: 'use subprocess.run([...]) with an argument list and shell=False',
      offset: match.index,
    };
  }
  for (const { match, args } of calls(
    /\b(?:subprocess\.)?(run|call|check_call|check_output|Popen)\s*\(/g,
  )) {
    if (!/subprocess\./.test(match[0]) && !/\bsubprocess\b/.test(text)) continue;
    if (/\bshell\s*=\s*True\b/.test(args)) {
      yield {
        rule: 'shell',
        severity: 'high',
        message: `subprocess.${match[1]}(..., shell=True) runs a command line through a shell`,
        fix: 'pass an argument list and drop shell=True',
        offset: match.index,
      };
    } else if (/subprocess\./.test(match[0])) {
      yield {
        rule: 'subprocess',
        severity: 'low',
        message: `subprocess.${match[1]}() starts another program`,
        fix: 'make sure the program exists in the sandbox and its arguments are not built from untrusted text',
        offset: match.index,
      };
    }
  }
  for (const match of text.matchAll(
    /\b((?:c?[pP]ickle|_pickle|dill)\.(?:loads?|Unpickler)|marshal\.loads?|shelve\.open|joblib\.load|yaml\.(?:unsafe_load|full_load|unsafe_load_all))\s*\(/g,
  )) {
    yield {
      rule: 'deserialization',
      severity: 'high',
      message: `${match[1]}() can run code hidden in the data it reads`,
      fix: 'read JSON, or yaml.safe_load, for data from outside',
      offset: match.index,
    };
  }
  for (const { match, args } of calls(/\byaml\.(load|load_all)\s*\(/g)) {
    if (/Safe(Loader)?\b|CSafeLoader/.test(args)) continue;
    yield {
      rule: 'deserialization',
      severity: 'high',
      message: `yaml.${match[1]}() without SafeLoader can build arbitrary objects`,
      fix: 'use yaml.safe_load()',
      offset: match.index,
    };
  }
  for (const { match, args } of calls(/\btorch\.load\s*\(/g)) {
    if (/weights_only\s*=\s*True/.test(args)) continue;
    yield {
      rule: 'deserialization',
      severity: 'medium',
      message: 'torch.load() without weights_only=True unpickles arbitrary objects',
      fix: 'pass weights_only=True',
      offset: match.index,
    };
  }
  for (const { match, args } of calls(/\b(__import__|importlib\.import_module)\s*\(/g)) {
    const first = literalAt(source, splitArguments(args)[0]);
    if (first === undefined) {
      yield {
        rule: 'dynamic-import',
        severity: 'medium',
        message: `${match[1]}() imports a module whose name is computed at run time`,
        fix: 'import the modules the plugin needs by name',
        offset: match.index,
      };
    } else if (/^https?:/.test(first)) {
      yield {
        rule: 'remote-code',
        severity: 'critical',
        message: `${match[1]}() imports from a URL (${first})`,
        fix: 'ship the module with the plugin',
        offset: match.index,
      };
    }
  }
  for (const match of text.matchAll(
    /\bctypes\.(CDLL|WinDLL|PyDLL|cdll\.LoadLibrary|windll\.LoadLibrary)\s*\(/g,
  )) {
    yield {
      rule: 'native-code',
      severity: 'medium',
      message: `ctypes.${match[1]}() loads a native library`,
      fix: 'prefer a Python package; native code escapes Python-level checks',
      offset: match.index,
    };
  }
  for (const { match, args } of calls(/(?<![\w.])open\s*\(/g)) {
    const parts = splitArguments(args);
    const modeArgument =
      parts.find((part) => /^mode\s*=/.test(part))?.replace(/^mode\s*=\s*/, '') ??
      (parts[1] && !parts[1].includes('=') ? parts[1] : undefined);
    const mode = literalAt(source, modeArgument) ?? 'r';
    if (!/[wax+]/.test(mode)) continue;
    const verdict = judgeTarget(source, parts[0]);
    if (verdict)
      yield {
        rule: 'write-outside',
        severity: verdict.severity,
        message: `open(..., "${mode}") writes to ${verdict.why}`,
        fix: 'write into the work folder or MARK1_OUTPUT_DIR (relative paths)',
        offset: match.index,
      };
  }
  for (const match of text.matchAll(
    /\bPath\s*\(([^()]*)\)\s*\.(write_text|write_bytes|mkdir|touch|unlink|rmdir|rename|replace|chmod)\s*\(/g,
  )) {
    const verdict = judgeTarget(source, match[1]!.trim());
    if (verdict)
      yield {
        rule: 'write-outside',
        severity: verdict.severity,
        message: `Path(...).${match[2]}() changes ${verdict.why}`,
        fix: 'write into the work folder or MARK1_OUTPUT_DIR (relative paths)',
        offset: match.index,
      };
  }
  for (const { match, args } of calls(
    /\b(shutil\.(?:rmtree|copy|copy2|copyfile|copytree|move)|os\.(?:remove|unlink|rmdir|removedirs|makedirs|mkdir|rename|replace|chmod|chown))\s*\(/g,
  )) {
    const parts = splitArguments(args);
    const target = /copy|move|rename|replace/.test(match[1]!) ? parts[1] : parts[0];
    const verdict = judgeTarget(source, target);
    if (verdict)
      yield {
        rule: 'write-outside',
        severity: verdict.severity,
        message: `${match[1]}() changes ${verdict.why}`,
        fix: 'only change files in the work folder or MARK1_OUTPUT_DIR',
        offset: match.index,
      };
  }
}

function childProcessBindings(source: MaskedSource): {
  namespaces: Set<string>;
  functions: Set<string>;
} {
  const namespaces = new Set<string>();
  const functions = new Set<string>();
  const isChildProcess = (token: string) =>
    /^(node:)?child_process$/.test(literalAt(source, token) ?? '');
  for (const match of source.masked.matchAll(
    /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*(S\d+)\s*\)/g,
  )) {
    if (isChildProcess(match[2]!)) namespaces.add(match[1]!);
  }
  for (const match of source.masked.matchAll(
    /\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\(\s*(S\d+)\s*\)/g,
  )) {
    if (isChildProcess(match[2]!))
      for (const name of match[1]!.split(',')) functions.add(name.split(':').pop()!.trim());
  }
  for (const match of source.masked.matchAll(
    /\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+(S\d+)/g,
  )) {
    if (isChildProcess(match[2]!)) namespaces.add(match[1]!);
  }
  for (const match of source.masked.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s+(S\d+)/g)) {
    if (isChildProcess(match[2]!))
      for (const name of match[1]!.split(','))
        functions.add(
          name
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        );
  }
  return { namespaces, functions };
}

function* javascriptMatches(source: MaskedSource): Generator<RuleMatch> {
  const text = source.masked;
  for (const match of text.matchAll(
    /(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(|(?<![\w$.])Function\s*\(|\bvm\.(?:runInNewContext|runInThisContext|runInContext|compileFunction)\s*\(|\bnew\s+vm\.Script\s*\(/g,
  )) {
    yield {
      rule: 'code-execution',
      severity: 'high',
      message: `${match[0].replace(/\s*\($/, '')}(...) runs code built at run time`,
      fix: 'parse data with JSON.parse and call functions directly',
      offset: match.index,
    };
  }
  const { namespaces, functions } = childProcessBindings(source);
  const callee = (name: string) =>
    [...namespaces]
      .map((ns) => `${ns}\\.${name}`)
      .concat(functions.has(name) ? [`(?<![\\w$.])${name}`] : []);
  for (const name of ['exec', 'execSync']) {
    for (const pattern of callee(name)) {
      for (const match of text.matchAll(new RegExp(`${pattern}\\s*\\(`, 'g'))) {
        yield {
          rule: 'shell',
          severity: 'high',
          message: `child_process.${name}() runs a command line through a shell`,
          fix: 'use execFile/spawn with an argument list',
          offset: match.index,
        };
      }
    }
  }
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']) {
    for (const pattern of callee(name)) {
      for (const match of text.matchAll(new RegExp(`${pattern}\\s*\\(`, 'g'))) {
        const args = callArguments(text, match.index + match[0].length - 1);
        if (/\bshell\s*:\s*(true|S\d+)/.test(args)) {
          yield {
            rule: 'shell',
            severity: 'high',
            message: `child_process.${name}(..., { shell: true }) runs a command line through a shell`,
            fix: 'drop the shell option and pass an argument list',
            offset: match.index,
          };
        } else {
          yield {
            rule: 'subprocess',
            severity: 'low',
            message: `child_process.${name}() starts another program`,
            fix: 'make sure the program exists in the sandbox and its arguments are not built from untrusted text',
            offset: match.index,
          };
        }
      }
    }
  }
  for (const match of text.matchAll(/(?<![\w$.])(import|require)\s*\(\s*([^)]*)\)/g)) {
    const argument = match[2]!.trim();
    const literal = literalAt(source, argument);
    if (literal !== undefined && /^https?:/.test(literal)) {
      yield {
        rule: 'remote-code',
        severity: 'critical',
        message: `${match[1]}() loads code from a URL (${literal})`,
        fix: 'ship the module with the plugin',
        offset: match.index,
      };
    } else if (literal === undefined && argument.length > 0) {
      yield {
        rule: 'dynamic-import',
        severity: 'medium',
        message: `${match[1]}() loads a module whose name is computed at run time`,
        fix: 'import the modules the plugin needs by name',
        offset: match.index,
      };
    }
  }
  for (const match of text.matchAll(/\bimport\s+(?:[^;]*?\s+from\s+)?(S\d+)/g)) {
    const literal = literalAt(source, match[1]);
    if (literal !== undefined && /^https?:/.test(literal)) {
      yield {
        rule: 'remote-code',
        severity: 'critical',
        message: `imports code from a URL (${literal})`,
        fix: 'ship the module with the plugin',
        offset: match.index,
      };
    }
  }
  for (const match of text.matchAll(/\b(?:unserialize|v8\.deserialize)\s*\(/g)) {
    yield {
      rule: 'deserialization',
      severity: 'high',
      message: `${match[0].replace(/\s*\($/, '')}() can rebuild functions from the data it reads`,
      fix: 'use JSON.parse',
      offset: match.index,
    };
  }
  const writes =
    'writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|rm|rmSync|unlink|unlinkSync|rmdir|rmdirSync|rename|renameSync|copyFile|copyFileSync|cp|cpSync|chmod|chmodSync';
  for (const match of text.matchAll(
    new RegExp(
      `(?:\\bfs(?:\\.promises)?\\.|\\bfsp\\.|\\bfsPromises\\.|(?<![\\w$.]))(${writes})\\s*\\(`,
      'g',
    ),
  )) {
    const parts = splitArguments(callArguments(text, match.index + match[0].length - 1));
    const target = /rename|copy|cp/.test(match[1]!) ? parts[1] : parts[0];
    const verdict = judgeTarget(source, target);
    if (verdict)
      yield {
        rule: 'write-outside',
        severity: verdict.severity,
        message: `${match[1]}() changes ${verdict.why}`,
        fix: 'write into the work folder or MARK1_OUTPUT_DIR (relative paths)',
        offset: match.index,
      };
  }
}

function* shellMatches(source: MaskedSource): Generator<RuleMatch> {
  const text = source.masked;
  for (const match of text.matchAll(/\b(curl|wget)\b[^|\n]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/g)) {
    yield {
      rule: 'remote-code',
      severity: 'critical',
      message: `${match[1]} ... | sh runs a script downloaded from the network`,
      fix: 'ship the script with the plugin',
      offset: match.index,
    };
  }
  for (const match of text.matchAll(
    /\brm\s+-[A-Za-z]*[rR][A-Za-z]*\s+(?:-[A-Za-z]+\s+)*(\/|~|\$HOME|\$\{HOME\})/g,
  )) {
    yield {
      rule: 'write-outside',
      severity: 'high',
      message: `rm -r on ${match[1]} deletes outside the plugin's folders`,
      fix: 'only delete files in the work folder',
      offset: match.index,
    };
  }
  for (const match of text.matchAll(/(?<![\w-])eval\s/g)) {
    yield {
      rule: 'code-execution',
      severity: 'medium',
      message: 'eval runs a command line built at run time',
      fix: 'run commands directly',
      offset: match.index,
    };
  }
}

function networkEvidence(source: MaskedSource): NetworkEvidence[] {
  const found: NetworkEvidence[] = [];
  const text = source.masked;
  if (source.language === 'python') {
    for (const match of text.matchAll(
      /^[ \t]*(?:import[ \t]+([\w., \t]+)|from[ \t]+([\w.]+)[ \t]+import)/gm,
    )) {
      const modules = (match[1] ?? match[2] ?? '')
        .split(',')
        .map((part) => part.trim().split(/\s+/)[0]!);
      const hit = modules.find((module) => PYTHON_NETWORK_MODULES.test(module));
      if (hit) found.push({ what: `imports ${hit}`, offset: match.index });
    }
    for (const match of text.matchAll(/\burlopen\s*\(/g))
      found.push({ what: 'calls urlopen()', offset: match.index });
  } else if (source.language === 'javascript') {
    for (const match of text.matchAll(
      /\b(?:require|import)\s*\(?\s*(?:[^;]*?\s+from\s+)?(S\d+)/g,
    )) {
      const module = literalAt(source, match[1]);
      if (module && JS_NETWORK_MODULES.test(module))
        found.push({ what: `imports ${module}`, offset: match.index });
    }
    for (const match of text.matchAll(
      /(?<![\w$.])(fetch|WebSocket|XMLHttpRequest|EventSource)\s*\(/g,
    )) {
      found.push({ what: `calls ${match[1]}()`, offset: match.index });
    }
  } else {
    for (const match of text.matchAll(/(?<![\w-])(curl|wget|nc|ssh|scp|rsync)\s/g))
      found.push({ what: `runs ${match[1]}`, offset: match.index });
  }
  return found;
}

function secretMatches(source: MaskedSource): RuleMatch[] {
  const found: RuleMatch[] = [];
  const text = source.masked;
  for (const match of text.matchAll(/S(\d+)/g)) {
    const value = source.strings[Number(match[1])] ?? '';
    for (const [pattern, what] of SECRET_PATTERNS) {
      if (pattern.test(value)) {
        found.push({
          rule: 'hardcoded-secret',
          severity: 'medium',
          message: `a string literal looks like ${what}`,
          fix: 'read it from an environment variable declared `secret: true` in the manifest, and revoke the leaked one',
          offset: match.index,
        });
        break;
      }
    }
  }
  return found;
}

const MATCHERS: Record<SourceLanguage, (source: MaskedSource) => Iterable<RuleMatch>> = {
  python: pythonMatches,
  javascript: javascriptMatches,
  shell: shellMatches,
};

/** Runs every rule of the file's language over a masked source. */
export function scanSource(source: MaskedSource): FileScan {
  return {
    matches: [...MATCHERS[source.language](source), ...secretMatches(source)],
    network: networkEvidence(source),
  };
}
