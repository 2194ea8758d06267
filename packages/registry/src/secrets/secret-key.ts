import { randomBytes, scryptSync } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { errnoCode, registryError, RegistryErrorCodes } from '../errors';

/** Where the key that encrypts plugin secrets comes from. */
export interface SecretKeySource {
  /** `MARK1_SECRET_KEY` (or `secret_key` in config.yaml), when set; beats the keyfile. */
  readonly secretKey?: string;
  /** The keyfile (`MARK1_HOME/secret.key`), created with mode 0600 when missing. */
  readonly keyFile: string;
}

/** A loaded 256-bit key and where it came from. */
export interface SecretKey {
  readonly key: Buffer;
  /** `env` (MARK1_SECRET_KEY or config) or `keyfile`. */
  readonly origin: 'env' | 'keyfile';
  /** The keyfile path, when the key came from it. */
  readonly keyFile?: string;
  /** Notes for the user (a keyfile readable by others). */
  readonly warnings: readonly string[];
}

const SALT = 'mark1.secret-key.v1';

function decodeExactKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  return undefined;
}

/**
 * Derives the AES-256 key from a configured secret: 32 bytes given as 64 hex digits or base64 are
 * used as they are; any other text (a passphrase) goes through scrypt.
 */
export function deriveSecretKey(secret: string): Buffer {
  const text = secret.trim();
  if (text.length === 0) {
    throw registryError(
      RegistryErrorCodes.SECRET_KEY_INVALID,
      'MARK1_SECRET_KEY is set but empty; unset it to use the keyfile, or set it to a passphrase or 32 random bytes (e.g. `openssl rand -hex 32`).',
    );
  }
  return decodeExactKey(text) ?? scryptSync(text, SALT, 32);
}

function readKeyFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  const key = decodeExactKey(text);
  if (!key) {
    throw registryError(
      RegistryErrorCodes.SECRET_KEY_INVALID,
      `The keyfile ${path} does not hold a 32-byte key (base64). Restore it from a backup; if it is lost, delete it and set the plugins' secrets again (stored secrets cannot be read without it).`,
      { details: { keyFile: path } },
    );
  }
  return key;
}

function createKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(temporary, 0o600);
    // link() fails when the keyfile exists, so two processes creating it at once agree on one key.
    linkSync(temporary, path);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') {
      throw registryError(
        RegistryErrorCodes.SECRET_KEY_INVALID,
        `Cannot create the keyfile ${path}: ${errnoCode(error) ?? (error as Error).message}. Make the home folder writable, or set MARK1_SECRET_KEY.`,
        { cause: error, details: { keyFile: path } },
      );
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * The key that encrypts plugin secrets: from `MARK1_SECRET_KEY` when set, else from the keyfile,
 * which is created (32 random bytes, mode 0600) the first time a key is needed.
 */
export function loadSecretKey(source: SecretKeySource): SecretKey {
  if (source.secretKey !== undefined) {
    return { key: deriveSecretKey(source.secretKey), origin: 'env', warnings: [] };
  }
  let stat;
  try {
    stat = statSync(source.keyFile);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') {
      throw registryError(
        RegistryErrorCodes.SECRET_KEY_INVALID,
        `Cannot read the keyfile ${source.keyFile}: ${errnoCode(error) ?? (error as Error).message}.`,
        { cause: error },
      );
    }
    createKeyFile(source.keyFile);
    stat = statSync(source.keyFile);
  }
  const warnings: string[] = [];
  if ((stat.mode & 0o077) !== 0) {
    warnings.push(
      `the keyfile ${source.keyFile} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 600 ${source.keyFile}\``,
    );
  }
  return { key: readKeyFile(source.keyFile), origin: 'keyfile', keyFile: source.keyFile, warnings };
}
