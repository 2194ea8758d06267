import type { ServiceKind } from '../../profile/file-facts';

/** An external service and the client libraries, URL schemes and package names that reveal it. */
export interface ServiceSignature {
  id: string;
  kind: ServiceKind;
  /** Python modules (an import of the module or a submodule counts). */
  python: readonly string[];
  /** npm packages. */
  js: readonly string[];
  /** URL schemes, e.g. `postgresql`. */
  schemes?: readonly string[];
  /** Distribution names in dependency files (pip and npm), when they differ from the modules. */
  packages?: readonly string[];
  /** Docker image names in compose files. */
  images?: readonly string[];
  /** Environment variable names that point at it. */
  envNames?: RegExp;
}

/** The services the scanner recognises. */
export const SERVICE_CATALOG: readonly ServiceSignature[] = [
  {
    id: 'postgresql',
    kind: 'database',
    python: ['psycopg2', 'psycopg', 'asyncpg', 'pg8000'],
    js: ['pg', 'postgres', '@neondatabase/serverless'],
    schemes: ['postgres', 'postgresql'],
    packages: ['psycopg2-binary'],
    images: ['postgres', 'postgis/postgis', 'pgvector/pgvector'],
    envNames: /^(POSTGRES|PG)(_|HOST|USER|PASSWORD|DATABASE)/,
  },
  {
    id: 'mysql',
    kind: 'database',
    python: ['pymysql', 'MySQLdb', 'mysql.connector', 'aiomysql'],
    js: ['mysql', 'mysql2'],
    schemes: ['mysql', 'mariadb'],
    packages: ['mysqlclient', 'mysql-connector-python'],
    images: ['mysql', 'mariadb'],
    envNames: /^MYSQL_/,
  },
  {
    id: 'sqlite',
    kind: 'database',
    python: ['sqlite3', 'aiosqlite'],
    js: ['sqlite3', 'better-sqlite3'],
    schemes: ['sqlite'],
  },
  {
    id: 'mongodb',
    kind: 'database',
    python: ['pymongo', 'motor', 'mongoengine'],
    js: ['mongodb', 'mongoose'],
    schemes: ['mongodb', 'mongodb+srv'],
    images: ['mongo'],
    envNames: /^MONGO/,
  },
  {
    id: 'sql-database',
    kind: 'database',
    python: ['sqlalchemy', 'sqlmodel', 'peewee', 'tortoise', 'databases'],
    js: ['@prisma/client', 'sequelize', 'typeorm', 'knex', 'drizzle-orm'],
    envNames: /^DATABASE_URL$|^DB_(HOST|URL|NAME)$/,
  },
  {
    id: 'neo4j',
    kind: 'database',
    python: ['neo4j', 'py2neo'],
    js: ['neo4j-driver'],
    schemes: ['neo4j', 'bolt'],
    images: ['neo4j'],
  },
  {
    id: 'supabase',
    kind: 'database',
    python: ['supabase'],
    js: ['@supabase/supabase-js'],
    envNames: /^SUPABASE_/,
  },
  {
    id: 'firebase',
    kind: 'database',
    python: ['firebase_admin'],
    js: ['firebase', 'firebase-admin'],
    packages: ['firebase-admin'],
  },
  {
    id: 'redis',
    kind: 'cache',
    python: ['redis', 'aioredis'],
    js: ['redis', 'ioredis'],
    schemes: ['redis', 'rediss'],
    images: ['redis', 'valkey/valkey'],
    envNames: /^REDIS_/,
  },
  {
    id: 'rabbitmq',
    kind: 'queue',
    python: ['pika', 'aio_pika', 'kombu'],
    js: ['amqplib', 'amqp-connection-manager'],
    schemes: ['amqp', 'amqps'],
    packages: ['aio-pika'],
    images: ['rabbitmq'],
    envNames: /^(RABBITMQ|AMQP)_/,
  },
  {
    id: 'kafka',
    kind: 'queue',
    python: ['kafka', 'confluent_kafka', 'aiokafka'],
    js: ['kafkajs'],
    schemes: ['kafka'],
    packages: ['kafka-python', 'confluent-kafka'],
    images: ['confluentinc/cp-kafka', 'bitnami/kafka', 'apache/kafka'],
    envNames: /^KAFKA_/,
  },
  { id: 'celery', kind: 'queue', python: ['celery'], js: [] },
  {
    id: 'nats',
    kind: 'queue',
    python: ['nats'],
    js: ['nats'],
    schemes: ['nats'],
    packages: ['nats-py'],
    images: ['nats'],
  },
  { id: 'sqs', kind: 'queue', python: [], js: ['@aws-sdk/client-sqs'] },
  {
    id: 's3',
    kind: 'storage',
    python: [],
    js: ['@aws-sdk/client-s3'],
    schemes: ['s3'],
    envNames: /^(S3_|AWS_S3)/,
  },
  {
    id: 'aws',
    kind: 'http-api',
    python: ['boto3', 'botocore', 'aioboto3'],
    js: ['aws-sdk'],
    envNames: /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|REGION|DEFAULT_REGION)$/,
  },
  {
    id: 'gcs',
    kind: 'storage',
    python: ['google.cloud.storage'],
    js: ['@google-cloud/storage'],
    schemes: ['gs'],
    packages: ['google-cloud-storage'],
  },
  {
    id: 'azure-blob',
    kind: 'storage',
    python: ['azure.storage.blob'],
    js: ['@azure/storage-blob'],
    packages: ['azure-storage-blob'],
    envNames: /^AZURE_STORAGE_/,
  },
  { id: 'minio', kind: 'storage', python: ['minio'], js: ['minio'], images: ['minio/minio'] },
  {
    id: 'smtp',
    kind: 'email',
    python: ['smtplib', 'aiosmtplib'],
    js: ['nodemailer'],
    schemes: ['smtp', 'smtps'],
    envNames: /^(SMTP|MAIL|EMAIL)_(HOST|SERVER|USER|PASSWORD|PORT)/,
  },
  {
    id: 'sendgrid',
    kind: 'email',
    python: ['sendgrid'],
    js: ['@sendgrid/mail'],
    envNames: /^SENDGRID_/,
  },
  {
    id: 'elasticsearch',
    kind: 'search',
    python: ['elasticsearch', 'opensearchpy'],
    js: ['@elastic/elasticsearch', '@opensearch-project/opensearch'],
    packages: ['opensearch-py'],
    images: [
      'elasticsearch',
      'docker.elastic.co/elasticsearch/elasticsearch',
      'opensearchproject/opensearch',
    ],
  },
  {
    id: 'chroma',
    kind: 'vector-store',
    python: ['chromadb'],
    js: ['chromadb'],
    images: ['chromadb/chroma'],
  },
  {
    id: 'pinecone',
    kind: 'vector-store',
    python: ['pinecone'],
    js: ['@pinecone-database/pinecone'],
    packages: ['pinecone-client'],
    envNames: /^PINECONE_/,
  },
  {
    id: 'qdrant',
    kind: 'vector-store',
    python: ['qdrant_client'],
    js: ['@qdrant/js-client-rest'],
    packages: ['qdrant-client'],
    images: ['qdrant/qdrant'],
  },
  {
    id: 'weaviate',
    kind: 'vector-store',
    python: ['weaviate'],
    js: ['weaviate-client', 'weaviate-ts-client'],
    packages: ['weaviate-client'],
    images: ['semitechnologies/weaviate'],
  },
  {
    id: 'openai',
    kind: 'llm-api',
    python: ['openai', 'langchain_openai'],
    js: ['openai', '@langchain/openai', '@ai-sdk/openai'],
    packages: ['langchain-openai'],
    envNames: /^OPENAI_API_KEY$/,
  },
  {
    id: 'anthropic',
    kind: 'llm-api',
    python: ['anthropic', 'langchain_anthropic'],
    js: ['@anthropic-ai/sdk', '@langchain/anthropic', '@ai-sdk/anthropic'],
    packages: ['langchain-anthropic'],
    envNames: /^ANTHROPIC_API_KEY$/,
  },
  {
    id: 'google-ai',
    kind: 'llm-api',
    python: [
      'google.generativeai',
      'google.genai',
      'vertexai',
      'langchain_google_genai',
      'langchain_google_vertexai',
    ],
    js: ['@google/generative-ai', '@google/genai', '@langchain/google-genai'],
    packages: ['google-generativeai', 'google-genai', 'langchain-google-genai'],
    envNames: /^(GOOGLE_API_KEY|GEMINI_API_KEY)$/,
  },
  {
    id: 'ollama',
    kind: 'llm-api',
    python: ['ollama', 'langchain_ollama'],
    js: ['ollama', '@langchain/ollama'],
    packages: ['langchain-ollama'],
    images: ['ollama/ollama'],
    envNames: /^OLLAMA_(HOST|BASE_URL|URL)$/,
  },
  {
    id: 'mistral',
    kind: 'llm-api',
    python: ['mistralai', 'langchain_mistralai'],
    js: ['@mistralai/mistralai', '@langchain/mistralai'],
    envNames: /^MISTRAL_API_KEY$/,
  },
  {
    id: 'groq',
    kind: 'llm-api',
    python: ['groq', 'langchain_groq'],
    js: ['groq-sdk', '@langchain/groq'],
    envNames: /^GROQ_API_KEY$/,
  },
  {
    id: 'cohere',
    kind: 'llm-api',
    python: ['cohere'],
    js: ['cohere-ai'],
    envNames: /^(COHERE|CO)_API_KEY$/,
  },
  {
    id: 'huggingface',
    kind: 'llm-api',
    python: ['huggingface_hub'],
    js: ['@huggingface/inference'],
    packages: ['huggingface-hub'],
    envNames: /^(HF_TOKEN|HUGGINGFACEHUB_API_TOKEN|HUGGING_FACE_HUB_TOKEN)$/,
  },
  {
    id: 'slack',
    kind: 'http-api',
    python: ['slack_sdk', 'slack_bolt'],
    js: ['@slack/web-api', '@slack/bolt'],
    packages: ['slack-sdk', 'slack-bolt'],
    envNames: /^SLACK_/,
  },
  { id: 'twilio', kind: 'http-api', python: ['twilio'], js: ['twilio'], envNames: /^TWILIO_/ },
  { id: 'stripe', kind: 'http-api', python: ['stripe'], js: ['stripe'], envNames: /^STRIPE_/ },
  {
    id: 'github',
    kind: 'http-api',
    python: ['github', 'githubkit'],
    js: ['@octokit/rest', 'octokit'],
    packages: ['PyGithub'],
    envNames: /^(GITHUB_TOKEN|GH_TOKEN)$/,
  },
  {
    id: 'google-apis',
    kind: 'http-api',
    python: ['googleapiclient'],
    js: ['googleapis'],
    packages: ['google-api-python-client'],
  },
];

