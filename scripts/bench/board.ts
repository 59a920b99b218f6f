/**
 * What drawing the board costs, by the meeting's size: the chair's, the note-taker's and one
 * participant's board for meetings of 7, 30 and 60 people at several phases, as the view-model
 * alone, as the filled Adaptive Card, and as each channel draws it (Teams' card with its refresh,
 * Slack's channel message and one's own view). Prints milliseconds per drawing.
 *
 *   npx tsx scripts/bench/board.ts            (BOARD_SIZES=7,30,60 BOARD_MS=300 to change)
 *   node --import tsx --cpu-prof scripts/bench/board.ts   (a profile of it)
 */
import { buildCard } from '../../src/cards/cards.js';
import { boardView } from '../../src/cards/view-models/board.js';
import type { ViewContext } from '../../src/cards/view-models/common.js';
import { messageOf, ownView } from '../../src/channels/slack/views.js';
import { ownBoard } from '../../src/channels/teams/cards.js';
import type { Command, Meeting, PersonInput } from '../../src/core/index.js';
import { MeetingDriver } from '../../test/support/driver.js';

export const BOARD_STAGES = ['opening', 'roles', 'discussion', 'summary', 'feedback', 'closed'] as const;
export type BoardStage = (typeof BOARD_STAGES)[number];

/** Person i's name: Henkilö 01 … Henkilö 60. */
const nameOf = (i: number) => `Henkilö ${String(i).padStart(2, '0')}`;

/**
 * A meeting of `size` people (p1 the convener, p2 the client; the first third close ones, every
 * fourth of them without a chat account; the rest workers), run to `until`. The chair is p3's
 * the last person, the note-taker the one before them; before the roles, the convener chairs.
 */
export function meetingOf(size: number, until: BoardStage) {
  const d = new MeetingDriver('2026-11-23T09:00:00+02:00');
  const closeOnes = Math.max(2, Math.floor(size / 3));
  const person = (i: number): PersonInput => ({
    name: nameOf(i),
    role: i === 2 ? 'client' : i <= closeOnes + 2 ? 'close' : 'worker',
    relation: 'sukulainen',
    ...(i > 2 && i <= closeOnes + 2 && i % 4 === 0 ? {} : { chatUserId: `U-${i}` }),
  });
  d.do(undefined, {
    type: 'meeting.create',
    invitation: {
      purpose: 'Koulunkäynnin tukeminen ja arjen rytmi',
      topics: ['Koulupoissaolot', 'Nukkuminen', 'Harrastukset'],
      startsAt: '2026-11-26T14:00:00+02:00',
      durationMinutes: 120,
      place: 'Neuvotteluhuone 2',
      locale: 'fi',
    },
    convener: { ...person(1), role: 'worker' },
    invitees: Array.from({ length: size - 1 }, (_, i) => person(i + 2)),
  });
  const convener = nameOf(1);
  const chair = nameOf(size);
  const noteTaker = nameOf(size - 1);
  const ids = { chair: `p${size}`, noteTaker: `p${size - 1}`, participant: 'p2' };
  d.now = '2026-11-26T14:00:00+02:00';
  for (const p of d.m.participants)
    d.do(convener, { type: 'attendance.mark', participantId: p.id, status: 'present' });
  d.do(convener, { type: 'meeting.start' });
  d.do(convener, { type: 'floor.next' });
  const skip = (): Command => d.skipAnyway('Aika ei riitä');
  if (until === 'opening') return { d, ids, viewers: { chair: 'p1', noteTaker: 'p1', participant: 'p2' } };

  d.do(convener, skip());
  d.do(convener, { type: 'chair.assign', participantId: ids.chair });
  d.do(chair, { type: 'notetaker.assign', participantId: ids.noteTaker });
  if (until === 'roles') return { d, ids, viewers: ids };

  d.do(chair, { type: 'phase.next' });
  d.do(chair, skip());
  d.do(chair, { type: 'floor.next' });
  // Half of the others raise a hand while the round goes on.
  for (let i = 3; i < size - 1; i += 2) d.do(nameOf(i), { type: 'floor.request' });
  for (let i = 0; i < 5; i++) d.do(noteTaker, { type: 'note.add', text: `Muistiinpano ${i}` });
  if (until === 'discussion') return { d, ids, viewers: ids };

  d.do(chair, skip());
  for (let i = 0; i < 5; i++)
    d.do(noteTaker, {
      type: 'commitment.add',
      what: `Tehtävä ${i}`,
      ownerId: `p${3 + i}`,
      due: '2026-12-20',
    });
  if (until === 'summary') return { d, ids, viewers: ids };

  for (const c of d.m.commitments) d.do(nameOf(2), { type: 'commitment.confirm', commitmentId: c.id });
  d.do(chair, { type: 'phase.next' });
  d.do(chair, { type: 'responsible.assign', participantId: 'p1' });
  d.do(chair, { type: 'followup.agree', at: '2027-01-14T14:00:00+02:00' });
  d.do(nameOf(2), { type: 'followup.confirm' });
  d.do(chair, { type: 'phase.next' });
  for (let i = 1; i < size; i += 3) {
    const p = d.m.participants.find((x) => x.id === `p${i}`);
    if (p?.chatUserId) d.do(nameOf(i), { type: 'feedback.answer', hopeful: 4, trusting: 4, clearer: 4 });
  }
  if (until === 'feedback') return { d, ids, viewers: ids };

  d.do(chair, d.closeAnyway());
  return { d, ids, viewers: ids };
}

