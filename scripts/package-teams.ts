/**
 * Makes the Teams app package, `dist/toivo-teams.zip`, to upload in Teams ("Apps → Manage your apps →
 * Upload an app") or in the Teams Developer Portal: `npm run package:teams`.
 *
 * - `MicrosoftAppId` (the bot's app registration, from the environment or `.env` in the working
 *   directory) replaces the placeholder GUID in `id`, `bots[0].botId` and `webApplicationInfo`.
 * - `PUBLIC_URL` (optional) replaces the placeholder host `toivo.example.org` in `validDomains`,
 *   `webApplicationInfo.resource` and the developer's links.
 * - `TEAMS_PACKAGE_OUT` (optional) is where the zip is written instead of `dist/toivo-teams.zip`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.js';

const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const PLACEHOLDER_HOST = 'toivo.example.org';
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** What goes into the package, at the zip's root. */
const FILES = ['manifest.json', 'color.png', 'outline.png', 'fi.json', 'sv.json'] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
const source = resolve(root, 'manifests/teams');

type Json = Record<string, unknown>;

function refuse(message: string): never {
  console.error(`package:teams: ${message}`);
  process.exit(1);
}

/** The app id and the public URL, from the environment; `.env` fills in what the environment lacks. */
function settings(): { appId: string; publicUrl: URL | undefined } {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const appId = process.env.MicrosoftAppId?.trim();
  if (!appId)
    refuse(
      'MicrosoftAppId is missing: set it (in the environment or in .env) to the app id of the bot registration.',
    );
  if (!GUID.test(appId))
    refuse(`MicrosoftAppId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not "${appId}".`);
  if (appId === PLACEHOLDER_ID) refuse('MicrosoftAppId is the placeholder GUID; set it to the real app id.');
  const raw = process.env.PUBLIC_URL?.trim();
  if (!raw) return { appId, publicUrl: undefined };
  const publicUrl = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!publicUrl || !['http:', 'https:'].includes(publicUrl.protocol))
    refuse(`PUBLIC_URL must be an http(s) address, not "${raw}".`);
  return { appId, publicUrl };
}

/** The manifest with the app id, and the public host when there is one. */
function manifestFor(text: string, appId: string, publicUrl: URL | undefined): Json {
  const manifest: Json = JSON.parse(text.replaceAll(PLACEHOLDER_ID, appId));
  if (!publicUrl) return manifest;
  const base = publicUrl.href.replace(/\/+$/, '');
  const developer = manifest.developer as Json;
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = developer[key];
    if (typeof url === 'string') developer[key] = url.replace(`https://${PLACEHOLDER_HOST}`, base);
  }
  manifest.validDomains = (manifest.validDomains as string[]).map((d) =>
    d === PLACEHOLDER_HOST ? publicUrl.host : d,
  );
  const app = manifest.webApplicationInfo as Json;
  app.resource = String(app.resource).replace(`api://${PLACEHOLDER_HOST}/`, `api://${publicUrl.host}/`);
  return manifest;
}

const { appId, publicUrl } = settings();
for (const file of FILES) {
  if (!existsSync(resolve(source, file)))
    refuse(
      `manifests/teams/${file} is missing${file.endsWith('.png') ? ' (npm run icons:teams draws the icons)' : ''}.`,
    );
}
const manifest = manifestFor(readFileSync(resolve(source, 'manifest.json'), 'utf8'), appId, publicUrl);
const out = resolve(process.env.TEAMS_PACKAGE_OUT || resolve(root, 'dist/toivo-teams.zip'));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  zip(
    FILES.map((name) => ({
      name,
      data:
        name === 'manifest.json'
          ? Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')
          : readFileSync(resolve(source, name)),
    })),
  ),
);
const shown = relative(process.cwd(), out);
console.log(
  `Wrote ${shown.startsWith('..') ? out : shown} for app ${appId}${publicUrl ? ` at ${publicUrl.host}` : ''}.`,
);
