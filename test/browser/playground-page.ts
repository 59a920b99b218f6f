/**
 * The playground page as a person uses it: choose whom you act as, read a card, fill its inputs
 * by their labels and press its buttons by their titles, on the Teams or the Slack side.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Locator, type Page, type Request } from 'playwright-core';
import { LOCALES } from '../../src/core/index.js';
import { t } from '../../src/i18n/index.js';

export type Side = 'teams' | 'slack';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium, headless; without it the browser tests skip saying why (on CI they fail:
 * .ci/run installs it).
 */
export async function launchChromium(test: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; .ci/run installs it`);
    console.log(`    Skipping the browser tests: ${CHROMIUM} is not installed (apt-get install chromium).`);
    test.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** axe-core's script, put into the page to audit it against WCAG 2.1 A and AA. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** Text to find as it is, inside a regular expression. */
export const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A label as drawn: Teams marks a required input with "*", Slack an optional one with "(optional)" in the page's language. */
const OPTIONAL = LOCALES.map((locale) => literal(t(locale, 'playground.optional')));
const labelled = (label: string): RegExp =>
  new RegExp(`^\\s*${literal(label)}\\s*(\\*|${OPTIONAL.join('|')})?\\s*$`);

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  /** A fresh page on the playground at `url`; what the page throws is collected in `errors`. */
  static async newPage(browser: Browser, url: string, errors: string[]): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => errors.push(error.message));
    const p = new PlaygroundPage(page);
    await p.open(`${url}/`);
    return p;
  }

  /** A card of the conversation, as drawn for one platform. */
  card(surface: string, side: Side = 'teams'): Locator {
    return this.page.locator(`#messages section.row[data-surface="${surface}"] .${side}-side`);
  }

  /** A card Toivo sent to the person one acts as, in their direct messages. */
  direct(surface: string, side: Side = 'teams'): Locator {
    return this.page.locator(`#direct section.row[data-surface="${surface}"] .${side}-side`);
  }

  /** The form a button opened (a Teams card of its own, a Slack modal). */
  form(side: Side = 'teams'): Locator {
    return this.page.locator(`#form .${side}-side`);
  }

  /** What Toivo says when it cannot do something. */
  notice(): Locator {
    return this.page.locator('#notice .teams-side');
  }

  /** What a part of the page says, with white space as one reads it. */
  async text(part: Locator): Promise<string> {
    if ((await part.count()) === 0) return '';
    return (await part.innerText()).replace(/\s+/g, ' ').trim();
  }

  private async version(): Promise<number> {
    return Number((await this.page.locator('body').getAttribute('data-version')) ?? 0);
  }

  /** Does something and waits until the page has drawn what came of it. One click is one request. */
  async settle(step: () => Promise<unknown>): Promise<void> {
    const before = await this.version();
    const sent: string[] = [];
    const count = (request: Request) => {
      if (request.method() === 'POST') sent.push(new URL(request.url()).pathname);
    };
    this.page.on('request', count);
    try {
      await step();
      await this.page.waitForFunction(`Number(document.body.dataset.version || 0) > ${before}`);
    } finally {
      this.page.off('request', count);
    }
    if (sent.length > 1) throw new Error(`one step sent ${sent.length} requests: ${sent.join(', ')}`);
  }

  async open(url: string): Promise<void> {
    await this.settle(() => this.page.goto(url));
  }

  /**
   * Audits the page as it is now with axe-core (WCAG 2.1 A and AA) and fails on any critical or
   * serious violation, naming each rule and where it was found. `label` says which state it was.
   */
  async audit(label: string): Promise<void> {
    if (!(await this.page.evaluate('typeof axe !== "undefined"')))
      await this.page.addScriptTag({ path: AXE });
    const violations = (await this.page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} }, resultTypes: ['violations'] }).then((r) => r.violations)`,
    )) as Violation[];
    const grave = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    const found = grave.map(
      (v) =>
        `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`,
    );
    if (found.length > 0) throw new Error(`accessibility, ${label}:\n${found.join('\n')}`);
  }

  /** The element that has the keyboard's focus, as the start of its HTML (for a test's message). */
  async focused(): Promise<string> {
    return String(await this.page.evaluate('document.activeElement?.outerHTML.slice(0, 200) ?? ""'));
  }

  /** Switches "acting as" to the person whose name starts the entry. */
  async actAs(name: string): Promise<void> {
    const option = this.page
      .locator('#as-select option')
      .filter({ hasText: new RegExp(`^${literal(name)} \\(`) });
    const value = await option.getAttribute('value');
    if (!value) throw new Error(`${name} is not in the "acting as" list`);
    if ((await this.page.locator('#as-select').inputValue()) === value) return;
    await this.settle(() => this.page.locator('#as-select').selectOption(value));
  }

  /** The names one can act as. */
  async people(): Promise<string[]> {
    return this.page.locator('#as-select option').allInnerTexts();
  }

  button(card: Locator, title: string): Locator {
    return card.getByRole('button', { name: title, exact: true });
  }

  /** Presses the button with this title (the first, when several say the same) and waits for the page. */
  async press(card: Locator, title: string): Promise<void> {
    await this.settle(() => this.button(card, title).first().click());
  }

  /** The input with this label (the nth, when a form repeats one, as the invitation's rows do). */
  field(card: Locator, label: string, nth = 0): Locator {
    // Slack's inputs sit inside their label, whose text then includes a list's choices.
    const slack = card
      .locator('.sk-field')
      .filter({ has: this.page.locator('.sk-label', { hasText: labelled(label) }) })
      .locator('input, select, textarea');
    return card.getByLabel(labelled(label)).or(slack).nth(nth);
  }

  async fill(card: Locator, label: string, value: string, nth = 0): Promise<void> {
    await this.field(card, label, nth).fill(value);
  }

  /** Picks choices of a drop-down list by the names they start with ("Liisa Laine (läheinen, äiti)"). */
  async choose(card: Locator, label: string, ...names: string[]): Promise<void> {
    const list = this.field(card, label);
    const values = await Promise.all(
      names.map((name) =>
        list
          .locator('option')
          .filter({ hasText: new RegExp(`^\\s*${literal(name)}(\\s\\(|\\s*$)`) })
          .getAttribute('value'),
      ),
    );
    await list.selectOption(values.map((value) => value ?? ''));
  }

  /** Chooses an answer 1–5 to a question asked with radio buttons. */
  async rate(card: Locator, question: string, score: number): Promise<void> {
    const answer = new RegExp(`(^|\\s)${score}( = .*)?$`);
    // The question names the group of its answers: a radio group on Teams, a fieldset on Slack.
    const group = card
      .getByRole('radiogroup', { name: labelled(question) })
      .or(card.getByRole('group', { name: labelled(question) }));
    await group.getByRole('radio', { name: answer }).check();
  }

  /** Ticks people on a list that takes several: check boxes on Teams, a multiple select on Slack. */
  async tick(card: Locator, label: string, ...names: string[]): Promise<void> {
    if ((await this.field(card, label).locator('xpath=self::select').count()) > 0)
      return this.choose(card, label, ...names);
    for (const name of names)
      await card.getByRole('checkbox', { name: new RegExp(`(^|\\s)${literal(name)}(\\s\\(|$)`) }).check();
  }

  /** The titles a drop-down list offers, the empty choice left out. */
  async choices(card: Locator, label: string): Promise<string[]> {
    const titles = await this.field(card, label).locator('option').allInnerTexts();
    return titles.map((x) => x.trim()).filter(Boolean);
  }
}
