/**
 * Encryption at rest (optional): every value the store writes (event streams, records, due-index
 * values) is sealed with AES-256-GCM, a random 12-byte nonce per value, and opened with its auth
 * tag checked. Keys and ids stay in clear: they are opaque ids that the backends index by.
 *
 * A sealed value names the key that sealed it by a short key id (the first bytes of an HMAC of a
 * constant under the key, never the key itself), so that previous keys can still be read during a
 * rotation and a wrong key is told apart from damaged data. A value that is not sealed (written
 * before encryption was turned on) is read as it is, and sealed when it is next written.
 *
 *   toivo-enc:1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The current key, and the previous ones still accepted for reading while values are re-encrypted. */
export interface EncryptionKeys {
  readonly key: Buffer;
  readonly previous?: readonly Buffer[];
}

/** AES-256: a key is 32 bytes. */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'toivo-enc:1:';
const SEALED = /^toivo-enc:1:([0-9a-f]{12}):([A-Za-z0-9+/]+={0,2})$/;

/** A key is missing, wrong, or does not open a value: the store cannot be read with the keys given. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';

  constructor(
    message: string,
    /** No key for sealed data, a key that is not the one, or a value that fails its integrity check. */
    readonly reason: 'no-key' | 'wrong-key' | 'damaged',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * 32 bytes from 64 hex characters or base64 (standard or URL-safe, padded or not); undefined when
 * the text is neither. The text is never echoed: it is a secret.
 */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return undefined;
}

/** The key's id: safe to print and to store beside the values (it does not reveal the key). */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('toivo store key id').digest().subarray(0, 6).toString('hex');
}

/** Seals and opens the store's values; without keys it writes plain values and refuses sealed ones. */
export class ValueCipher {
  /** No encryption: values are written plain; a sealed value found is an error that says so. */
  static readonly none = new ValueCipher();

  private readonly current: { readonly id: string; readonly key: Buffer } | undefined;
  private readonly keys = new Map<string, Buffer>();

  constructor(keys?: EncryptionKeys) {
    if (!keys) return;
    for (const key of [keys.key, ...(keys.previous ?? [])]) {
      if (key.length !== KEY_BYTES) throw new RangeError(`An encryption key must be ${KEY_BYTES} bytes`);
      const id = keyId(key);
      if (!this.keys.has(id)) this.keys.set(id, key);
    }
    this.current = { id: keyId(keys.key), key: keys.key };
  }

  /** True when new values are sealed. */
  get enabled(): boolean {
    return this.current !== undefined;
  }

  /** The current key's id (undefined without encryption). */
  get keyId(): string | undefined {
    return this.current?.id;
  }

  /** The id of the key `stored` is sealed with; undefined for a plain value. */
  sealedWith(stored: unknown): string | undefined {
    return typeof stored === 'string' ? SEALED.exec(stored)?.[1] : undefined;
  }

  /** Seals text with the current key; without encryption the text is returned as it is. */
  seal(text: string): string {
    if (!this.current) return text;
    const { id, key } = this.current;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${PREFIX}${id}:`));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  /** The text of a stored value: a sealed one is opened (its tag checked), a plain one is returned as it is. */
  open(stored: string): string {
    const match = SEALED.exec(stored);
    if (!match) return stored;
    const [, id = '', payload = ''] = match;
    const key = this.keys.get(id);
    if (!key) throw this.unknownKey(id);
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw damaged(id);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(`${PREFIX}${id}:`));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw damaged(id);
    }
  }

  /** True when a stored text should be written again: plain while there is a key, or sealed with a previous key. */
  isStale(stored: string): boolean {
    if (!this.current) return false;
    return this.sealedWith(stored) !== this.current.id;
  }

  /**
   * For a value kept inside JSON (the due index): the value itself without encryption, else its
   * JSON sealed into a string.
   */
  sealValue(value: unknown): unknown {
    return this.current ? this.seal(JSON.stringify(value)) : value;
  }

  /** The value `sealValue` kept: a sealed string is opened and parsed; anything else is a plain value. */
  openValue<T>(stored: unknown): T {
    return (this.sealedWith(stored) ? JSON.parse(this.open(stored as string)) : stored) as T;
  }

  /** True when a value kept by `sealValue` should be written again. */
  isStaleValue(stored: unknown): boolean {
    if (!this.current) return false;
    return this.sealedWith(stored) !== this.current.id;
  }

  private unknownKey(id: string): EncryptionKeyError {
    if (!this.current)
      return new EncryptionKeyError(
        `The data in this store is encrypted (key id ${id}), but ENCRYPTION_KEY is not set: ` +
          'set ENCRYPTION_KEY to the key it was written with.',
        'no-key',
      );
    return new EncryptionKeyError(
      `ENCRYPTION_KEY does not open the data in this store: it was encrypted with the key whose id is ${id}, ` +
        `and the keys given have the id${this.keys.size > 1 ? 's' : ''} ${[...this.keys.keys()].join(', ')}. ` +
        'Set ENCRYPTION_KEY to that key (or, while rotating, add it to ENCRYPTION_PREVIOUS_KEYS).',
      'wrong-key',
    );
  }
}

function damaged(id: string): EncryptionKeyError {
  return new EncryptionKeyError(
    `A value in the store sealed with key id ${id} fails its integrity check: it has been altered or damaged`,
    'damaged',
  );
}