const NOW = '2026-11-26T14:30:00+02:00';

/** CPU milliseconds this process has used: unlike the wall clock, not what other processes take. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * CPU milliseconds per call of `work`: the best of eight rounds of about `budget` / 8 ms each,
 * after a warm-up; the best round is the one least disturbed by whatever else runs on the machine.
 */
function msPer(work: () => unknown, budget: number): number {
  for (let i = 0; i < 3; i++) work();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 8; round++) {
    let n = 0;
    const start = cpuMs();
    let elapsed = 0;
    while (elapsed < budget / 8 || n < 3) {
      work();
      n++;
      elapsed = cpuMs() - start;
    }
    best = Math.min(best, elapsed / n);
  }
  return best;
}

const fmt = (ms: number) => ms.toFixed(2).padStart(7);

function main() {
  const sizes = (process.env.BOARD_SIZES ?? '7,30,60').split(',').map(Number);
  const budget = Number(process.env.BOARD_MS ?? 300);
  const stages = (process.env.BOARD_STAGES?.split(',') as BoardStage[] | undefined) ?? BOARD_STAGES;
  console.log(
    'ms per drawing: view-model | Adaptive Card | Teams own board | Slack message | Slack own view',
  );
  const totals = new Map<string, number>();
  for (const stage of stages) {
    for (const size of sizes) {
      const { d, viewers } = meetingOf(size, stage);
      const m: Meeting = d.m;
      for (const [who, viewerId] of Object.entries(viewers)) {
        const view: ViewContext = { locale: 'fi', now: NOW, meeting: m, viewerId };
        const card = msPer(() => buildCard('board', view), budget);
        const row = [
          msPer(() => boardView(view), budget),
          card,
          msPer(() => ownBoard(view, ['a', 'b']), budget),
          msPer(() => messageOf('board', { ...view, exposed: true }), budget),
          msPer(() => ownView(view), budget),
        ];
        const key = `${who} ${size}`;
        totals.set(key, (totals.get(key) ?? 0) + card);
        console.log(
          `${stage.padEnd(10)} ${String(size).padStart(2)} ${who.padEnd(11)} ${row.map(fmt).join(' ')}`,
        );
      }
    }
  }
  console.log('\nAdaptive Card, mean over the stages (ms):');
  for (const [key, total] of totals) console.log(`  ${key.padEnd(15)} ${fmt(total / stages.length)}`);
}

main();
