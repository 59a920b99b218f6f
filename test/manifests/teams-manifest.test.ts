/** The Teams app manifest, its icons and the package `npm run package:teams` makes from them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { Ajv } from 'ajv';

type Json = Record<string, unknown>;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const readJson = (path: string): Json => JSON.parse(readFileSync(here(path), 'utf8'));
const TEAMS = '../../manifests/teams/';

const manifest = readJson(`${TEAMS}manifest.json`);

/**
 * The schema is draft-04 (`"$schema": "http://json-schema.org/draft-04/schema#"`). Ajv 8 has no
 * draft-04 meta-schema and ajv-draft-04 is not installed, so the copy is compiled as Ajv's default
 * draft-07 without its `$schema`. That reads the same here: the schema uses no draft-04-only keyword
 * (no boolean `exclusiveMinimum`/`exclusiveMaximum`, no `id` naming a schema), and the later keywords
 * it does use (`const` on `manifestVersion`, `if`/`then`) are checked rather than skipped.
 */
const { $schema: _draft04, ...schema } = readJson('../schemas/teams-manifest.schema.json');
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

function assertValidManifest(m: unknown, what: string): void {
  assert.ok(
    validate(m),
    `${what} is not a valid Teams app manifest v1.29:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`,
  );
}

const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const TEST_ID = '6f1c2d3e-4b5a-4978-8a9b-0c1d2e3f4a5b';
const SCOPES = ['groupChat', 'personal', 'team'];
const FILES = ['manifest.json', 'color.png', 'outline.png', 'fi.json', 'sv.json'];

type Bot = {
  botId: string;
  scopes: string[];
  commandLists: { scopes: string[]; commands: { title: string }[] }[];
};
const bot = (m: Json): Bot => (m.bots as Bot[])[0] as Bot;

/** The ids the package script must fill in, by where they sit. */
const ids = (m: Json) => ({
  id: m.id,
  botId: bot(m).botId,
  webApplicationInfo: (m.webApplicationInfo as Json).id,
});

// ---- PNG ----

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** Each pixel as RGBA bytes, rows top to bottom. */
  rgba: Buffer;
}

/** Reads an 8-bit RGBA PNG whose rows all use filter type 0, checking each chunk's CRC. */
function readPng(file: Buffer, what: string): Png {
  assert.deepEqual(
    [...file.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    `${what}: PNG signature`,
  );
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    assert.equal(
      file.readUInt32BE(at + 8 + length),
      crc32(file.subarray(at + 4, at + 8 + length)),
      `${what}: ${type} CRC`,
    );
    chunks.push({ type, data });
    at += 12 + length;
  }
  const ihdr = chunks[0];
  assert.equal(ihdr?.type, 'IHDR', `${what}: IHDR comes first`);
  assert.equal(chunks.at(-1)?.type, 'IEND', `${what}: IEND comes last`);
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const bitDepth = ihdr.data[8] as number;
  const colorType = ihdr.data[9] as number;
  assert.equal(ihdr.data[12], 0, `${what}: not interlaced`);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = 1 + width * 4;
  assert.equal(
    raw.length,
    height * stride,
    `${what}: the image data is ${height} rows of ${width} RGBA pixels`,
  );
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * stride], 0, `${what}: row ${y} uses filter type 0`);
    raw.copy(rgba, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, bitDepth, colorType, rgba };
}

// ---- zip ----

/** Reads a zip through its central directory, checking each local header, size and CRC. */
function readZip(file: Buffer): Map<string, Buffer> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0 && end >= file.length - 22 - 0xffff, 'the zip has an end-of-central-directory record');
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  assert.equal(
    at + file.readUInt32LE(end + 12),
    end,
    'the central directory ends where the end record starts',
  );
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(file.readUInt32LE(at), 0x02014b50, `central directory entry ${i}`);
    const method = file.readUInt16LE(at + 10);
    const crc = file.readUInt32LE(at + 16);
    const packed = file.readUInt32LE(at + 20);
    const size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const skip = nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    const local = file.readUInt32LE(at + 42);
    assert.equal(file.readUInt32LE(local), 0x04034b50, `${name}: local file header`);
    assert.deepEqual(
      [
        file.readUInt16LE(local + 8),
        file.readUInt32LE(local + 14),
        file.readUInt32LE(local + 18),
        file.readUInt32LE(local + 22),
      ],
      [method, crc, packed, size],
      `${name}: the local header agrees with the central directory`,
    );
    assert.equal(file.toString('utf8', local + 30, local + 30 + file.readUInt16LE(local + 26)), name);
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const body = file.subarray(start, start + packed);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated, not method ${method}`);
    const data = method === 8 ? inflateRawSync(body) : body;
    assert.equal(data.length, size, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC`);
    assert.ok(!entries.has(name), `${name} is in the zip once`);
    entries.set(name, data);
    at += 46 + skip;
  }
  return entries;
}

