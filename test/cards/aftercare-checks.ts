/** Checks and a deliberately huge meeting shared by the tests of the commitment and aftercare cards. */
import assert from 'node:assert/strict';
import { type AdaptiveCard, type Surface, templateOf } from '../../src/cards/render.js';
import { notHeardInRound } from '../../src/core/index.js';
import type { MeetingDriver } from '../support/driver.js';
import { PEOPLE, realisticMeeting } from '../support/realistic-meeting.js';
import {
  assertValidCard,
  bytes,
  elementsIn,
  literalTexts,
  PORTABLE,
  TEAMS_CARD_BYTES,
  typesIn,
} from './support.js';

/** Every input id on a card; an id twice would make the submitted value ambiguous (and break Slack). */
const inputIds = (card: unknown): unknown[] =>
  elementsIn(card)
    .filter((n) => String(n.type).startsWith('Input.'))
    .map((n) => n.id);

/** Valid 1.5, portable, filled, unique input ids, within Teams' size limit. */
export function assertGoodCard(card: AdaptiveCard, what: string): void {
  assertValidCard(card, what);
  assert.deepEqual(
    [...typesIn(card)].filter((type) => !PORTABLE.has(type)),
    [],
    `${what}: elements outside the portable subset`,
  );
  assert.ok(!JSON.stringify(card).includes('${'), `${what}: a binding was left unfilled`);
  const ids = inputIds(card);
  assert.deepEqual(ids, [...new Set(ids)], `${what}: an input id appears twice`);
  assert.ok(bytes(card) < TEAMS_CARD_BYTES, `${what}: ${bytes(card)} bytes is over the limit`);
}

export function assertNoLiteralText(surface: Surface): void {
  assert.deepEqual(literalTexts(templateOf(surface)), [], `${surface}: text written into the template`);
}

/** An input as the tests read it. */
export interface InputNode {
  readonly id: string;
  readonly label?: string;
  readonly value?: string;
  readonly min?: string;
  readonly choices?: readonly { readonly title: string; readonly value: string }[];
}

/** The input with this id, wherever it sits in the card. */
export const inputById = (node: unknown, id: string): InputNode | undefined =>
  elementsIn(node).find((n) => String(n.type).startsWith('Input.') && n.id === id) as InputNode | undefined;

/** An Action.Execute as the tests read it. */
export interface Execute {
  readonly verb: string;
  readonly title: string;
  readonly data: Readonly<Record<string, string | number | undefined>>;
}

/** Every Action.Execute of a card, in reading order, wherever it sits. */
export const actionsOf = (node: unknown): Execute[] =>
  elementsIn(node).filter((n) => n.type === 'Action.Execute') as unknown as Execute[];

const long = (seed: string, length: number): string => `${seed} `.repeat(length).slice(0, length).trim();

/**
 * 60 participants with the longest names the core allows, and 200 commitments with the longest
 * texts: unchecked in the summary; checked with long additions from the follow-up on; half of
 * them needing help, with long notes, after the meeting.
 */
export function hugeMeeting(stage: 'summary' | 'followup' | 'closed'): MeetingDriver {
  const d = realisticMeeting('discussion');
  for (let i = 0; i < 53; i++) {
    d.do(PEOPLE.nurse, {
      type: 'participant.join',
      person: {
        name: long(`Äijälä-Öhman ${i}`, 100),
        role: i % 2 === 0 ? 'worker' : 'close',
        relation: long('perhetyöntekijä', 100),
        organisation: long('Hyvinvointialueen perhepalvelut', 100),
      },
    });
  }
  // Everyone who joined is heard before the chair moves on, as the core requires.
  while (notHeardInRound(d.m).length > 0) {
    d.do(PEOPLE.youth, { type: 'floor.next' });
    d.do(PEOPLE.youth, { type: 'turn.end' });
  }
  // Everyone's view, with the longest texts, for the memo to make room for.
  for (const p of d.m.participants)
    d.do(PEOPLE.nurse, {
      type: 'view.record',
      participantId: p.id,
      wish: long('Toivon, että aamut sujuisivat', 2000),
      worry: long('Huolena on jaksaminen', 2000),
      possibility: long('Voin itse herättää ja kysyä', 2000),
    });
  d.do(PEOPLE.youth, { type: 'phase.next' });
  const ids = d.m.participants.map((p) => p.id);
  for (let i = 0; i < 200; i++) {
    d.do(PEOPLE.nurse, {
      type: 'commitment.add',
      what: long(`Tehtävä ${i}: käydään yhdessä läpi viikon koulupäivät ja sovitaan aamuista`, 500),
      ownerId: ids[i % ids.length] as string,
      due: '2026-12-20',
      withWhom: {
        participantIds: ids.slice(0, 10),
        others: Array.from({ length: 10 }, (_, k) => long(`Muu henkilö ${k}`, 100)),
      },
    });
  }
  if (stage === 'summary') return d;
  for (const c of d.m.commitments)
    d.do(PEOPLE.client, {
      type: 'commitment.confirm',
      commitmentId: c.id,
      clientComment: long('Haluan, että tästä puhutaan vielä kotona rauhassa', 1000),
    });
  d.do(PEOPLE.youth, { type: 'phase.next' });
  if (stage === 'followup') return d;
  d.do(PEOPLE.youth, { type: 'responsible.assign', participantId: d.id(PEOPLE.social) });
  d.do(PEOPLE.youth, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
  d.do(PEOPLE.client, { type: 'followup.confirm', clientComment: long('Sopii, kunhan ei aamulla', 1000) });
  d.do(PEOPLE.youth, { type: 'phase.next' });
  d.do(PEOPLE.youth, d.closeAnyway());
  for (const c of d.m.commitments.slice(0, 100))
    d.do(PEOPLE.youth, {
      type: 'commitment.status',
      commitmentId: c.id,
      status: 'needs_help',
      note: long('Tarvitaan tukea aamuihin ja kuljetukseen', 1000),
    });
  return d;
}
