import type { ServiceUseFact } from '../../profile/file-facts';
import { compareText } from '../../profile/ordering';
import { stringOf } from '../../profile/static-value';
import type { SourceModel } from '../../languages/source-model';
import { JS_HTTP_CALL, PYTHON_HTTP_CALL } from '../network/http-clients';
import { anchoredMatches } from './anchored-matches';
import {
  AWS_CLIENTS,
  AWS_KINDS,
  LLM_API_HOSTS,
  SERVICE_CATALOG,
  serviceOfModule,
} from './service-catalog';

const SCHEMES = new Map<string, (typeof SERVICE_CATALOG)[number]>();
for (const service of SERVICE_CATALOG)
  for (const scheme of service.schemes ?? []) SCHEMES.set(scheme, service);
// Sticky: tried only just before each `://` (see anchoredMatches).
const SCHEME_URL = new RegExp(
  `\\b(${[...SCHEMES.keys()].map((s) => s.replace(/[+]/g, '\\+')).join('|')})(?:\\+[\\w]+)?://[^\\s'"\`]*`,
  'y',
);
const STRING_NODES = new Set([
  'string',
  'string_content',
  'string_fragment',
  'template_string',
  'concatenated_string',
]);
const LOCAL_HOSTS =
  /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|example\.(com|org)|.*\.example\.com)$/;

/** The host of a URL written in code, when it has a literal scheme and host. */
export function hostOf(url: string): string | undefined {
  const match = /^https?:\/\/([^/:?#{}$'"\s]+)/.exec(url.trim());
  return match?.[1]?.toLowerCase();
}

/**
 * Signs in one file that the code talks to an external service: imports of client libraries,
 * `boto3.client("s3")`, connection URLs in string literals (`postgresql://`, `redis://`), and the
 * hosts of HTTP requests with literal URLs.
 */
export function extractServiceUses(model: SourceModel): ServiceUseFact[] {
  const uses: ServiceUseFact[] = [];
  const language = model.language === 'python' ? 'python' : 'js';
  for (const fact of model.imports) {
    if (fact.typeOnly) continue;
    const service = serviceOfModule(fact.module, language);
    if (service)
      uses.push({
        service: service.id,
        kind: service.kind,
        line: fact.line,
        via: 'import',
        detail: fact.module,
      });
    if (language === 'python') {
      for (const { name } of fact.names) {
        const nested = serviceOfModule(`${fact.module}.${name}`, language);
        if (nested && nested !== service)
          uses.push({
            service: nested.id,
            kind: nested.kind,
            line: fact.line,
            via: 'import',
            detail: `${fact.module}.${name}`,
          });
      }
    }
  }
  const httpCall = language === 'python' ? PYTHON_HTTP_CALL : JS_HTTP_CALL;
  for (const site of model.calls) {
    if (
      /^(boto3|aioboto3)\.(client|resource)$|^boto3\.session\.Session\(\)\.(client|resource)$|^boto3\.Session\(\)\.(client|resource)$/.test(
        site.callee,
      )
    ) {
      const name = stringOf(model.valueOf(site.args[0] ?? site.keywords.get('service_name')));
      const id = name ? AWS_CLIENTS[name] : undefined;
      if (id)
        uses.push({
          service: id,
          kind: AWS_KINDS[id] ?? 'http-api',
          line: site.line,
          via: 'call',
          detail: `${site.callee}("${name}")`,
        });
      continue;
    }
    if (!httpCall.test(site.callee)) continue;
    const urlNode = site.keywords.get('url') ?? site.args[0];
    if (!urlNode) continue;
    const value = model.valueOf(urlNode);
    const url =
      value?.kind === 'string' ? value.value : model.textOf(urlNode).replace(/^[fr]?['"`]/, '');
    const host = hostOf(url);
    if (!host || LOCAL_HOSTS.test(host)) {
      const llm = LLM_API_HOSTS.find((candidate) => candidate.pattern.test(url));
      if (llm)
        uses.push({
          service: llm.id,
          kind: 'llm-api',
          line: site.line,
          via: 'call',
          detail: url.slice(0, 120),
        });
      continue;
    }
    const llm = LLM_API_HOSTS.find((candidate) => candidate.pattern.test(url));
    uses.push({
      service: llm?.id ?? host,
      kind: llm ? 'llm-api' : 'http-api',
      line: site.line,
      via: 'call',
      detail: `${site.callee} ${url.slice(0, 120)}`,
    });
  }
  for (const match of anchoredMatches(model.source, SCHEME_URL, '://')) {
    const scheme = match[1]!;
    const service = SCHEMES.get(scheme);
    if (!service) continue;
    const node = model.root.descendantForIndex(match.index, match.index + 1);
    if (!STRING_NODES.has(node.type) && !STRING_NODES.has(node.parent?.type ?? '')) continue;
    const line = model.source.slice(0, match.index).split('\n').length;
    uses.push({
      service: service.id,
      kind: service.kind,
      line,
      via: 'url',
      detail: redactUrl(match[0]),
    });
  }
  return uses.sort((a, b) => a.line - b.line || compareText(a.service, b.service));
}

/** Drops a password from `scheme://user:password@host`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/:@\s]+):[^@/\s]+@/, '$1:***@').slice(0, 160);
}
