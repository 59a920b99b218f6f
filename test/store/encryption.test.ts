import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeKey, EncryptionKeyError, keyId, ValueCipher } from '../../src/store/encryption.js';

const A = randomBytes(32);
const B = randomBytes(32);
const reason = (r: EncryptionKeyError['reason']) => (error: unknown) =>
  error instanceof EncryptionKeyError && error.reason === r;

describe('sealing values (AES-256-GCM)', () => {
  const cipher = new ValueCipher({ key: A });

  it('seals with a fresh nonce each time, names the key by its id, and opens what it sealed', () => {
    const one = cipher.seal('{"value":"Matti"}');
    const two = cipher.seal('{"value":"Matti"}');
    assert.notEqual(one, two);
    assert.ok(one.startsWith(`toivo-enc:1:${keyId(A)}:`));
    assert.ok(!one.includes('Matti'));
    assert.equal(cipher.open(one), '{"value":"Matti"}');
    assert.equal(cipher.open(cipher.seal('')), '');
    assert.equal(cipher.sealedWith(one), keyId(A));
  });

  it('a key id tells nothing of the key, and differs between keys', () => {
    assert.match(keyId(A), /^[0-9a-f]{12}$/);
    assert.notEqual(keyId(A), keyId(B));
    assert.ok(!A.toString('hex').includes(keyId(A)));
  });

  it('reads a plain value as it is, and counts it stale while there is a key', () => {
    assert.equal(cipher.open('{"value":1}'), '{"value":1}');
    assert.equal(cipher.isStale('{"value":1}'), true);
    assert.equal(cipher.isStale(cipher.seal('x')), false);
    assert.equal(ValueCipher.none.isStale('{"value":1}'), false);
    assert.equal(ValueCipher.none.seal('{"value":1}'), '{"value":1}');
  });

  it('refuses a value altered anywhere: its body, its tag, or the key id it names', () => {
    const sealed = cipher.seal('{"value":"Matti"}');
    const body = Buffer.from(sealed.split(':')[3] as string, 'base64');
    for (const at of [0, 12, body.length - 1]) {
      const altered = Buffer.from(body);
      altered[at] = (altered[at] as number) ^ 1;
      assert.throws(
        () => cipher.open(`toivo-enc:1:${keyId(A)}:${altered.toString('base64')}`),
        reason('damaged'),
      );
    }
    assert.throws(() => cipher.open(`toivo-enc:1:${keyId(A)}:AAAA`), reason('damaged'));
    const both = new ValueCipher({ key: A, previous: [B] });
    assert.throws(() => both.open(sealed.replace(keyId(A), keyId(B))), reason('damaged'));
  });

  it('reads values of previous keys and counts them stale; a key not given is a clear error', () => {
    const old = new ValueCipher({ key: B }).seal('{"value":2}');
    const rotating = new ValueCipher({ key: A, previous: [B] });
    assert.equal(rotating.open(old), '{"value":2}');
    assert.equal(rotating.isStale(old), true);
    assert.throws(() => cipher.open(old), reason('wrong-key'));
    assert.throws(
      () => cipher.open(old),
      /^EncryptionKeyError: ENCRYPTION_KEY does not open the data in this store/,
    );
    assert.throws(
      () => ValueCipher.none.open(old),
      /encrypted \(key id [0-9a-f]+\), but ENCRYPTION_KEY is not set/,
    );
  });

  it('keeps a value inside JSON as a sealed string, and a plain one as it is', () => {
    const sealed = cipher.sealValue({ note: 'Matti' });
    assert.equal(typeof sealed, 'string');
    assert.deepEqual(cipher.openValue(sealed), { note: 'Matti' });
    assert.deepEqual(cipher.openValue({ note: 'Matti' }), { note: 'Matti' });
    assert.deepEqual(ValueCipher.none.sealValue({ note: 'Matti' }), { note: 'Matti' });
    assert.equal(cipher.isStaleValue({ note: 'Matti' }), true);
    assert.equal(cipher.isStaleValue(sealed), false);
  });

  it('decodes a key from 64 hex characters or base64, and nothing else', () => {
    assert.deepEqual(decodeKey(A.toString('hex')), A);
    assert.deepEqual(decodeKey(A.toString('base64')), A);
    assert.deepEqual(decodeKey(A.toString('base64url')), A);
    for (const bad of [
      '',
      'abc',
      A.toString('hex').slice(2),
      randomBytes(31).toString('base64'),
      `${A.toString('hex')}0`,
    ])
      assert.equal(decodeKey(bad), undefined, bad);
    assert.throws(() => new ValueCipher({ key: randomBytes(16) }), RangeError);
  });
});
