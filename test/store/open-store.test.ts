import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore, openEventStoreFromEnv, parseStoreUrl } from '../../src/store/open-store.js';

describe('choosing the store', () => {
  it('defaults to the SQLite file data/toivo.sqlite', () => {
    assert.deepEqual(parseStoreUrl(undefined), { kind: 'sqlite', path: 'data/toivo.sqlite' });
    assert.deepEqual(parseStoreUrl(''), { kind: 'sqlite', path: 'data/toivo.sqlite' });
  });

  it('reads the backend from the scheme', () => {
    assert.deepEqual(parseStoreUrl('sqlite://var/x.sqlite'), { kind: 'sqlite', path: 'var/x.sqlite' });
    assert.deepEqual(parseStoreUrl('sqlite:///abs/x.sqlite'), { kind: 'sqlite', path: '/abs/x.sqlite' });
    assert.equal(parseStoreUrl('redis://h:6379').kind, 'redis');
    assert.equal(parseStoreUrl('rediss://h:6380').kind, 'redis');
    assert.equal(parseStoreUrl('postgres://u@h/db').kind, 'postgres');
    assert.equal(parseStoreUrl('PostgreSQL://u@h/db').kind, 'postgres');
  });

  it('refuses an unknown scheme by name, without echoing the password', () => {
    assert.throws(
      () => parseStoreUrl('mysql://bot:hunter2@h/db'),
      (error: Error) => error.message.includes('"mysql://"') && !error.message.includes('hunter2'),
    );
    assert.throws(() => parseStoreUrl('just-a-path.sqlite'), /no scheme/);
    assert.throws(() => parseStoreUrl('sqlite://'), /names no file/);
  });

  describe('opening a SQLite file', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'toivo-open-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('creates missing folders', async () => {
      const path = join(dir, 'nested', 'deeper', 'toivo.sqlite');
      const store = await openEventStore<string>({ url: `sqlite://${path}` });
      await store.append('m', 0, ['a']);
      await store.close();
      await access(path);
    });

    it('takes the URL from STORE_URL', async () => {
      const path = join(dir, 'from-env.sqlite');
      const store = await openEventStoreFromEnv<string>({ STORE_URL: `sqlite://${path}` });
      await store.append('m', 0, ['a']);
      await store.close();
      const reopened = await openEventStore<string>({ url: `sqlite://${path}` });
      assert.deepEqual((await reopened.load('m'))?.events, ['a']);
      await reopened.close();
    });
  });
});
