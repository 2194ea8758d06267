/**
 * What a careful person reading each fixture would list, per extractor, written from the fixtures'
 * code (not from the scanner's output). Facts the scanner misses stay here on purpose: they are
 * its false negatives. Keys:
 * - environment: `NAME:required|optional` (required = no fallback, as the issue defines it)
 * - cliOptions: `file:subcommand path:input` (subcommand path joined by spaces, empty for none)
 * - routes: `METHOD path` as the service serves it (router prefixes applied)
 * - llmCalls: `file:provider:model` (`-` when the model is not written in the code)
 * - services: service id (an HTTP API by its host)
 * - sensitiveCalls: `file:line:category`
 * - capabilities: the entry points a plugin should offer, by capability name
 * - dependencies: `ecosystem:name:scope`
 * - agents: `tool:name`, `node:name`, `edge:from>to`, `crew-agent:role`, `crew-task:variable`
 */
export const GROUND_TRUTH: Record<string, Partial<Record<Extractor, string[]>>> = {
  'argparse-script': {
    cliOptions: [
      'wordstats.py::input',
      'wordstats.py::top',
      'wordstats.py::format',
      'wordstats.py::keep_case',
      'wordstats.py::stopword',
      'wordstats.py::min_length',
    ],
    capabilities: ['wordstats'],
  },
  'broken-syntax': {
    environment: ['API_URL:optional', 'SURVIVOR_TOKEN:required', 'JS_TOKEN:required'],
    functions: [
      'broken.py:good_function',
      'broken.py:broken_function',
      'broken.py:Survivor.token',
      'broken.js:ok',
      'broken.js:bad',
    ],
  },
  'click-cli': {
    environment: ['TODO_STORE:optional'],
    cliOptions: [
      'src/todo_cli/cli.py::store',
      'src/todo_cli/cli.py:add:title',
      'src/todo_cli/cli.py:add:priority',
      'src/todo_cli/cli.py:add:tags',
      'src/todo_cli/cli.py:list:done',
      'src/todo_cli/cli.py:list:limit',
    ],
    capabilities: ['todo-add', 'todo-list'],
    dependencies: ['pypi:click:runtime', 'pypi:pytest:optional'],
  },
  'crewai-crew': {
    environment: ['SERPER_API_KEY:required'],
    cliOptions: ['research_crew/main.py::arg1'],
    llmCalls: ['research_crew/main.py:openai:gpt-4o'],
    services: ['openai', 'serper'],
    capabilities: ['research', 'word-counter'],
    dependencies: ['pypi:crewai:runtime', 'pypi:crewai-tools:runtime', 'pypi:pytest:dev'],
    agents: [
      'tool:Word counter',
      'crew-agent:Senior Researcher',
      'crew-agent:Writer',
      'crew-task:research',
      'crew-task:brief',
    ],
  },
  'dependencies-zoo': {
    services: ['postgresql', 'redis'],
    dependencies: [
      'pypi:httpx:runtime',
      'pypi:rich:optional',
      'pypi:ruff:dev',
      'pypi:click:runtime',
      'pypi:tomli:runtime',
      'npm:lodash:runtime',
      'npm:vitest:dev',
      'npm:react:peer',
      'pypi:flask:runtime',
      'pypi:gunicorn:runtime',
      'pypi:black:dev',
      'pypi:pydantic:runtime',
      'pypi:pytest:dev',
      'pypi:requests:runtime',
      'pypi:numpy:runtime',
      'pypi:black:runtime',
      'cargo:serde:runtime',
      'cargo:tokio:runtime',
      'cargo:criterion:dev',
      'go:github.com/spf13/cobra:runtime',
      'go:golang.org/x/sys:runtime',
      'rubygems:rails:runtime',
      'rubygems:rspec-rails:dev',
    ],
  },
  'docs-only': {},
  'env-secrets': {
    environment: [
      'OPENAI_API_KEY:required',
      'DB_PASSWORD:required',
      'LOG_LEVEL:optional',
      'MAX_TOKENS:optional',
      'TIMEOUT_SECONDS:optional',
      'DEBUG:optional',
      'NOTIFIER_EXTRA:optional',
      'SLACK_BOT_TOKEN:required',
      'SLACK_CHANNEL:optional',
      'NOTIFY_RETRIES:optional',
      'WEBHOOK_URL:required',
      'DRY_RUN:optional',
      'FEATURE_FLAGS:required',
    ],
    services: ['openai', 'slack'],
    capabilities: ['notify'],
  },
  'express-service': {
    environment: ['MONGO_URL:required', 'LOG_LEVEL:optional', 'PORT:optional'],
    routes: ['GET /api/orders', 'GET /api/orders/:id', 'POST /api/orders', 'GET /health'],
    services: ['mongodb'],
    capabilities: ['get-api-orders', 'get-api-orders-by-id', 'post-api-orders', 'get-health'],
    dependencies: [
      'npm:dotenv:runtime',
      'npm:express:runtime',
      'npm:mongoose:runtime',
      'npm:jest:dev',
    ],
  },
  'fastapi-service': {
    environment: [
      'DATABASE_URL:required',
      'REDIS_URL:optional',
      'PORT:optional',
      'NOTES_DEBUG:optional',
      'NOTES_PAGE_SIZE:optional',
      'NOTES_ADMIN_EMAIL:required',
      'NOTES_SMTP_PASSWORD:required',
      'SENTRY_DSN:optional',
    ],
    routes: ['GET /notes/{note_id}', 'GET /notes', 'POST /notes', 'DELETE /admin/notes/{note_id}'],
    services: ['postgresql', 'redis'],
    capabilities: ['read-note', 'search-notes', 'create-note', 'delete-note'],
    dependencies: [
      'pypi:fastapi:runtime',
      'pypi:uvicorn:runtime',
      'pypi:sqlalchemy:runtime',
      'pypi:psycopg2-binary:runtime',
      'pypi:redis:runtime',
    ],
  },
  'fire-tool': {
    cliOptions: [
      'calc.py:add:precision',
      'calc.py:add:a',
      'calc.py:add:b',
      'calc.py:mean:precision',
      'calc.py:mean:values',
      'calc.py:mean:strict',
    ],
    capabilities: ['calc-add', 'calc-mean'],
  },
  'js-cli-bin': {
    cliOptions: [
      'bin/imgsize.js:measure:files',
      'bin/imgsize.js:measure:json',
      'bin/imgsize.js:measure:unit',
      'bin/imgsize.js:report:dir',
      'bin/imgsize.js:report:output',
      'bin/imgsize.js:report:maxDepth',
      'bin/imgsize.js:report:recursive',
    ],
    capabilities: ['imgsize-measure', 'imgsize-report', 'measure'],
    dependencies: ['npm:commander:runtime'],
    functions: ['lib/measure.js:measure'],
  },
  'langchain-agent': {
    environment: ['OPENAI_API_KEY:required'],
    cliOptions: ['agent.py::arg1'],
    llmCalls: ['agent.py:openai:gpt-4o-mini'],
    services: ['openai', 'wttr.in'],
    sensitiveCalls: ['tools.py:8:network', 'tools.py:15:code-execution'],
    capabilities: ['agent', 'get-weather', 'calculator'],
    dependencies: [
      'pypi:langchain:runtime',
      'pypi:langchain-openai:runtime',
      'pypi:python-dotenv:runtime',
      'pypi:requests:runtime',
    ],
    agents: ['tool:get_weather', 'tool:calculator'],
  },
  'langgraph-graph': {
    cliOptions: ['graph.py::question'],
    llmCalls: ['graph.py:anthropic:claude-3-5-sonnet-latest', 'graph.py:ollama:llama3.1'],
    services: ['anthropic', 'ollama'],
    capabilities: ['graph'],
    dependencies: [
      'pypi:langgraph:runtime',
      'pypi:langchain-anthropic:runtime',
      'pypi:langchain-ollama:runtime',
    ],
    agents: [
      'node:write',
      'node:review',
      'node:publish',
      'edge:__start__>write',
      'edge:write>review',
      'edge:review>write',
      'edge:review>publish',
      'edge:publish>__end__',
    ],
  },
  'llm-calls': {
    cliOptions: ['autopilot.py::args'],
    llmCalls: [
      'autopilot.py:openai:gpt-4o',
      'providers.py:anthropic:claude-3-5-haiku-latest',
      'providers.py:ollama:llama3.2',
      'providers.py:unknown:-',
      'providers.py:openai:gpt-4o-mini',
      'providers.py:ollama:qwen2.5',
      'web.js:openai:gpt-4.1-mini',
      'web.js:ollama:mistral',
    ],
    services: ['openai', 'anthropic', 'ollama'],
    sensitiveCalls: [
      'providers.py:26:network',
      'risky.py:9:shell',
      'risky.py:13:subprocess',
      'risky.py:14:shell',
      'risky.py:18:deserialization',
      'risky.py:22:deserialization',
      'risky.py:30:code-execution',
      'web.js:11:network',
    ],
    capabilities: ['autopilot'],
    dependencies: [
      'pypi:openai:runtime',
      'pypi:anthropic:runtime',
      'pypi:ollama:runtime',
      'pypi:litellm:runtime',
      'pypi:requests:runtime',
      'pypi:torch:runtime',
      'pypi:pyyaml:runtime',
    ],
  },
  'odd-files': {
    environment: ['APP_MODE:optional'],
    cliOptions: ['run-me::times'],
    capabilities: ['run-me', 'odd-files'],
    functions: ['app.py:main', 'latin1.py:greet', 'mojibake.py:season', 'utf16.py:wide'],
  },
  'plain-scripts': {
    cliOptions: ['greet.py::arg1', 'greet.py::arg2', 'tasks.py::title', 'tasks.py::due'],
    sensitiveCalls: ['cleanup.py:8:filesystem-delete'],
    capabilities: ['greet', 'tasks', 'cleanup'],
  },
  'ts-yargs-cli': {
    cliOptions: [
      'src/cli.ts::quiet',
      'src/cli.ts:stats:file',
      'src/cli.ts:stats:delimiter',
      'src/cli.ts:head:file',
      'src/cli.ts:head:rows',
    ],
    capabilities: ['csvtool-stats', 'csvtool-head'],
    dependencies: ['npm:yargs:runtime', 'npm:@types/yargs:dev', 'npm:typescript:dev'],
  },
  'typed-library': {
    capabilities: ['slugify', 'word-count', 'summarize'],
    dependencies: ['pypi:regex:runtime', 'pypi:pypdf:optional'],
    functions: [
      'textkit/core.py:slugify',
      'textkit/core.py:word_count',
      'textkit/core.py:summarize',
      'textkit/core.py:describe',
      'textkit/core.py:untyped',
      'textkit/core.py:_normalize',
      'textkit/_internal.py:helper',
    ],
  },
  'typer-app': {
    cliOptions: [
      'imgtool.py:convert:source',
      'imgtool.py:convert:output_dir',
      'imgtool.py:convert:fmt',
      'imgtool.py:convert:quality',
      'imgtool.py:convert:strip_metadata',
      'imgtool.py:info:paths',
      'imgtool.py:info:verbose',
    ],
    capabilities: ['imgtool-convert', 'imgtool-info'],
    dependencies: ['pypi:typer:runtime'],
  },
};

/** Extractors labelled only on some fixtures (the others are not counted); the rest are labelled everywhere. */
export const PARTLY_LABELLED: ReadonlySet<Extractor> = new Set(['functions']);

/** The extractors evaluated. */
export const EXTRACTORS = [
  'environment',
  'cliOptions',
  'routes',
  'llmCalls',
  'services',
  'sensitiveCalls',
  'agents',
  'dependencies',
  'functions',
  'capabilities',
] as const;

/** One extractor evaluated. */
export type Extractor = (typeof EXTRACTORS)[number];
