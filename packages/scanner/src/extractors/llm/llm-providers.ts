import type { LlmProvider } from '../../profile/file-facts';

/** A family of client calls that reach a model. */
export interface LlmApiPattern {
  /** Matches the resolved callee, e.g. `openai.OpenAI().chat.completions.create`. */
  callee: RegExp;
  via: string;
  provider: LlmProvider;
  /** Where the model name is: keyword/property names, or a positional index. */
  model: { keys: string[]; position?: number };
}

const MODEL_KEYS = [
  'model',
  'model_name',
  'modelName',
  'model_id',
  'modelId',
  'deployment_name',
  'azure_deployment',
  'repo_id',
];

/** Python client calls. */
export const PYTHON_LLM_APIS: readonly LlmApiPattern[] = [
  {
    callee:
      /^openai\.(OpenAI|AsyncOpenAI)\(\)\.(chat\.completions\.(create|parse|stream)|beta\.chat\.completions\.(parse|stream)|completions\.create|responses\.(create|parse|stream)|embeddings\.create|images\.generate)$/,
    via: 'openai-sdk',
    provider: 'openai',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^openai\.(AzureOpenAI|AsyncAzureOpenAI)\(\)\.(chat\.completions\.(create|parse|stream)|completions\.create|responses\.create|embeddings\.create)$/,
    via: 'openai-sdk',
    provider: 'azure-openai',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^openai\.(chat\.completions\.create|completions\.create|responses\.create|embeddings\.create|ChatCompletion\.(create|acreate)|Completion\.(create|acreate)|Embedding\.create)$/,
    via: 'openai-sdk',
    provider: 'openai',
    model: { keys: ['model', 'engine'] },
  },
  {
    callee:
      /^anthropic\.(Anthropic|AsyncAnthropic|AnthropicBedrock|AnthropicVertex)\(\)\.(messages\.(create|stream|count_tokens)|beta\.messages\.(create|stream)|completions\.create)$/,
    via: 'anthropic-sdk',
    provider: 'anthropic',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^ollama\.(chat|generate|embeddings|embed)$|^ollama\.(Client|AsyncClient)\(\)\.(chat|generate|embeddings|embed)$/,
    via: 'ollama',
    provider: 'ollama',
    model: { keys: ['model'], position: 0 },
  },
  {
    callee: /^litellm\.(completion|acompletion|text_completion|embedding|aembedding|responses)$/,
    via: 'litellm',
    provider: 'unknown',
    model: { keys: ['model'], position: 0 },
  },
  {
    callee:
      /^google\.generativeai\.GenerativeModel$|^vertexai(\.preview)?\.generative_models\.GenerativeModel$/,
    via: 'google-genai',
    provider: 'google',
    model: { keys: ['model_name', 'model'], position: 0 },
  },
  {
    callee:
      /^google\.genai\.Client\(\)\.(aio\.)?models\.(generate_content|generate_content_stream|embed_content)$/,
    via: 'google-genai',
    provider: 'google',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^mistralai\.(Mistral|MistralClient)\(\)\.(chat\.(complete|stream|complete_async)|chat)$/,
    via: 'mistral-sdk',
    provider: 'mistral',
    model: { keys: ['model'] },
  },
  {
    callee: /^groq\.(Groq|AsyncGroq)\(\)\.chat\.completions\.create$/,
    via: 'groq-sdk',
    provider: 'groq',
    model: { keys: ['model'] },
  },
  {
    callee: /^cohere\.(Client|ClientV2|AsyncClient)\(\)\.(chat|generate|embed)$/,
    via: 'cohere-sdk',
    provider: 'cohere',
    model: { keys: ['model'] },
  },
  {
    callee: /^huggingface_hub\.(InferenceClient|AsyncInferenceClient)$/,
    via: 'huggingface-hub',
    provider: 'huggingface',
    model: { keys: ['model'], position: 0 },
  },
  {
    callee: /^transformers\.pipeline$/,
    via: 'transformers',
    provider: 'huggingface',
    model: { keys: ['model'] },
  },
  {
    callee: /^transformers\.(AutoModelForCausalLM|AutoModelForSeq2SeqLM)\.from_pretrained$/,
    via: 'transformers',
    provider: 'huggingface',
    model: { keys: ['pretrained_model_name_or_path'], position: 0 },
  },
  {
    callee: /^crewai\.Agent$/,
    via: 'crewai',
    provider: 'unknown',
    model: { keys: ['llm'] },
  },
  {
    callee: /^crewai\.LLM$/,
    via: 'crewai',
    provider: 'unknown',
    model: { keys: ['model'], position: 0 },
  },
];

