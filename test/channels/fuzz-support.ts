/**
 * Fuzzing Toivo's HTTP doors: real payloads (what the playground's page, Slack and Teams send),
 * mutated every which way (fields dropped and added, wrong types, huge strings, control
 * characters and NUL bytes, deep nesting, wrong ids, numbers out of range, invalid JSON, wrong
 * content types, oversize bodies), sent through Toivo's real server. Each answer must come within
 * a few seconds, never be a 500, say what happened when it is an error, and a refused request
 * must change no meeting: the events of every meeting in the store are compared around it.
 *
 * FUZZ_RUNS sets the number of requests per entry point (1,000 by default; CI keeps the suite under its time); FUZZ_SEED replays one run (CI=true fixes it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openEventStore } from '../../src/store/open-store.js';

/** Requests per entry point. */
export const FUZZ_RUNS = Math.max(1, Math.floor(Number(process.env.FUZZ_RUNS) || 1000));
/** The run's seed, printed so that a failure can be replayed with FUZZ_SEED. */
// On CI a fixed seed, so that a landing is never decided by chance; anywhere else a new one each run.
export const FUZZ_SEED =
  Number(process.env.FUZZ_SEED) || (process.env.CI ? 20_261_201 : Math.floor(Math.random() * 2 ** 31));
/** Every request is answered within this, or it counts as a hang. */
export const ANSWER_WITHIN_MS = 5_000;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A request as it goes on the wire. */
export interface Wire {
  readonly method: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly ms: number;
}

/** A short account of a request, for a failure's message (no more than a few hundred characters). */
export const describe = (wire: Wire): string => {
  const body = wire.body === undefined ? '' : String(wire.body);
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} characters)` : body;
  return `${wire.method} ${wire.path.slice(0, 200)} ${JSON.stringify(wire.headers)} ${JSON.stringify(shown)}`;
};

/** Sends `wire` to `base` over `agent` (keep-alive: a poisoned connection shows as the next request hanging). */
export function send(base: string, wire: Wire, agent: Agent): Promise<Answer> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: wire.path,
        method: wire.method,
        // A body's length said, whatever the method (node would send a GET's body without it).
        headers:
          wire.body === undefined
            ? wire.headers
            : { ...wire.headers, 'content-length': String(Buffer.byteLength(wire.body)) },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Date.now() - started,
          });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms (a hang)`)),
      ANSWER_WITHIN_MS,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    req.on('error', fail);
    req.end(wire.body);
  });
}

/**
 * An answer that is no crash and, for an error, says what happened: a JSON body with an `error`
 * (or the notice the page shows), or a sentence as text.
 */
export function assertClear(
  answer: Answer,
  what: string,
  /** A 5xx the entry point answers on purpose (botbuilder's 501 for an invoke nobody takes), said clearly. */
  expected5xx?: (answer: Answer) => boolean,
): void {
  assert.ok(
    answer.status > 0 && (answer.status < 500 || expected5xx?.(answer) === true),
    `${what}\n→ ${answer.status} ${answer.text.slice(0, 300)}`,
  );
  if (answer.status < 400) return;
  assert.ok(answer.text.trim().length > 0, `${what}\n→ ${answer.status} without a body`);
  const type = String(answer.headers['content-type'] ?? '');
  assert.match(type, /^(application\/json|text\/plain)/, `${what}\n→ ${answer.status} as ${type}`);
  if (type.startsWith('application/json')) {
    const json = JSON.parse(answer.text) as Record<string, unknown>;
    const says =
      (typeof json.error === 'string' && json.error.trim().length > 0) ||
      (typeof json.notice === 'object' && json.notice !== null);
    assert.ok(says, `${what}\n→ ${answer.status} ${answer.text.slice(0, 300)}: no error said`);
  }
}

/** Every meeting in the store, as its events. */
export async function snapshot(store: EventStore<Event>): Promise<Map<string, string>> {
  const meetings = new Map<string, string>();
  for (const id of await store.streamIds())
    meetings.set(id, JSON.stringify((await store.load(id))?.events ?? null));
  return meetings;
}