/** Which catalog service a boto3 / AWS SDK client name means (`boto3.client("s3")`). */
export const AWS_CLIENTS: Record<string, string> = {
  s3: 's3',
  sqs: 'sqs',
  dynamodb: 'dynamodb',
  sns: 'sns',
  ses: 'ses',
  'bedrock-runtime': 'bedrock',
  bedrock: 'bedrock',
};

/** Kinds of the AWS services {@link AWS_CLIENTS} names. */
export const AWS_KINDS: Record<string, ServiceKind> = {
  s3: 'storage',
  sqs: 'queue',
  dynamodb: 'database',
  sns: 'queue',
  ses: 'email',
  bedrock: 'llm-api',
};

/** Hosts of model APIs, so a raw HTTP call to them counts as an LLM service. */
export const LLM_API_HOSTS: readonly { pattern: RegExp; id: string }[] = [
  { pattern: /api\.openai\.com/, id: 'openai' },
  { pattern: /api\.anthropic\.com/, id: 'anthropic' },
  { pattern: /generativelanguage\.googleapis\.com/, id: 'google-ai' },
  { pattern: /(localhost|127\.0\.0\.1):11434/, id: 'ollama' },
  { pattern: /api\.mistral\.ai/, id: 'mistral' },
  { pattern: /api\.groq\.com/, id: 'groq' },
];

/** The catalog entry whose Python module or npm package `module` is (or is under). */
export function serviceOfModule(
  module: string,
  language: 'python' | 'js',
): ServiceSignature | undefined {
  for (const service of SERVICE_CATALOG) {
    const names = language === 'python' ? service.python : service.js;
    for (const name of names) {
      if (module === name || module.startsWith(`${name}.`) || module.startsWith(`${name}/`))
        return service;
    }
  }
  return undefined;
}