// ---- the package script ----

const TSX = here('../../node_modules/tsx/dist/cli.mjs');
const SCRIPT = here('../../scripts/package-teams.ts');

/**
 * Runs the package script as `npm run package:teams` would, but in an empty temporary directory (so
 * that a developer's own `.env` is not read) and without the Microsoft and public-URL settings of the
 * environment the tests run in.
 */
function packageTeams(cwd: string, env: Record<string, string>) {
  const { MicrosoftAppId: _id, PUBLIC_URL: _url, TEAMS_PACKAGE_OUT: _out, ...rest } = process.env;
  return spawnSync(process.execPath, [TSX, SCRIPT], { cwd, env: { ...rest, ...env }, encoding: 'utf8' });
}

describe('the Teams app manifest', () => {
  it('is valid against the Teams app manifest schema v1.29', () => {
    assert.equal(manifest.manifestVersion, '1.29');
    assert.equal(
      manifest.$schema,
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json',
    );
    assertValidManifest(manifest, 'manifests/teams/manifest.json');
  });

  it('holds the placeholder GUID wherever the package script puts the app id', () => {
    assert.deepEqual(ids(manifest), {
      id: PLACEHOLDER_ID,
      botId: PLACEHOLDER_ID,
      webApplicationInfo: PLACEHOLDER_ID,
    });
    assert.equal((manifest.webApplicationInfo as Json).resource, `api://toivo.example.org/${PLACEHOLDER_ID}`);
    assert.deepEqual(manifest.validDomains, ['toivo.example.org']);
  });

  it('has one bot in personal chat, teams and group chats, each with new and help', () => {
    const bots = manifest.bots as Bot[];
    assert.equal(bots.length, 1);
    const b = bot(manifest);
    assert.deepEqual([...b.scopes].sort(), SCOPES);
    assert.equal(new Set(b.scopes).size, b.scopes.length, 'no scope is listed twice');
    for (const scope of SCOPES) {
      const lists = b.commandLists.filter((l) => l.scopes.includes(scope));
      assert.equal(lists.length, 1, `one command list for ${scope}`);
      const titles = (lists[0]?.commands ?? []).map((c) => c.title);
      for (const command of ['new', 'help'])
        assert.ok(titles.includes(command), `${scope} offers "${command}"`);
      if (scope === 'personal')
        for (const mine of ['my commitments', 'my meetings'])
          assert.ok(titles.includes(mine), `personal offers "${mine}"`);
    }
  });

  it('asks for the meeting permissions that bring meeting start and end events', () => {
    const rsc = ((manifest.authorization as Json).permissions as Json).resourceSpecific as Json[];
    for (const name of ['OnlineMeeting.ReadBasic.Chat', 'ChannelMeeting.ReadBasic.Group'])
      assert.ok(
        rsc.some((p) => p.name === name && p.type === 'Application'),
        `${name} (Application) is asked for`,
      );
    assert.deepEqual(manifest.permissions, ['identity', 'messageTeamMembers']);
  });

  it('has Finnish and Swedish files with a name, descriptions and only keys the manifest has', () => {
    const info = manifest.localizationInfo as { defaultLanguageTag: string; additionalLanguages: Json[] };
    assert.equal(info.defaultLanguageTag, 'en');
    assert.deepEqual(
      info.additionalLanguages.map((l) => [l.languageTag, l.file]),
      [
        ['fi', 'fi.json'],
        ['sv', 'sv.json'],
      ],
    );
    const at = (path: string): unknown =>
      path
        .split(/\.|\[(\d+)\]/)
        .filter(Boolean)
        .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], manifest);
    // Limits from the manifest schema (name.short 30, name.full 100, description.short 80, .full 4000).
    const limits: Record<string, number> = {
      'name.short': 30,
      'name.full': 100,
      'description.short': 80,
      'description.full': 4000,
    };
    for (const file of ['fi.json', 'sv.json']) {
      const texts = readJson(`${TEAMS}${file}`);
      for (const key of ['name.short', 'description.short', 'description.full'])
        assert.ok(texts[key], `${file} has ${key}`);
      for (const [key, text] of Object.entries(texts)) {
        if (key === '$schema') continue;
        assert.equal(typeof at(key), 'string', `${file}: ${key} translates something the manifest has`);
        assert.ok(String(text).length <= (limits[key] ?? 128), `${file}: ${key} is not too long`);
        // The name stays Toivo in every language; everything else is translated.
        if (key !== 'name.short') assert.notEqual(text, at(key), `${file}: ${key} is translated`);
      }
    }
  });
});

