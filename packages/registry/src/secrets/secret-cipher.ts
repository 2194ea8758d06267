import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedSecret } from '@mark1/storage';
import { registryError, RegistryErrorCodes } from '../errors';

/** Encrypts and decrypts one plugin's values with AES-256-GCM. */
export interface SecretCipher {
  /** Encrypts `value` for `name` of plugin `pluginId` (a fresh 96-bit IV each time). */
  encrypt(pluginId: string, name: string, value: string): Required<EncryptedSecret>;
  /** Decrypts a stored value; throws `SECRET_DECRYPT_FAILED` for another key, plugin or name. */
  decrypt(pluginId: string, name: string, secret: EncryptedSecret): string;
}

// The plugin id and the name are authenticated with the value, so a row copied to another plugin
// (or renamed) no longer decrypts: each plugin only ever gets its own secrets.
function associatedData(pluginId: string, name: string): Buffer {
  return Buffer.from(`mark1:secret:v1\u0000${pluginId}\u0000${name}`, 'utf8');
}

/** A {@link SecretCipher} with a 32-byte key. */
export function createSecretCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key');
  return {
    encrypt(pluginId, name, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(pluginId, name));
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return {
        ciphertext: ciphertext.length ? ciphertext.toString('base64') : '=',
        iv: iv.toString('base64'),
        authTag: cipher.getAuthTag().toString('base64'),
      };
    },
    decrypt(pluginId, name, secret) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(secret.iv, 'base64'));
        decipher.setAAD(associatedData(pluginId, name));
        decipher.setAuthTag(Buffer.from(secret.authTag, 'base64'));
        const body =
          secret.ciphertext === '=' ? Buffer.alloc(0) : Buffer.from(secret.ciphertext, 'base64');
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (error) {
        throw registryError(
          RegistryErrorCodes.SECRET_DECRYPT_FAILED,
          `The stored value ${name} of plugin ${pluginId} cannot be decrypted: it was encrypted with another key (MARK1_SECRET_KEY or the keyfile changed) or the row was altered. Restore the original key, or set the value again with \`mark1 plugin update ${pluginId} --env ${name}=...\`.`,
          { cause: error, details: { pluginId, name } },
        );
      }
    },
  };
}
