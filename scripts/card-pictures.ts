/// <reference lib="dom" />
/**
 * Draws the meeting board as Teams shows it (the adaptivecards renderer with a Teams-like host
 * config) and as Slack shows it (the translated Block Kit), and saves both as PNGs in docs/.
 * Needs Debian's chromium: `npm run pictures`.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildCard, buildSlack } from '../src/cards/cards.js';
import type { SlackMessage } from '../src/cards/slack/types.js';
import { blocksToHtml, SLACK_CSS } from '../src/channels/playground/slack-html.js';
import { TEAMS_CSS, TEAMS_HOST_CONFIG } from '../src/channels/playground/teams-host-config.js';
import { t } from '../src/i18n/index.js';
import { PEOPLE as P, realisticMeeting } from '../test/support/realistic-meeting.js';

const locale = (process.argv[2] ?? 'en') as 'fi' | 'sv' | 'en';
// The discussion, mid-round: the client has spoken, her mother has the floor, the teacher's hand is up.
const d = realisticMeeting('why', locale);
d.do(P.youth, { type: 'phase.next' });
d.do(P.youth, { type: 'floor.next' });
d.do(P.client, { type: 'turn.end' });
d.do(P.youth, { type: 'floor.next' });
d.do(P.teacher, { type: 'floor.request' });
const ctx = { locale, meeting: d.m, events: d.events, viewerId: d.id(P.youth), now: d.now };
const card = buildCard('board', ctx);
const slack = buildSlack('board', ctx) as SlackMessage;

const page = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#fff} #teams,#slack{display:inline-block;vertical-align:top;margin:8px}
${TEAMS_CSS}${SLACK_CSS}</style></head><body>
<div id="teams" class="teams-message"></div>
<div id="slack" class="sk-message">${blocksToHtml(slack.blocks, { optional: t(locale, 'playground.optional') })}</div></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  await tab.setContent(page);
  await tab.addScriptTag({ path: 'node_modules/adaptivecards/dist/adaptivecards.js' });
  await tab.evaluate(
    ({ json, hostConfig }) => {
      // biome-ignore lint/suspicious/noExplicitAny: the renderer's global, loaded by the script tag above
      const AC = (window as any).AdaptiveCards;
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig(hostConfig);
      adaptive.parse(json);
      document.getElementById('teams')?.appendChild(adaptive.render());
    },
    { json: card, hostConfig: TEAMS_HOST_CONFIG },
  );
  mkdirSync('docs', { recursive: true });
  await tab.locator('#teams').screenshot({ path: `docs/board-teams-${locale}.png` });
  await tab.locator('#slack').screenshot({ path: `docs/board-slack-${locale}.png` });
  console.log(`docs/board-teams-${locale}.png, docs/board-slack-${locale}.png`);
} finally {
  await browser.close();
}
