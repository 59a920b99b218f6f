/** The chair is prompted with the seed's questions, in the meeting's language, at each phase. */
import assert from 'node:assert/strict';
import { prompts } from '../../src/core/index.js';
import { say } from '../../src/i18n/index.js';
import { PEOPLE as P, realisticMeeting, STAGES } from '../support/realistic-meeting.js';

const said = (stage: (typeof STAGES)[number], locale: 'fi' | 'sv' | 'en') => {
  const d = realisticMeeting(stage, locale);
  return prompts(d.m).map((p) => say(locale, p.key, p.params));
};

describe('prompts', () => {
  it('every phase has its prompt in fi, sv and en, with names filled in', () => {
    for (const stage of STAGES.filter((s) => s !== 'invited')) {
      for (const locale of ['fi', 'sv', 'en'] as const) {
        const texts = said(stage, locale);
        assert.ok(texts.length > 0, `${stage} ${locale}`);
        for (const text of texts) assert.doesNotMatch(text, /\{\w+\}/, `${stage} ${locale}: ${text}`);
      }
    }
  });

  it('opens by asking everyone, the client first, who they are and what positive they have noticed; people by first name', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const [opening, round] = prompts(d.m).map((p) => say('fi', p.key, p.params));
    assert.match(opening ?? '', /ensimmäisenä Aino\. .*myönteistä/);
    assert.doesNotMatch(opening ?? '', /asiakkaaseen|Aino Laine/);
    assert.match(round ?? '', /Aino, Liisa, Matti, .* ja Jari$/);
  });

  it('speaks to the client as “you” when it is they who look: who they are and what they hope for', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const [opening] = prompts(d.m, d.id(P.client)).map((p) => say('fi', p.key, p.params));
    assert.equal(
      opening,
      'Tervetuloa, Aino! Sinä aloitat: kerro, kuka olet ja mitä toivot. Muut esittäytyvät sinun jälkeesi.',
    );
    const forMother = prompts(d.m, d.id(P.mother)).map((p) => p.key);
    assert.ok(forMother.includes('prompt.opening'));
  });

  it('calls by their whole name those who share a first name', () => {
    const d = realisticMeeting('invited', 'en');
    d.do(P.social, {
      type: 'invitee.add',
      person: { name: 'Aino Virtanen', role: 'close', relation: 'cousin' },
    });
    for (const p of d.m.participants)
      d.do(P.social, { type: 'attendance.mark', participantId: p.id, status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const [opening, round] = prompts(d.m).map((p) => say('en', p.key, p.params));
    assert.match(opening ?? '', /Aino Laine first/);
    assert.match(round ?? '', /^.*Aino Laine, Liisa, .*Aino Virtanen/);
  });

  it('recaps the invitation’s topics when asking why we are here', () => {
    const d = realisticMeeting('roles', 'en');
    d.do(P.youth, { type: 'phase.next' });
    const texts = prompts(d.m).map((p) => say('en', p.key, p.params));
    assert.ok(
      texts.some((t) => t.includes('Koulupoissaolot, Nukkuminen ja arjen rytmi and Harrastukset ja kaverit')),
    );
  });

  it('asks the client how they understood a commitment until it is checked', () => {
    const d = realisticMeeting('discussion', 'en');
    d.do(P.youth, { type: 'phase.next' });
    d.do(P.nurse, { type: 'commitment.add', what: 'Soittaa', ownerId: d.id(P.nurse), due: '2026-12-01' });
    const keys = () => prompts(d.m).map((p) => p.key);
    assert.ok(keys().includes('prompt.client_check'));
    d.do(P.client, { type: 'commitment.confirm', commitmentId: 'c1' });
    assert.ok(!keys().includes('prompt.client_check'));
  });
});
