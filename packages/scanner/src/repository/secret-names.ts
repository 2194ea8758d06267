const SECRET_SEGMENTS = new Set([
  'KEY',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
  'AUTH',
  'DSN',
  'SALT',
  'COOKIE',
  'SESSION',
  'SIGNATURE',
  'CERT',
  'PAT',
]);
// Settings about a secret (its lifetime, length, where it is kept) are not the secret itself.
const NOT_SECRET =
  /(^|_)(PUBLIC|KEYBOARD|TOKENIZER|MAX_TOKENS?|TOKEN_LIMIT|NUM_TOKENS|(KEYS?|TOKENS?|PASSWORDS?|SECRETS?)_(PATH|FILE|ID|NAME|EXPIRE\w*|TTL|LIFETIME|LENGTH|MIN|MAX|SIZE|LIMIT|HOURS|MINUTES|SECONDS|DAYS|ALGORITHM|TYPE|HEADER))(_|$)/;
const CONNECTION_STRINGS =
  /^(DATABASE_URL|DB_URL|REDIS_URL|MONGO(DB)?_(URI|URL)|POSTGRES(QL)?_(URL|URI|DSN)|AMQP_URL|BROKER_URL|CELERY_BROKER_URL|SQLALCHEMY_DATABASE_URI)$/;

/**
 * True for names that look like secrets: a `KEY`, `SECRET`, `TOKEN`, `PASSWORD`, `CREDENTIALS`,
 * `AUTH`, `DSN`, ... segment (`OPENAI_API_KEY`, `DB_PASSWORD`), and connection URLs that usually
 * embed a password (`DATABASE_URL`). Counts such as `MAX_TOKENS` are not secrets.
 */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (CONNECTION_STRINGS.test(upper)) return true;
  if (NOT_SECRET.test(upper)) return false;
  return (
    upper.split(/[_\W]+/).some((segment) => SECRET_SEGMENTS.has(segment)) ||
    /APIKEY|SECRET|PASSWORD|TOKEN$/.test(upper)
  );
}
