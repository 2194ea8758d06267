import { describe, expect, it } from 'vitest';
import { isSecretName, parseEnvExample } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('environment variables', () => {
  it('merges code reads and .env.example: required vs optional, defaults, secrets, descriptions', async () => {
    const profile = await scanFixture('env-secrets');
    expect(profile.environment.map(({ evidence: _evidence, ...variable }) => variable)).toEqual([
      { name: 'DB_PASSWORD', required: true, secret: true },
      { name: 'DEBUG', required: false, secret: false },
      { name: 'DRY_RUN', required: false, secret: false },
      {
        name: 'FEATURE_FLAGS',
        required: true,
        secret: false,
        description: 'comma-separated flags',
      },
      { name: 'LOG_LEVEL', required: false, default: 'warning', secret: false },
      { name: 'MAX_TOKENS', required: false, default: '256', secret: false },
      { name: 'NOTIFY_RETRIES', required: false, default: '3', secret: false },
      {
        name: 'OPENAI_API_KEY',
        required: true,
        secret: true,
        description: 'OpenAI key used for summaries',
      },
      { name: 'SLACK_BOT_TOKEN', required: true, secret: true, description: 'Slack bot token' },
      { name: 'SLACK_CHANNEL', required: false, default: '#general', secret: false },
      { name: 'TIMEOUT_SECONDS', required: false, default: '30', secret: false },
      { name: 'WEBHOOK_URL', required: true, secret: false },
    ]);
    expect(profile.environment.find((v) => v.name === 'OPENAI_API_KEY')!.evidence).toEqual([
      { file: '.env.example', line: 2, detail: 'documented in an example env file' },
      { file: 'config.py', line: 4, detail: 'os.environ[]' },
    ]);
    expect(profile.environment.find((v) => v.name === 'SLACK_CHANNEL')!.evidence).toEqual([
      { file: 'notify.js', line: 2, detail: 'destructuring (default "#general")' },
    ]);
    expect(profile.dynamicEnvReads).toEqual([{ file: 'config.py', count: 1 }]);
  });

  it('sees dotenv loading in Python and JavaScript', async () => {
    expect((await scanFixture('langchain-agent')).dotenv).toEqual([
      { file: 'agent.py', line: 11, detail: 'dotenv.load_dotenv' },
    ]);
    expect((await scanFixture('express-service')).dotenv).toEqual([
      { file: 'server.js', line: 1, detail: 'dotenv.config' },
    ]);
  });

  it('reads env example files: exports, quotes, inline and preceding comments, placeholders', () => {
    expect(
      parseEnvExample(
        '# The key\nexport API_KEY="<your key>"\nPORT=8080 # listen port\nEMPTY=\n\nNAME=\'demo\'\n',
      ),
    ).toEqual([
      { name: 'API_KEY', description: 'The key', line: 2 },
      { name: 'PORT', value: '8080', description: 'listen port', line: 3 },
      { name: 'EMPTY', line: 4 },
      { name: 'NAME', value: 'demo', line: 6 },
    ]);
  });

  it.each([
    ['OPENAI_API_KEY', true],
    ['GITHUB_TOKEN', true],
    ['DB_PASSWORD', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['DATABASE_URL', true],
    ['SENTRY_DSN', true],
    ['MAX_TOKENS', false],
    ['PUBLIC_KEY_PATH', false],
    ['LOG_LEVEL', false],
    ['KEYBOARD_LAYOUT', false],
  ])('%s looks secret: %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it('reads pydantic-settings fields: prefix, aliases, defaults, SecretStr', async () => {
    const profile = await scanFixture('fastapi-service');
    const fromSettings = profile.environment.filter((variable) =>
      variable.evidence.some((e) => e.detail.startsWith('pydantic-settings')),
    );
    expect(
      fromSettings.map(({ evidence, ...variable }) => ({ ...variable, line: evidence[0]!.line })),
    ).toEqual([
      { name: 'NOTES_ADMIN_EMAIL', required: true, secret: false, line: 10 },
      { name: 'NOTES_DEBUG', required: false, default: 'false', secret: false, line: 8 },
      { name: 'NOTES_PAGE_SIZE', required: false, default: '20', secret: false, line: 9 },
      { name: 'NOTES_SMTP_PASSWORD', required: true, secret: true, line: 11 },
      { name: 'SENTRY_DSN', required: false, default: '', secret: true, line: 12 },
    ]);
  });
});
