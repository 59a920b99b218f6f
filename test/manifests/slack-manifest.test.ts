/** The Slack app manifest: valid for Slack, and asking for no more and no less than Toivo needs. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

type Json = Record<string, unknown>;

const readJson = (path: string): Json => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

const manifest = readJson('../../manifests/slack/manifest.json');

/**
 * Slack's router schema (slackapi/manifest-schema, manifest.schema.json) picks the schema by
 * `_metadata.major_version`: 2 gets the 2.0.0 schema, 1 or nothing gets the 1.0.0 schema.
 */
function schemaFor(m: Json): Json {
  const major = (m._metadata as Json | undefined)?.major_version;
  return major === 2
    ? readJson('../schemas/slack-app-manifest-2.0.0.schema.json')
    : readJson('../schemas/slack-app-manifest.schema.json');
}

/** The schema's only format is `uri` on `$schema`; the manifest's URLs are checked below by hand. */
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

const at = (path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], manifest);

const BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:write', 'users:read'];
const BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.im'];

describe('the Slack app manifest', () => {
  it('is valid against the Slack app manifest schema for its major version', () => {
    const validate = ajv.compile(schemaFor(manifest));
    assert.ok(
      validate(manifest),
      `manifests/slack/manifest.json is not a valid Slack app manifest:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`,
    );
    // The schema states this with `regex`, a keyword JSON Schema does not have, so Ajv skips it.
    assert.match(String(at('display_information.background_color')), /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it('asks for exactly the six bot scopes Toivo uses', () => {
    const scopes = at('oauth_config.scopes.bot');
    assert.ok(Array.isArray(scopes), 'oauth_config.scopes.bot is a list');
    assert.deepEqual([...scopes].sort(), BOT_SCOPES);
    assert.equal(new Set(scopes).size, scopes.length, 'no scope is listed twice');
    assert.equal(at('oauth_config.scopes.user'), undefined, 'no user scopes');
  });

  it('sends /toivo, interactivity and events to one URL, at /slack/events', () => {
    const commands = at('features.slash_commands') as Json[];
    const toivo = commands.find((c) => c.command === '/toivo');
    assert.ok(toivo, 'the /toivo command is declared');
    const urls = {
      '/toivo': toivo.url,
      interactivity: at('settings.interactivity.request_url'),
      events: at('settings.event_subscriptions.request_url'),
    };
    assert.equal(new Set(Object.values(urls)).size, 1, `the URLs differ: ${JSON.stringify(urls)}`);
    const url = new URL(String(urls['/toivo']));
    assert.equal(url.protocol, 'https:');
    assert.equal(url.pathname, '/slack/events');
    assert.equal(at('settings.interactivity.is_enabled'), true);
  });

  it('subscribes to the three bot events and enables the Home tab', () => {
    const events = at('settings.event_subscriptions.bot_events');
    assert.ok(Array.isArray(events), 'settings.event_subscriptions.bot_events is a list');
    for (const event of BOT_EVENTS) assert.ok(events.includes(event), `bot event ${event} is subscribed`);
    assert.equal(at('features.app_home.home_tab_enabled'), true);
  });
});
