/**
 * What the SQLite files hold: erased content is gone from every file of the folder (deleted rows
 * overwritten, the write-ahead log emptied), and only the owner may read them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';
import type { TestEvent } from './event-store-contract.js';

/** Every file of the folder, as the bytes on disk. */
async function filesOf(dir: string): Promise<Map<string, string>> {
  const names = await readdir(dir);
  return new Map(
    await Promise.all(
      names.map(async (name) => [name, (await readFile(join(dir, name))).toString('latin1')] as const),
    ),
  );
}

/** The files (by name) that hold `marker`. */
async function holding(dir: string, marker: string): Promise<string[]> {
  return [...(await filesOf(dir))].filter(([, bytes]) => bytes.includes(marker)).map(([name]) => name);
}

describe('the SQLite files', () => {
  let dir: string;
  let store: EventStore<TestEvent> | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toivo-files-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  const open = (path = join(dir, 'toivo.sqlite')) => openEventStore<TestEvent>({ url: `sqlite://${path}` });

  it('after an erasure and compact, no file of the folder holds what was erased', async () => {
    const marker = `Erased-${randomUUID()}`;
    store = await open();
    // A small stream (within one page), a large one (overflow pages), records and due entries.
    await store.append('small', 0, [{ n: 0, text: `${marker} small` }]);
    await store.append(
      'large',
      0,
      [...Array(200).keys()].map((n) => ({ n, text: `${marker} ${'x'.repeat(200)} ${n}` })),
    );
    await store.append('kept', 0, [{ n: 0, text: 'nothing secret' }]);
    await store.records<{ note: string }>('conversation').set('small', { note: `${marker} record` });
    const due = store.due<{ note: string }>('reminders');
    await due.replace('small', [
      { id: 'r1', dueAt: 100, value: { note: `${marker} due` } },
      { id: 'r2', dueAt: 200, value: { note: `${marker} due` } },
    ]);
    await due.claim(150, 1, 'one', 60_000);
    await due.done('r1');
    const before = await holding(dir, marker);
    assert.ok(
      // The meetings' file or its write-ahead log (the store is in WAL mode), and the due index's.
      before.some((name) => name === 'toivo.sqlite' || name === 'toivo.sqlite-wal') &&
        before.some((name) => name.startsWith('toivo.sqlite-due')),
      `before the erasure the files hold it (this test sees what is there): ${before}`,
    );

    await store.erase('small');
    await store.erase('large');
    await store.records('conversation').delete('small');
    await due.forget('small');
    await store.compact();
    assert.deepEqual(await holding(dir, marker), [], 'while open');
    await store.close();
    store = undefined;
    assert.deepEqual(await holding(dir, marker), [], 'after closing');

    store = await open();
    assert.equal((await store.load('kept'))?.version, 1, 'what was not erased is still there');
    assert.equal(await store.load('small'), undefined);
  });

  it('after a rewrite (an anonymisation) and compact, no file holds the old content', async () => {
    const marker = `Person-${randomUUID()}`;
    store = await open();
    await store.append('m', 0, [
      { n: 0, text: `${marker} said so` },
      { n: 1, text: 'agreed' },
    ]);
    await store.append(
      'm',
      2,
      [...Array(100).keys()].map((n) => ({ n: n + 2, text: `${marker} ${'y'.repeat(300)}` })),
    );
    const held = await holding(dir, marker);
    assert.ok(
      held.length > 0 && held.every((name) => ['toivo.sqlite', 'toivo.sqlite-wal'].includes(name)),
      `${held}`,
    );
    const anonymised = [...Array(103).keys()].map((n) => ({ n, text: 'someone' }));
    assert.deepEqual(await store.rewrite('m', 102, anonymised), { ok: true, version: 103 });
    await store.compact();
    assert.deepEqual(await holding(dir, marker), []);
  });

  it('are created for their owner only: the folder 0700, every file 0600', async () => {
    const folder = join(dir, 'new', 'data');
    store = await open(join(folder, 'toivo.sqlite'));
    await store.append('m', 0, [{ n: 0, text: 'a' }]);
    await store.records('conversation').set('m', { a: 1 });
    await store.due('reminders').replace('m', [{ id: 'r', dueAt: 1, value: {} }]);
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'new'))).mode & 0o777, 0o700, 'a folder created on the way too');
    const files = await readdir(folder);
    assert.ok(files.includes('toivo.sqlite-due-wal'), 'the write-ahead log is there, and looked at');
    for (const file of files) assert.equal((await stat(join(folder, file))).mode & 0o777, 0o600, file);
  });

  it('narrows a folder and files found open to others', async () => {
    const folder = join(dir, 'data');
    await mkdir(folder);
    await chmod(folder, 0o755);
    const path = join(folder, 'toivo.sqlite');
    store = await open(path);
    await store.append('m', 0, [{ n: 0, text: 'a' }]);
    await store.due('reminders').replace('m', [{ id: 'r', dueAt: 1, value: {} }]);
    await store.close();
    store = undefined;
    await chmod(folder, 0o755);
    for (const file of await readdir(folder)) await chmod(join(folder, file), 0o644);
    await writeFile(`${path}-journal`, '');
    await chmod(`${path}-journal`, 0o666);
    store = await open(path);
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    for (const file of await readdir(folder))
      assert.equal((await stat(join(folder, file))).mode & 0o777, 0o600, file);
    assert.equal((await store.load('m'))?.version, 1);
  });
});