describe('the Teams app icons', () => {
  it('color.png is a 192×192 RGBA PNG', () => {
    const png = readPng(readFileSync(here(`${TEAMS}color.png`)), 'color.png');
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType], [192, 192, 8, 6]);
    assert.equal(manifest.icons && (manifest.icons as Json).color, 'color.png');
  });

  it('outline.png is a 32×32 RGBA PNG with only white and fully transparent pixels', () => {
    const png = readPng(readFileSync(here(`${TEAMS}outline.png`)), 'outline.png');
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType], [32, 32, 8, 6]);
    assert.equal((manifest.icons as Json).outline, 'outline.png');
    let white = 0;
    for (let o = 0; o < png.rgba.length; o += 4) {
      const [r, g, b, a] = png.rgba.subarray(o, o + 4);
      const where = `pixel (${(o / 4) % 32}, ${Math.floor(o / 4 / 32)})`;
      if (a === 0) continue;
      assert.deepEqual([r, g, b, a], [255, 255, 255, 255], `${where} is opaque white or fully transparent`);
      white++;
    }
    assert.ok(white > 32 * 32 * 0.1, 'the outline icon draws something');
  });
});

describe('npm run package:teams', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toivo-teams-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('zips the manifest with the app id, the icons and the translations', () => {
    const out = join(dir, 'out', 'toivo-teams.zip');
    const run = packageTeams(dir, { MicrosoftAppId: TEST_ID, TEAMS_PACKAGE_OUT: out });
    assert.equal(run.status, 0, `the script failed:\n${run.stderr}`);
    const entries = readZip(readFileSync(out));
    assert.deepEqual([...entries.keys()].sort(), [...FILES].sort());
    const packed: Json = JSON.parse(String(entries.get('manifest.json')));
    assert.deepEqual(ids(packed), { id: TEST_ID, botId: TEST_ID, webApplicationInfo: TEST_ID });
    assert.ok(!JSON.stringify(packed).includes(PLACEHOLDER_ID), 'no placeholder GUID is left');
    assertValidManifest(packed, 'the packaged manifest.json');
    for (const name of FILES.filter((f) => f !== 'manifest.json'))
      assert.ok(
        entries.get(name)?.equals(readFileSync(here(`${TEAMS}${name}`))),
        `${name} is packed as it is`,
      );
  });

  it('takes the app id and the public host from .env in the working directory', () => {
    writeFileSync(join(dir, '.env'), `MicrosoftAppId=${TEST_ID}\nPUBLIC_URL=https://toivo.contoso.fi/\n`);
    const out = join(dir, 'toivo-teams.zip');
    const run = packageTeams(dir, { TEAMS_PACKAGE_OUT: out });
    assert.equal(run.status, 0, `the script failed:\n${run.stderr}`);
    const packed: Json = JSON.parse(String(readZip(readFileSync(out)).get('manifest.json')));
    assert.equal(packed.id, TEST_ID);
    assert.deepEqual(packed.validDomains, ['toivo.contoso.fi']);
    assert.equal((packed.webApplicationInfo as Json).resource, `api://toivo.contoso.fi/${TEST_ID}`);
    assert.equal((packed.developer as Json).privacyUrl, 'https://toivo.contoso.fi/privacy');
    assert.ok(!JSON.stringify(packed).includes('example.org'), 'no placeholder host is left');
    assertValidManifest(packed, 'the packaged manifest.json');
  });

  it('refuses without MicrosoftAppId, or with one that is not a GUID, and writes nothing', () => {
    const out = join(dir, 'toivo-teams.zip');
    const settings: Record<string, string>[] = [
      {},
      { MicrosoftAppId: 'toivo-bot' },
      { MicrosoftAppId: PLACEHOLDER_ID },
    ];
    for (const env of settings) {
      const run = packageTeams(dir, { ...env, TEAMS_PACKAGE_OUT: out });
      assert.notEqual(run.status, 0, `the script refuses ${JSON.stringify(env)}`);
      assert.match(run.stderr, /MicrosoftAppId/, `the message names MicrosoftAppId: ${run.stderr}`);
      assert.ok(!existsSync(out), 'no zip is written');
    }
  });
});