/** The meetings whose events differ between two snapshots (made, changed or gone). */
export function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids].filter((id) => before.get(id) !== after.get(id));
}

/** How many answers of each status (and, for a 200, taken or not) a run got: to see that it reaches past the doors. */
export class Tally {
  private readonly counts = new Map<string, number>();

  note(answer: Answer): void {
    let ok = '';
    if (answer.status === 200)
      try {
        const said = (JSON.parse(answer.text) as { ok?: unknown }).ok;
        ok = said === true ? ' ok' : said === false ? ' refused' : '';
      } catch {
        // not JSON: a file
      }
    const key = `${answer.status}${ok}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  }
}

/** Waits for every one of `work` (lanes share nothing, but are closed together), then fails with the first failure. */
async function settleAll(work: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

// --- an entry point's run -----------------------------------------------------------------------

/** One server of an entry point over a store of its own, with the real requests its runs start from. */
export interface Lane<Seed> {
  readonly store: EventStore<Event>;
  /** Where its server listens: scheme, host and port. */
  readonly base: string;
  /** One connection kept alive: a poisoned connection shows as the next request hanging. */
  readonly agent: Agent;
  /** Requests a real client sent, which the runs mutate. */
  readonly seeds: readonly Seed[];
  /** Real values of this lane (ids, verbs) that mutations move elsewhere. */
  readonly known: readonly string[];
  /** Resolves once the entry point has done all it does about the requests so far. */
  settled?(): Promise<void>;
  /** What the entry point logged: its last lines come with a failure's 5xx. */
  readonly log?: readonly string[];
  /** Closes its server and removes its store (the agent's connection is closed before). */
  close(): Promise<void>;
}

/** What is particular to one entry point under fuzzing; `fuzz` does the rest. */
export interface EntryPoint<L extends Lane<unknown>, Envelope> {
  /** How many lanes share the runs. */
  readonly lanes: number;
  /** The lanes one after another, not together (botbuilder keeps a bot's token process-wide). */
  readonly oneAtATime?: boolean;
  open(): Promise<L>;
  /** How a request is sent besides its seed: method, headers, signing, what happens to its body. */
  readonly envelope: fc.Arbitrary<Envelope>;
  /** The request on the wire: `seed` with `ops` applied (none: the seed as it is), sent as `envelope` says. */
  wire(lane: L, seed: L['seeds'][number], ops: readonly Op[], envelope: Envelope): Wire | Promise<Wire>;
  /** Whether the request must have changed nothing; by default, when it was refused (4xx). */
  changesNothing?(wire: Wire, answer: Answer): boolean;
  /** What else such a request must leave as it was (the playground's clock): its name, and how to read it. */
  readonly alsoUnchanged?: { readonly name: string; read(lane: L): unknown };
  /** A 5xx the entry point answers on purpose for this request, said clearly (see assertClear). */
  expected5xx?(wire: Wire): (answer: Answer) => boolean;
  /** What is wrong with an answer besides what every entry point is held to, if anything. */
  wrong?(answer: Answer): string | undefined;
  /** A real request a lane must still answer (200) once its runs are over; /healthz is asked too. */
  stillAnswers(lane: L): Wire | Promise<Wire>;
}

const refusedAtAll = (_wire: Wire, answer: Answer) => answer.status >= 400;

/** One run: the request sent, its answer checked, and the store around it when it must change nothing. */
async function once<L extends Lane<unknown>, E>(
  entry: EntryPoint<L, E>,
  lane: L,
  tally: Tally,
  wire: Wire,
): Promise<void> {
  const what = describe(wire);
  const before = await snapshot(lane.store);
  const also = entry.alsoUnchanged?.read(lane);
  const answer = await send(lane.base, wire, lane.agent);
  await lane.settled?.();
  tally.note(answer);
  const log = answer.status >= 500 && lane.log ? `\nlog: ${lane.log.slice(-3).join(' | ')}` : '';
  assertClear(answer, `${what}${log}`, entry.expected5xx?.(wire));
  const wrong = entry.wrong?.(answer);
  assert.equal(wrong, undefined, `${what}\n→ ${answer.status}: ${wrong}`);
  if (!(entry.changesNothing ?? refusedAtAll)(wire, answer)) return;
  assert.deepEqual(
    changed(before, await snapshot(lane.store)),
    [],
    `${what}\n→ ${answer.status}: changed meetings`,
  );
  if (entry.alsoUnchanged)
    assert.equal(
      entry.alsoUnchanged.read(lane),
      also,
      `${what}\n→ ${answer.status}: changed ${entry.alsoUnchanged.name}`,
    );
}

/** Closes a lane: its agent's connection, then the lane itself. */
async function closeLane(lane: Lane<unknown>): Promise<void> {
  lane.agent.destroy();
  await lane.close();
}

/** A lane's share of the runs: a seed, mutations (or none), an envelope; the `i`-th lane's own seed. */
function runs<L extends Lane<unknown>, E>(entry: EntryPoint<L, E>, lane: L, i: number, tally: Tally) {
  return fc.assert(
    fc.asyncProperty(
      fc.nat({ max: lane.seeds.length - 1 }),
      opsArb(lane.known),
      fc.boolean(),
      entry.envelope,
      async (index, ops, untouched, envelope) =>
        once(entry, lane, tally, await entry.wire(lane, lane.seeds[index], untouched ? [] : ops, envelope)),
    ),
    { numRuns: Math.ceil(FUZZ_RUNS / entry.lanes), seed: FUZZ_SEED + i, endOnFailure: true },
  );
}

/** That a lane still serves once its runs are over: its health, and a real request of the entry point's. */
async function stillServes<L extends Lane<unknown>, E>(entry: EntryPoint<L, E>, lane: L): Promise<void> {
  const health = await send(lane.base, { method: 'GET', path: '/healthz', headers: {} }, lane.agent);
  assert.equal(health.status, 200);
  const answer = await send(lane.base, await entry.stillAnswers(lane), lane.agent);
  await lane.settled?.();
  assert.equal(answer.status, 200, answer.text);
}

/**
 * FUZZ_RUNS requests to an entry point, shared by its lanes: each answered in time, never a 500,
 * an error said, and no meeting changed by a refused one; every lane still serving after. The
 * seed and the answers' tally are printed.
 */
async function fuzz<L extends Lane<unknown>, E>(entry: EntryPoint<L, E>): Promise<void> {
  console.log(`      fuzz seed ${FUZZ_SEED} (FUZZ_SEED replays it), ${FUZZ_RUNS} runs`);
  const tally = new Tally();
  if (entry.oneAtATime) {
    for (let i = 0; i < entry.lanes; i++) {
      const lane = await entry.open();
      try {
        await runs(entry, lane, i, tally);
        await stillServes(entry, lane);
      } finally {
        await closeLane(lane);
      }
    }
    console.log(`      answers: ${tally}`);
    return;
  }
  const lanes = await Promise.all(Array.from({ length: entry.lanes }, () => entry.open()));
  try {
    await settleAll(lanes.map((lane, i) => runs(entry, lane, i, tally)));
    console.log(`      answers: ${tally}`);
    for (const lane of lanes) await stillServes(entry, lane);
  } finally {
    await Promise.all(lanes.map(closeLane));
  }
}

/** A lane's store: SQLite in a folder of its own (`prefix` begins its name), and how to close and remove both. */
export async function sqliteStore(
  prefix: string,
): Promise<{ readonly store: EventStore<Event>; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
  return {
    store,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `test` on a lane opened for it alone, closed after whatever happens. */
export async function onALane<L extends Lane<unknown>>(
  open: () => Promise<L>,
  test: (lane: L) => Promise<void>,
): Promise<void> {
  const lane = await open();
  try {
    await test(lane);
  } finally {
    await closeLane(lane);
  }
}

/** The test of an entry point under fuzzing: `fuzz`, named for what it is sent ("requests", "activities"). */
export function itFuzzes<L extends Lane<unknown>, E>(what: string, entry: EntryPoint<L, E>): void {
  it(`${FUZZ_RUNS} mutated ${what}: each answered in time, never a 500, errors said, nothing changed by a refused one`, () =>
    fuzz(entry));
}

/**
 * Each of `cases` (what it is, and the request, authenticated as the entry point takes it) is
 * refused at the door though it reaches it, as the fuzzing found it must be: `refusal`'s status and
 * body, at once, and no meeting changed.
 */
export async function assertRefusedAtTheDoor(
  lane: Lane<unknown>,
  cases: readonly (readonly [string, Wire])[],
  refusal: { readonly status: number; readonly body: unknown },
): Promise<void> {
  for (const [what, wire] of cases) {
    const before = await snapshot(lane.store);
    const answer = await send(lane.base, wire, lane.agent);
    await lane.settled?.();
    assert.equal(answer.status, refusal.status, `${what}: ${answer.status} ${answer.text}`);
    assert.deepEqual(JSON.parse(answer.text), refusal.body, what);
    assert.ok(answer.ms < 1_000, `${what}: answered in ${answer.ms} ms`);
    assert.deepEqual(changed(before, await snapshot(lane.store)), [], what);
  }
}

// --- mutations ----------------------------------------------------------------------------------

/**
 * A value put into a payload: JSON, or (RAW) JSON text written as it is, for nesting deeper than
 * JSON.stringify goes.
 */
export type Value = { readonly json: Json } | { readonly raw: string };

const nest = (depth: number, arrays: boolean): string =>
  arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const controlCharacters = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 6,
});

/** Strings no real payload carries where they go; `known` are real ones (ids, verbs) of this run. */
export function nastyString(known: readonly string[]): fc.Arbitrary<string> {
  const real = known.length > 0 ? fc.constantFrom(...known) : fc.constant('m1');
  return fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'm1\u0000',
      '\u0000m1',
      'm-\u0000\u0000x',
      '\u2028\u2029',
      '\ud800',
      '../../etc/passwd',
      '%00',
      '<script>alert(1)</script>',
      '__proto__',
      'constructor',
      'null',
      'NaN',
      '1e999',
      '-1',
      'P1',
      'guest',
      `m-${'A'.repeat(81)}`,
      'ä'.repeat(300),
    ),
    controlCharacters,
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n)),
    real,
    fc.tuple(real, controlCharacters).map(([r, c]) => `${r}${c}`),
  );
}

/** Numbers out of range and values of the wrong type. */
export const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, -1, 0, -0, 0.5, 2 ** 53 + 1, -(2 ** 31), 2 ** 32, 1e-300),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** What a mutation puts somewhere: a nasty string, a wrong type, a real value from elsewhere, deep nesting. */
export function valueArb(known: readonly string[], realValues: readonly Json[] = []): fc.Arbitrary<Value> {
  return fc.oneof(
    { weight: 4, arbitrary: nastyString(known).map((s) => ({ json: s })) },
    { weight: 3, arbitrary: wrongType.map((json) => ({ json })) },
    ...(realValues.length > 0
      ? [{ weight: 2, arbitrary: fc.constantFrom(...realValues).map((json) => ({ json })) }]
      : []),
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 50_000 }), fc.boolean())
        .map(([depth, arrays]) => ({ raw: nest(depth, arrays) })),
    },
  );
}

/** Keys a mutation adds: those Toivo reads elsewhere, those that trip naive code, and any. */
export const keyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'meetingId',
    'meeting',
    'as',
    'version',
    'verb',
    'kind',
    'value',
    'data',
    'action',
    'payload',
    'locale',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

/** One change to a JSON value: at the `at`-th node (of all, root first), dropped, replaced, or given a key. */
export interface Op {
  readonly kind: 'drop' | 'set' | 'add';
  readonly at: number;
  readonly key: string;
  readonly value: Value;
}

export function opsArb(known: readonly string[], realValues: readonly Json[] = []): fc.Arbitrary<Op[]> {
  return fc.array(
    fc.record({
      kind: fc.constantFrom('drop', 'set', 'set', 'add') as fc.Arbitrary<Op['kind']>,
      at: fc.nat(),
      key: keyArb,
      value: valueArb(known, realValues),
    }),
    { minLength: 1, maxLength: 3 },
  );
}

type Path = readonly (string | number)[];

function paths(value: Json, at: Path = []): Path[] {
  const here: Path[] = [at];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) here.push(...paths(v, [...at, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) here.push(...paths(v, [...at, k]));
  return here;
}

/** A value with `ops` applied, and the raw texts it refers to. */
interface Mutated {
  readonly root: Json;
  readonly raws: readonly string[];
}

/** `seed` with `ops` applied. */
function apply(seed: Json, ops: readonly Op[]): Mutated {
  const raws: string[] = [];
  const put = (v: Value): Json => {
    // A copy: generated values are shared between runs, and a later op may add into this one.
    if ('json' in v) return structuredClone(v.json);
    raws.push(v.raw);
    return `\u0001raw${raws.length - 1}\u0001`;
  };
  const define = (node: JsonObject, key: string, value: Json) =>
    Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  let root: Json = structuredClone(seed);
  for (const op of ops) {
    const all = paths(root);
    const path = all[op.at % all.length] ?? [];
    if (path.length === 0) {
      if (op.kind === 'add' && root !== null && typeof root === 'object' && !Array.isArray(root))
        define(root, op.key, put(op.value));
      else root = op.kind === 'drop' ? {} : put(op.value);
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, k) => (node as Record<string | number, Json>)[k] as Json, root);
    const last = path[path.length - 1] as string | number;
    const node = (parent as Record<string | number, Json>)[last] as Json;
    if (op.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as JsonObject)[last as string];
    } else if (op.kind === 'add' && node !== null && typeof node === 'object') {
      if (Array.isArray(node)) node.push(put(op.value));
      else define(node, op.key, put(op.value));
    } else (parent as Record<string | number, Json>)[last] = put(op.value);
  }
  return { root, raws };
}

/** JSON text of `value`, with the raw texts put back where they go. */
const serialize = (value: Json, raws: readonly string[]): string =>
  JSON.stringify(value).replace(/"\\u0001raw(\d+)\\u0001"/g, (_, i: string) => raws[Number(i)] ?? 'null');

/** `seed` with `ops` applied, as JSON text. */
export function mutate(seed: Json, ops: readonly Op[]): string {
  const { root, raws } = apply(seed, ops);
  return serialize(root, raws);
}

/**
 * An object `seed` with `ops` applied, as the fields of a query or a form: a string as it is,
 * anything else as its JSON text; null (and a root that is no object) gives no field.
 */
export function mutateFields(seed: JsonObject, ops: readonly Op[]): [string, string][] {
  const { root, raws } = apply(seed, ops);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return [];
  return Object.entries(root)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => [k, typeof v === 'string' && !v.startsWith('\u0001raw') ? v : serialize(v, raws)]);
}

/** What happens to a serialized body on its way: nothing (mostly), cut, garbage, another JSON, padding past a limit. */
export type BodyChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'append'; readonly text: string }
  | { readonly kind: 'replace'; readonly text: string }
  | { readonly kind: 'oversize'; readonly bytes: number };

export const bodyChangeArb: fc.Arbitrary<BodyChange> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: 'cut' as const, at })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('}', ']', ',', 'x', '\u0000', ' {"a":1}', '"')
      .map((text) => ({ kind: 'append' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('', 'null', '[]', '"x"', '1', 'true', '{', 'payload=%7B', '\u0000\u0000', '[{}]', '{"a":')
      .map((text) => ({ kind: 'replace' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(300 * 1024, 600 * 1024, 1100 * 1024, 1600 * 1024, 3 * 1024 * 1024)
      .map((bytes) => ({ kind: 'oversize' as const, bytes })),
  },
);

/** `body` changed by `change`; an oversize body stays JSON-shaped where it was JSON (a huge string inside). */
export function changeBody(body: string, change: BodyChange): string {
  switch (change.kind) {
    case 'none':
      return body;
    case 'cut':
      return body.slice(0, body.length === 0 ? 0 : change.at % body.length);
    case 'append':
      return `${body}${change.text}`;
    case 'replace':
      return change.text;
    case 'oversize':
      return body.startsWith('{') && body.length > 1
        ? `{"padding":"${'x'.repeat(change.bytes)}",${body.slice(1)}`
        : `${body}${'x'.repeat(change.bytes)}`;
  }
}

/** Content types a client may put on a body, the real one most of the time. */
export const contentTypeArb = (real: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(real) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/jsonx',
        'application/xml',
        '',
      ),
    },
  );

// --- keep-alive ---------------------------------------------------------------------------------

/**
 * Sends `first` and then a GET of `next` on one raw connection, the second as soon as the first is
 * answered; both answers as raw text, or what happened to the connection.
 */
export function twoOnOneConnection(
  base: string,
  first: { readonly head: string; readonly body: Buffer },
  nextPath: string,
): Promise<{ first: string; second: string; closed: boolean; error?: string; ms: number }> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    let closed = false;
    let error: string | undefined;
    let sentSecond = false;
    const started = Date.now();
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const [one = '', ...rest] = received.split(/(?=HTTP\/1\.1 )/);
      resolve({
        first: one,
        second: rest.join(''),
        closed,
        ms: Date.now() - started,
        ...(error ? { error } : {}),
      });
    };
    const timer = setTimeout(finish, ANSWER_WITHIN_MS);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const answers = received.split(/(?=HTTP\/1\.1 )/).filter((a) => a.length > 0);
      if (!sentSecond && answers.length >= 1 && complete(answers[0] ?? '')) {
        sentSecond = true;
        socket.write(`GET ${nextPath} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      }
      if (answers.length >= 2 && complete(answers[1] ?? '')) finish();
    });
    socket.on('error', (e) => {
      error = e.message;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(first.head);
    socket.write(first.body);
  });
}