/** JavaScript/TypeScript client calls (the first argument is usually an options object). */
export const JS_LLM_APIS: readonly LlmApiPattern[] = [
  {
    callee:
      /^openai(\.OpenAI|\.default)?\(\)\.(chat\.completions\.(create|parse|stream)|beta\.chat\.completions\.(parse|stream)|completions\.create|responses\.(create|stream)|embeddings\.create|images\.generate)$/,
    via: 'openai-sdk',
    provider: 'openai',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^openai\.AzureOpenAI\(\)\.(chat\.completions\.create|completions\.create|embeddings\.create)$/,
    via: 'openai-sdk',
    provider: 'azure-openai',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^@anthropic-ai\/sdk(\.Anthropic|\.default)?\(\)\.(messages\.(create|stream|countTokens)|beta\.messages\.(create|stream))$/,
    via: 'anthropic-sdk',
    provider: 'anthropic',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^ollama(\/browser)?(\.default)?\.(chat|generate|embeddings|embed)$|^ollama(\/browser)?\.Ollama\(\)\.(chat|generate|embeddings|embed)$/,
    via: 'ollama',
    provider: 'ollama',
    model: { keys: ['model'] },
  },
  {
    callee: /^@google\/generative-ai\.GoogleGenerativeAI\(\)\.getGenerativeModel$/,
    via: 'google-genai',
    provider: 'google',
    model: { keys: ['model'] },
  },
  {
    callee:
      /^@google\/genai\.GoogleGenAI\(\)\.models\.(generateContent|generateContentStream|embedContent)$/,
    via: 'google-genai',
    provider: 'google',
    model: { keys: ['model'] },
  },
];

/** LangChain chat model and LLM classes, by provider (Python `langchain_*` and JS `@langchain/*`). */
export const LANGCHAIN_MODEL_CLASSES: Record<string, LlmProvider> = {
  ChatOpenAI: 'openai',
  OpenAI: 'openai',
  OpenAIEmbeddings: 'openai',
  AzureChatOpenAI: 'azure-openai',
  AzureOpenAI: 'azure-openai',
  ChatAnthropic: 'anthropic',
  Anthropic: 'anthropic',
  ChatOllama: 'ollama',
  Ollama: 'ollama',
  OllamaLLM: 'ollama',
  OllamaEmbeddings: 'ollama',
  ChatGoogleGenerativeAI: 'google',
  GoogleGenerativeAI: 'google',
  ChatVertexAI: 'google',
  VertexAI: 'google',
  ChatMistralAI: 'mistral',
  ChatGroq: 'groq',
  ChatCohere: 'cohere',
  ChatBedrock: 'bedrock',
  ChatBedrockConverse: 'bedrock',
  BedrockLLM: 'bedrock',
  ChatHuggingFace: 'huggingface',
  HuggingFaceEndpoint: 'huggingface',
  HuggingFacePipeline: 'huggingface',
};

/** The names of model arguments LangChain classes take. */
export const LANGCHAIN_MODEL_KEYS = MODEL_KEYS;

/** Known model API hosts (and Ollama's default port), for raw HTTP calls. */
export const LLM_HOSTS: readonly { pattern: RegExp; provider: LlmProvider }[] = [
  { pattern: /\.openai\.azure\.com/, provider: 'azure-openai' },
  { pattern: /api\.openai\.com/, provider: 'openai' },
  { pattern: /api\.anthropic\.com/, provider: 'anthropic' },
  {
    pattern: /generativelanguage\.googleapis\.com|aiplatform\.googleapis\.com/,
    provider: 'google',
  },
  {
    pattern:
      /(localhost|127\.0\.0\.1|0\.0\.0\.0|ollama)(:11434)|:11434\/api\/|\/api\/(generate|chat)\b/,
    provider: 'ollama',
  },
  { pattern: /api\.mistral\.ai/, provider: 'mistral' },
  { pattern: /api\.groq\.com/, provider: 'groq' },
  { pattern: /api\.cohere\.(ai|com)/, provider: 'cohere' },
  { pattern: /api-inference\.huggingface\.co|router\.huggingface\.co/, provider: 'huggingface' },
  { pattern: /bedrock-runtime\.[\w-]+\.amazonaws\.com/, provider: 'bedrock' },
];

/** The provider a model name implies (`gpt-4o` → openai, `claude-3` → anthropic, `ollama/llama3` → ollama). */
export function providerOfModelName(model: string | undefined): LlmProvider {
  if (!model) return 'unknown';
  const lower = model.toLowerCase();
  const prefixed = /^([\w-]+)[/:]/.exec(lower)?.[1];
  const byPrefix: Record<string, LlmProvider> = {
    openai: 'openai',
    anthropic: 'anthropic',
    ollama: 'ollama',
    ollama_chat: 'ollama',
    gemini: 'google',
    google: 'google',
    google_genai: 'google',
    vertex_ai: 'google',
    azure: 'azure-openai',
    azure_openai: 'azure-openai',
    mistral: 'mistral',
    mistralai: 'mistral',
    groq: 'groq',
    cohere: 'cohere',
    bedrock: 'bedrock',
    huggingface: 'huggingface',
  };
  if (prefixed && byPrefix[prefixed]) return byPrefix[prefixed]!;
  if (/^(gpt-|o1|o3|o4|text-embedding|dall-e|whisper|chatgpt)/.test(lower)) return 'openai';
  if (/^claude/.test(lower)) return 'anthropic';
  if (/^gemini|^models\/gemini/.test(lower)) return 'google';
  if (/^(mistral|mixtral|codestral)/.test(lower)) return 'mistral';
  if (/^command/.test(lower)) return 'cohere';
  return 'unknown';
}
