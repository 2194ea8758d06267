import type { LlmCallFact, LlmProvider } from '../../profile/file-facts';
import { type StaticValue, renderStaticValue, stringOf } from '../../profile/static-value';
import { type CallSite, type SourceModel, type SyntaxNode } from '../../languages/source-model';
import { JS_HTTP_CALL, PYTHON_HTTP_CALL } from '../network/http-clients';
import {
  JS_LLM_APIS,
  LANGCHAIN_MODEL_CLASSES,
  LANGCHAIN_MODEL_KEYS,
  LLM_HOSTS,
  type LlmApiPattern,
  PYTHON_LLM_APIS,
  providerOfModelName,
} from './llm-providers';

const ENV_CALLS = /^(os\.getenv|os\.environ\.get)$/;

/** What is known of a model argument: a literal, a literal env fallback, or only its text. */
function modelFrom(value: StaticValue | undefined): { model?: string; modelExpression?: string } {
  if (!value) return {};
  if (value.kind === 'string') return { model: value.value };
  if (value.kind === 'call' && ENV_CALLS.test(value.callee)) {
    const fallback = stringOf(value.args[1] ?? value.kwargs.default);
    return { ...(fallback ? { model: fallback } : {}), modelExpression: renderStaticValue(value) };
  }
  return { modelExpression: renderStaticValue(value).slice(0, 120) };
}

function dictEntry(
  value: StaticValue | undefined,
  keys: readonly string[],
): StaticValue | undefined {
  if (value?.kind !== 'dict') return undefined;
  for (const key of keys) {
    const found = value.entries.find((e) => e.key === key);
    if (found) return found.value;
  }
  return undefined;
}

/** The model argument of a call: a keyword (Python), an options-object property (JS), or a position. */
function modelArgument(
  model: SourceModel,
  site: CallSite,
  keys: readonly string[],
  position?: number,
): StaticValue | undefined {
  if (model.language === 'python') {
    for (const key of keys) {
      const node = site.keywords.get(key);
      if (node) return model.valueOf(node);
    }
    return position === undefined ? undefined : model.valueOf(site.args[position]);
  }
  const first = model.valueOf(site.args[0]);
  if (first?.kind === 'dict') return dictEntry(first, keys);
  return position === undefined ? undefined : first;
}

/** The constructor call a client method hangs off (`OpenAI(base_url=...)` for `client.chat.completions.create`). */
function clientConstructor(
  site: CallSite,
): Extract<CallSite['chain']['segments'][number], { kind: 'call' }> | undefined {
  const segment = site.chain.segments.find((s, i) => s.kind === 'call' && i < site.index);
  return segment?.kind === 'call' ? segment : undefined;
}

/** An OpenAI-compatible client pointed at Ollama (`base_url="http://localhost:11434/v1"`). */
function baseUrlProvider(model: SourceModel, site: CallSite): LlmProvider | undefined {
  const constructor = clientConstructor(site);
  if (!constructor) return undefined;
  let url: string | undefined;
  if (model.language === 'python') {
    const node = constructor.keywords.get('base_url') ?? constructor.keywords.get('api_base');
    url = node ? model.textOf(node) : undefined;
  } else {
    const options = model.valueOf(constructor.args[0]);
    const value = dictEntry(options, ['baseURL', 'baseUrl']);
    url = value ? renderStaticValue(value) : undefined;
  }
  if (!url) return undefined;
  return LLM_HOSTS.find((host) => host.pattern.test(url!))?.provider;
}

function fromPattern(model: SourceModel, site: CallSite, pattern: LlmApiPattern): LlmCallFact {
  const found = modelFrom(modelArgument(model, site, pattern.model.keys, pattern.model.position));
  let provider = pattern.provider;
  if (provider === 'unknown') provider = providerOfModelName(found.model);
  if (pattern.via === 'openai-sdk') provider = baseUrlProvider(model, site) ?? provider;
  return { provider, via: pattern.via, api: site.callee, line: site.line, ...found };
}

