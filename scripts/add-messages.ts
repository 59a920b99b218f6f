/**
 * Adds messages to locales/{en,fi,sv}.json in one step, in the same order in all three:
 *   npx tsx scripts/add-messages.ts new-messages.json
 * where the file holds { "some.key": { "en": "…", "fi": "…", "sv": "…" } }. A key that exists
 * already is refused, so nobody overwrites another's text. Safe to run from several shells at once.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

const LOCALES = ['en', 'fi', 'sv'] as const;
const root = new URL('../locales/', import.meta.url);
const lock = new URL('.lock', root);

const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/add-messages.ts new-messages.json');
const added = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
for (const [key, texts] of Object.entries(added)) {
  for (const l of LOCALES) if (!texts[l]?.trim()) throw new Error(`${key}: no ${l} text`);
}

for (let tries = 0; ; tries++) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    if (tries > 200) throw new Error('locales/.lock is held; remove it if no one is adding messages');
    await new Promise((r) => setTimeout(r, 50));
  }
}
try {
  const files = LOCALES.map(
    (l) => JSON.parse(readFileSync(new URL(`${l}.json`, root), 'utf8')) as Record<string, string>,
  );
  const clash = Object.keys(added).filter((k) => files.some((f) => k in f));
  if (clash.length > 0) throw new Error(`already there: ${clash.join(', ')}`);
  LOCALES.forEach((l, i) => {
    const messages = { ...files[i] };
    for (const [key, texts] of Object.entries(added)) messages[key] = texts[l] as string;
    writeFileSync(new URL(`${l}.json`, root), `${JSON.stringify(messages, null, 2)}\n`);
  });
  console.log(`added ${Object.keys(added).length} messages`);
} finally {
  rmdirSync(lock);
}