/** Whether a raw HTTP answer is all there (content-length, or chunked with its last chunk). */
function complete(raw: string): boolean {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = raw.slice(0, end).toLowerCase();
  const body = raw.slice(end + 4);
  const length = /content-length: (\d+)/.exec(head)?.[1];
  if (length !== undefined) return Buffer.byteLength(body, 'latin1') >= Number(length);
  if (head.includes('transfer-encoding: chunked')) return body.includes('0\r\n\r\n');
  return true;
}

export const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

/**
 * `head` and `body` sent on one connection, then a GET of /healthz on the same one: the first is
 * answered with `status` saying why, within `withinMs`, and the connection carries the second.
 */
export async function assertAnsweredAndKept(
  base: string,
  first: { readonly head: string; readonly body: Buffer },
  status: number,
  withinMs = 1_000,
): Promise<void> {
  const both = await twoOnOneConnection(base, first, '/healthz');
  assert.equal(statusOf(both.first), status, both.first);
  assert.match(both.first, /"error":"[^"]+"/);
  assert.equal(
    statusOf(both.second),
    200,
    `the next request on the connection: ${both.second || both.error || 'nothing'}`,
  );
  assert.ok(both.ms < withinMs, `answered in ${both.ms} ms`);
}

/**
 * A body far over the limit, on a lane: 413, the connection closed cleanly (not reset), and a new
 * connection served at once.
 */
export async function assertClosedCleanly(
  lane: Lane<unknown>,
  first: { readonly head: string; readonly body: Buffer },
): Promise<void> {
  const closed = await twoOnOneConnection(lane.base, first, '/healthz');
  assert.equal(statusOf(closed.first), 413, closed.first);
  assert.match(closed.first.toLowerCase(), /connection: close/);
  assert.equal(closed.error, undefined, 'the connection was closed, not reset');
  const next = await send(lane.base, { method: 'GET', path: '/healthz', headers: {} }, lane.agent);
  assert.equal(next.status, 200);
  assert.ok(next.ms < 1_000, `the next connection answered in ${next.ms} ms`);
}