function fromLangChain(model: SourceModel, site: CallSite): LlmCallFact | undefined {
  const root = site.chain.root;
  if (!root.startsWith('langchain') && !root.startsWith('@langchain/')) return undefined;
  const member = site.callee.split('.').pop()!;
  const isConstructor = site.index === 0 || site.chain.segments[site.index - 1]?.kind === 'member';
  if (!isConstructor) return undefined;
  if (member === 'init_chat_model' || member === 'initChatModel') {
    const found = modelFrom(modelArgument(model, site, ['model'], 0));
    const providerName = stringOf(model.valueOf(site.keywords.get('model_provider')));
    const provider = providerOfModelName(providerName ? `${providerName}:` : found.model);
    return { provider, via: 'langchain', api: site.callee, line: site.line, ...found };
  }
  const provider = LANGCHAIN_MODEL_CLASSES[member];
  if (!provider) return undefined;
  const found = modelFrom(modelArgument(model, site, LANGCHAIN_MODEL_KEYS));
  return { provider, via: 'langchain', api: site.callee, line: site.line, ...found };
}

/** Vercel AI SDK: `generateText({ model: openai("gpt-4o") })`. */
function fromAiSdk(model: SourceModel, site: CallSite): LlmCallFact | undefined {
  if (!/^ai\.(generateText|streamText|generateObject|streamObject|embed)$/.test(site.callee))
    return undefined;
  const modelValue = dictEntry(model.valueOf(site.args[0]), ['model']);
  if (modelValue?.kind === 'call') {
    const provider = providerOfModelName(`${modelValue.callee.split('.').pop()}:`);
    const name = stringOf(modelValue.args[0]);
    return {
      provider,
      via: 'ai-sdk',
      api: site.callee,
      line: site.line,
      ...(name ? { model: name } : { modelExpression: renderStaticValue(modelValue) }),
    };
  }
  return {
    provider: 'unknown',
    via: 'ai-sdk',
    api: site.callee,
    line: site.line,
    ...modelFrom(modelValue),
  };
}

/** Raw HTTP to a known model API host (`requests.post("https://api.openai.com/...")`, `fetch("http://localhost:11434/api/chat")`). */
function fromHttp(model: SourceModel, site: CallSite): LlmCallFact | undefined {
  const isHttp =
    model.language === 'python'
      ? PYTHON_HTTP_CALL.test(site.callee)
      : JS_HTTP_CALL.test(site.callee);
  if (!isHttp) return undefined;
  const urlNode: SyntaxNode | undefined = site.keywords.get('url') ?? site.args[0];
  if (!urlNode) return undefined;
  const urlValue = model.valueOf(urlNode);
  const url = urlValue?.kind === 'string' ? urlValue.value : model.textOf(urlNode);
  const host = LLM_HOSTS.find((candidate) => candidate.pattern.test(url));
  if (!host) return undefined;
  let body: StaticValue | undefined;
  if (model.language === 'python')
    body = model.valueOf(site.keywords.get('json') ?? site.keywords.get('data'));
  else {
    const options = model.valueOf(site.args[1]);
    body = dictEntry(options, ['body', 'data', 'json']);
    if (body?.kind === 'call' && body.callee === 'JSON.stringify') body = body.args[0];
    if (!body && site.callee.startsWith('axios')) body = options;
  }
  return {
    provider: host.provider,
    via: 'http',
    api: site.callee,
    line: site.line,
    ...modelFrom(dictEntry(body, ['model'])),
  };
}

/** Calls to model APIs: OpenAI, Anthropic, Ollama, Google, LiteLLM, LangChain models, and raw HTTP to known endpoints. */
export function extractLlmCalls(model: SourceModel): LlmCallFact[] {
  const patterns = model.language === 'python' ? PYTHON_LLM_APIS : JS_LLM_APIS;
  const calls: LlmCallFact[] = [];
  for (const site of model.calls) {
    const pattern = patterns.find((candidate) => candidate.callee.test(site.callee));
    // A CrewAI Agent names a model only when it is given `llm="..."`.
    if (
      pattern?.via === 'crewai' &&
      site.callee.endsWith('Agent') &&
      stringOf(model.valueOf(site.keywords.get('llm'))) === undefined
    )
      continue;
    const fact = pattern
      ? fromPattern(model, site, pattern)
      : (fromLangChain(model, site) ?? fromAiSdk(model, site) ?? fromHttp(model, site));
    if (fact) calls.push(fact);
  }
  return calls.sort((a, b) => a.line - b.line);
}
