/**
 * `npm run store:rotate`: writes every value in the store (meetings' event streams, records, the
 * due index) again encrypted with ENCRYPTION_KEY. Reads the settings as `npm start` does (the
 * environment, then .env): STORE_URL, ENCRYPTION_KEY and ENCRYPTION_PREVIOUS_KEYS.
 *
 * Rotating a key: set the new key as ENCRYPTION_KEY and the old one in ENCRYPTION_PREVIOUS_KEYS,
 * restart Toivo (every instance), run this, then remove ENCRYPTION_PREVIOUS_KEYS and restart.
 * Turning encryption on for a store with plain data: set ENCRYPTION_KEY, restart, run this.
 * Safe while Toivo runs with the same settings: a value changed meanwhile is not overwritten.
 */
import { ConfigError, encryptionSettings, readEnvFile } from '../src/config.js';
import { EncryptionKeyError, keyId } from '../src/store/encryption.js';
import { reencryptStore } from '../src/store/open-store.js';

try {
  readEnvFile();
  const encryption = encryptionSettings();
  if (!encryption) throw new ConfigError('ENCRYPTION_KEY is not set: there is no key to encrypt with');
  const url = process.env.STORE_URL || undefined;
  const report = await reencryptStore({ ...(url ? { url } : {}), encryption });
  console.log(
    `Encrypted again with the key ${keyId(encryption.key)}: ${report.values} stored values and ` +
      `${report.due} due-index values. Every value is now encrypted with ENCRYPTION_KEY: ` +
      'ENCRYPTION_PREVIOUS_KEYS can be removed (then restart Toivo).',
  );
} catch (error) {
  // Our own messages only: they carry no key and no meeting content.
  const ours = error instanceof ConfigError || error instanceof EncryptionKeyError;
  console.error(ours ? (error as Error).message : error);
  process.exitCode = 1;
}
