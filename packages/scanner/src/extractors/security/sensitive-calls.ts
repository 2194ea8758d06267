import type { SensitiveCallCategory, SensitiveCallFact } from '../../profile/file-facts';
import { type StaticValue, booleanOf, literalOf } from '../../profile/static-value';
import type { CallSite, SourceModel } from '../../languages/source-model';
import { JS_HTTP_CALL, PYTHON_HTTP_CALL } from '../network/http-clients';

interface Rule {
  callee: RegExp;
  category:
    | SensitiveCallCategory
    | ((
        site: CallSite,
        args: StaticValue[],
        kwargs: Record<string, StaticValue>,
      ) => { category: SensitiveCallCategory; detail?: string } | undefined);
}

const SUBPROCESS = /^subprocess\.(run|call|check_call|check_output|Popen)$/;

const PYTHON_RULES: readonly Rule[] = [
  { callee: /^(eval|exec)$/, category: 'code-execution' },
  { callee: /^(__import__|importlib\.import_module)$/, category: 'dynamic-import' },
  { callee: /^(os\.system|os\.popen|subprocess\.(getoutput|getstatusoutput))$/, category: 'shell' },
  {
    callee: SUBPROCESS,
    category: (_site, _args, kwargs) =>
      booleanOf(kwargs.shell) === true
        ? { category: 'shell', detail: 'shell=True' }
        : { category: 'subprocess' },
  },
  { callee: /^os\.(exec[lv]p?e?|spawn[lv]p?e?)$/, category: 'subprocess' },
  {
    callee:
      /^(pickle|cPickle|_pickle|dill)\.(load|loads|Unpickler)$|^marshal\.(load|loads)$|^shelve\.open$|^joblib\.load$/,
    category: 'deserialization',
  },
  { callee: /^yaml\.(unsafe_load|full_load|unsafe_load_all)$/, category: 'deserialization' },
  {
    callee: /^yaml\.(load|load_all)$/,
    category: (_site, args, kwargs) => {
      const loader = kwargs.Loader ?? args[1];
      const name = loader?.kind === 'reference' ? loader.name : '';
      return /Safe(Loader)?$|CSafeLoader$/.test(name)
        ? undefined
        : {
            category: 'deserialization',
            detail: loader ? `Loader=${name || 'non-literal'}` : 'no Loader',
          };
    },
  },
  {
    callee: /^torch\.load$/,
    category: (_site, _args, kwargs) =>
      booleanOf(kwargs.weights_only) === true
        ? undefined
        : { category: 'deserialization', detail: 'torch.load without weights_only=True' },
  },
  { callee: PYTHON_HTTP_CALL, category: 'network' },
  {
    callee:
      /^socket\.(socket|create_connection|create_server)$|^websockets?\.(connect|serve|create_connection)$|^paramiko\.SSHClient$|^ftplib\.(FTP|FTP_TLS)$|^smtplib\.(SMTP|SMTP_SSL)$|^grpc\.(insecure_channel|secure_channel)$|^aiohttp\.ClientSession$/,
    category: 'network',
  },
  {
    callee: /^(shutil\.rmtree|os\.(remove|unlink|rmdir|removedirs))$/,
    category: 'filesystem-delete',
  },
  {
    callee: /^ctypes\.(CDLL|WinDLL|cdll\.LoadLibrary|windll\.LoadLibrary|PyDLL)$/,
    category: 'native-code',
  },
];

const CHILD_PROCESS = '(child_process|node:child_process)';

const JS_RULES: readonly Rule[] = [
  {
    callee:
      /^(eval|Function)$|^(vm|node:vm)\.(runInNewContext|runInThisContext|runInContext|Script|compileFunction)$/,
    category: 'code-execution',
  },
  { callee: new RegExp(`^${CHILD_PROCESS}\\.(exec|execSync)$`), category: 'shell' },
  {
    callee: new RegExp(`^${CHILD_PROCESS}\\.(spawn|spawnSync|execFile|execFileSync|fork)$`),
    category: (_site, args) => {
      const options = args.find((arg) => arg.kind === 'dict');
      const shell =
        options?.kind === 'dict'
          ? literalOf(options.entries.find((e) => e.key === 'shell')?.value)
          : undefined;
      return shell === true || typeof shell === 'string'
        ? { category: 'shell', detail: 'shell: true' }
        : { category: 'subprocess' };
    },
  },
  { callee: JS_HTTP_CALL, category: 'network' },
  {
    callee:
      /^(net|node:net)\.(connect|createConnection|createServer)$|^ws(\.WebSocket)?$|^ws\.(WebSocketServer|Server)$|^socket\.io/,
    category: 'network',
  },
  {
    callee:
      /^(fs|node:fs|fs\/promises|node:fs\/promises)\.(rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)$/,
    category: 'filesystem-delete',
  },
];

/** Calls a security review cares about, with their arguments: code execution, shells, subprocesses, unsafe deserialization, network, deletes, native code. */
export function extractSensitiveCalls(model: SourceModel): SensitiveCallFact[] {
  const rules = model.language === 'python' ? PYTHON_RULES : JS_RULES;
  const facts: SensitiveCallFact[] = [];
  for (const site of model.calls) {
    const rule = rules.find((candidate) => candidate.callee.test(site.callee));
    if (!rule) continue;
    const args = site.args.map(
      (arg) =>
        model.valueOf(arg) ?? {
          kind: 'expression' as const,
          text: model.textOf(arg).slice(0, 200),
        },
    );
    const kwargs: Record<string, StaticValue> = {};
    for (const [key, node] of site.keywords)
      kwargs[key] = model.valueOf(node) ?? {
        kind: 'expression',
        text: model.textOf(node).slice(0, 200),
      };
    const verdict =
      typeof rule.category === 'function'
        ? rule.category(site, args, kwargs)
        : { category: rule.category };
    if (!verdict) continue;
    facts.push({
      category: verdict.category,
      callee: site.callee,
      line: site.line,
      column: site.node.startPosition.column + 1,
      args,
      kwargs,
      ...(verdict.detail ? { detail: verdict.detail } : {}),
    });
  }
  return facts;
}
