/// <reference lib="dom" />
/**
 * A picture of the playground in the middle of a meeting, for the README: the chair's board
 * during the discussion (a speaker, who has spoken, a raised hand), as Teams and as Slack show it.
 * Runs its own server on a temporary store. Needs Debian's chromium: `npm run pictures:playground`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { App } from '../src/app/index.js';
import { startServer } from '../src/app/server.js';
import { SimulatedClock } from '../src/channels/playground/clock.js';
import { playground } from '../src/channels/playground/index.js';
import { loadConfig } from '../src/config.js';
import type { Event } from '../src/core/index.js';
import { openEventStore } from '../src/store/open-store.js';

const locale = (process.argv[2] ?? 'fi') as 'fi' | 'sv' | 'en';
const dir = mkdtempSync(join(tmpdir(), 'toivo-picture-'));
const store = await openEventStore<Event>({ url: `sqlite://${join(dir, 'toivo.sqlite')}` });
const clock = new SimulatedClock();
const running = await startServer(loadConfig({ PORT: '0' }), [playground(new App(store, { clock }), clock)]);
let meeting = '';
let cookie = '';
const click = async (as: string | null, verb: string, data: Record<string, unknown> = {}) => {
  const res = await fetch(`${running.url}/api/teams`, {
    method: 'POST',
    // As the page sends it: JSON, from its own origin, with its browser's cookie.
    headers: { 'content-type': 'application/json', origin: running.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({
      meeting: meeting || null,
      as,
      locale,
      value: { action: { type: 'Action.Execute', verb, data: { meetingId: meeting, ...data } } },
    }),
  });
  cookie ||= res.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const reply = (await res.json()) as { ok: boolean; meeting?: string };
  if (!reply.ok) throw new Error(`${verb} was refused`);
  meeting = reply.meeting ?? meeting;
};
try {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await click(null, 'meeting.create', {
    purpose: 'Ainon koulunkäynnin tukeminen ja arjen rytmi',
    topics: 'Koulupoissaolot\nNukkuminen ja arjen rytmi',
    date: tomorrow,
    time: '14:00',
    durationMinutes: '90',
    place: 'Koulun neuvotteluhuone 2',
    meetingLocale: locale,
    convenerName: 'Sanna Korhonen',
    convenerOrganisation: 'Lastensuojelu',
    clientName: 'Aino Laine',
    invitee1Name: 'Liisa Laine',
    invitee1Role: 'close',
    invitee1Relation: 'äiti',
    invitee2Name: 'Matti Laine',
    invitee2Role: 'close',
    invitee2Relation: 'isoisä',
    invitee2Account: 'no',
    invitee3Name: 'Pekka Virtanen',
    invitee3Role: 'worker',
    invitee3Relation: 'luokanvalvoja',
    invitee4Name: 'Jari Nieminen',
    invitee4Role: 'worker',
    invitee4Relation: 'nuorisotyöntekijä',
  });
  const [sanna, aino, liisa, matti, pekka, jari] = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
  await click(sanna, 'meeting.start', { presentIds: [sanna, aino, liisa, matti, pekka, jari].join(',') });
  for (let i = 0; i < 6; i++) {
    await click(sanna, 'floor.next');
    await click(sanna, 'turn.end');
  }
  await click(sanna, 'phase.next');
  await click(sanna, 'chair.assign', { newChairId: jari });
  await click(jari, 'notetaker.assign', { newNoteTakerId: pekka });
  await click(jari, 'phase.next');
  for (let i = 0; i < 6; i++) {
    await click(jari, 'floor.next');
    await click(jari, 'turn.end');
  }
  await click(jari, 'phase.next');
  await click(jari, 'floor.next');
  await click(aino, 'turn.end');
  await click(jari, 'floor.next');
  await click(pekka, 'floor.request');
  void matti;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The same browser that called the meeting together: the playground shows it only its own.
    const [name = '', value = ''] = cookie.split('=');
    await tab.context().addCookies([{ name, value, url: running.url }]);
    await tab.goto(`${running.url}/?meeting=${meeting}&as=${jari}&locale=${locale}`);
    await tab.waitForSelector('section.row[data-surface="board"] .teams-side .ac-adaptiveCard');
    // The invitation is posted above the board; the picture is about the board.
    await tab.evaluate(() => document.querySelector('section.row[data-surface="invitation"]')?.remove());
    await tab.screenshot({ path: `docs/playground-${locale}.png`, fullPage: true });
    console.log(`docs/playground-${locale}.png`);
  } finally {
    await browser.close();
  }
} finally {
  await running.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
