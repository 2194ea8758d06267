import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('LLM calls', () => {
  it('finds SDK, LangChain, LiteLLM and raw HTTP calls with provider, file:line and literal models', async () => {
    const profile = await scanFixture('llm-calls');
    expect(
      profile.llmCalls.map(
        (call) =>
          `${call.file}:${call.line} ${call.provider} ${call.via} ${call.api} ${call.model ?? `(${call.modelExpression})`}`,
      ),
    ).toEqual([
      'autopilot.py:13 openai openai-sdk openai.OpenAI().chat.completions.create gpt-4o',
      'providers.py:13 anthropic anthropic-sdk anthropic.Anthropic().messages.create claude-3-5-haiku-latest',
      'providers.py:18 ollama ollama ollama.chat llama3.2',
      'providers.py:22 unknown litellm litellm.completion (model)',
      'providers.py:26 openai http requests.post gpt-4o-mini',
      'providers.py:35 ollama openai-sdk openai.OpenAI().chat.completions.create qwen2.5',
      'web.js:6 openai openai-sdk openai().responses.create gpt-4.1-mini',
      'web.js:11 ollama http fetch mistral',
    ]);
  });

  it('names the provider of LangChain models, CrewAI agents and LiteLLM model strings', async () => {
    const graph = await scanFixture('langgraph-graph');
    expect(graph.llmCalls.map((c) => `${c.provider}:${c.model}`)).toEqual([
      'anthropic:claude-3-5-sonnet-latest',
      'ollama:llama3.1',
    ]);
    const crew = await scanFixture('crewai-crew');
    expect(crew.llmCalls.map((c) => `${c.provider}:${c.model}:${c.via}`)).toEqual([
      'openai:gpt-4o:crewai',
    ]);
    const facts = analyzeSource(
      'import litellm\nimport os\nlitellm.completion(model="ollama/llama3", messages=[])\nlitellm.completion(model=os.getenv("M", "claude-3-opus"), messages=[])\n',
      'python',
    );
    expect(
      facts.llmCalls.map((c) => `${c.provider}:${c.model}:${c.modelExpression ?? ''}`),
    ).toEqual(['ollama:ollama/llama3:', 'anthropic:claude-3-opus:os.getenv("M", "claude-3-opus")']);
  });
});

describe('services', () => {
  it('merges code, dependencies, compose images and env names; drops the generic ORM when a database is known', async () => {
    const api = await scanFixture('fastapi-service');
    expect(api.services.map((service) => `${service.id}:${service.kind}`)).toEqual([
      'postgresql:database',
      'redis:cache',
    ]);
    expect(api.services[1]!.evidence.map((e) => `${e.file}:${e.line ?? ''} ${e.detail}`)).toEqual([
      '.env.example:3 environment variable REDIS_URL',
      '.env.example:3 example value of REDIS_URL (redis://)',
      'app/main.py:4 import: redis',
      'app/main.py:12 url: redis://localhost:6379/0',
      'requirements.txt: dependency redis',
    ]);
    const express = await scanFixture('express-service');
    expect(express.services.map((service) => service.id)).toEqual(['mongodb']);
    const zoo = await scanFixture('dependencies-zoo');
    expect(zoo.services.map((service) => `${service.id} ${service.evidence[0]!.detail}`)).toEqual([
      'postgresql docker-compose image postgres:16',
      'redis docker-compose image redis:7-alpine',
    ]);
    const agent = await scanFixture('langchain-agent');
    expect(agent.services.map((service) => `${service.id}:${service.kind}`)).toEqual([
      'openai:llm-api',
      'wttr.in:http-api',
    ]);
  });

  it('sees storage and queue clients and redacts passwords in URLs', () => {
    const facts = analyzeSource(
      'import boto3\nimport pika\ns3 = boto3.client("s3")\nDB = "postgresql://app:hunter2@db:5432/app"\n',
      'python',
    );
    expect(facts.services.map((use) => `${use.service}:${use.via}:${use.detail}`)).toEqual([
      'aws:import:boto3',
      'rabbitmq:import:pika',
      's3:call:boto3.client("s3")',
      'postgresql:url:postgresql://app:***@db:5432/app',
    ]);
  });
});

describe('sensitive calls', () => {
  it('keeps shell, subprocess, deserialization, eval and network calls with their arguments', async () => {
    const profile = await scanFixture('llm-calls');
    expect(
      profile.sensitiveCalls.map(
        (call) =>
          `${call.file}:${call.line}:${call.column} ${call.category} ${call.callee}${call.detail ? ` (${call.detail})` : ''}`,
      ),
    ).toEqual([
      'providers.py:26:16 network requests.post',
      'risky.py:9:12 shell subprocess.run (shell=True)',
      'risky.py:13:5 subprocess subprocess.run',
      'risky.py:14:5 shell os.system',
      'risky.py:18:12 deserialization pickle.loads',
      'risky.py:22:12 deserialization yaml.load (no Loader)',
      'risky.py:30:12 code-execution eval',
      'web.js:11:26 network fetch',
    ]);
    const ffmpeg = profile.sensitiveCalls.find((call) => call.line === 13)!;
    expect(ffmpeg.args[0]).toEqual({
      kind: 'list',
      items: [
        { kind: 'string', value: 'ffmpeg' },
        { kind: 'string', value: '-i' },
        { kind: 'reference', name: 'path' },
        { kind: 'expression', text: 'path + ".mp3"' },
      ],
    });
    expect(ffmpeg.kwargs).toEqual({ check: { kind: 'boolean', value: true } });
  });

  it('covers child_process, vm and shell: true in JavaScript', () => {
    const facts = analyzeSource(
      "const cp = require('child_process');\ncp.exec('ls');\ncp.spawn('git', ['status'], { shell: true });\nrequire('child_process').execFile('ls');\nconst vm = require('vm');\nvm.runInNewContext('1+1');\n",
      'javascript',
    );
    expect(
      facts.sensitiveCalls.map((call) => `${call.line} ${call.category} ${call.callee}`),
    ).toEqual([
      '2 shell child_process.exec',
      '3 shell child_process.spawn',
      '4 subprocess child_process.execFile',
      '6 code-execution vm.runInNewContext',
    ]);
  });
});

describe('resource hints', () => {
  it('sees CUDA use behind an availability check, heavy packages and servers', async () => {
    const profile = await scanFixture('llm-calls');
    expect(profile.resources).toEqual({
      gpu: {
        required: false,
        evidence: [
          {
            file: 'gpu.py',
            line: 3,
            detail: 'device = "cuda" if torch.cuda.is_available() else "cpu"',
          },
        ],
      },
      heavyDependencies: ['torch'],
      longRunning: [],
    });
    const facts = analyzeSource(
      'import torch\nmodel = Net().cuda()\nx = torch.zeros(3, device="cuda:0")\n',
      'python',
    );
    expect(facts.resources.gpu.map((g) => g.line)).toEqual([2, 3]);
  });
});
