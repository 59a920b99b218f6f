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

  it('opens by asking everyone, the client first, how they relate to the client and what positive they have noticed', () => {
    const d = realisticMeeting('invited');
    for (const name of Object.values(P))
      d.do(P.social, { type: 'attendance.mark', participantId: d.id(name), status: 'present' });
    d.do(P.social, { type: 'meeting.start' });
    const [opening, round] = prompts(d.m).map((p) => say('fi', p.key, p.params));
    assert.match(opening ?? '', /ensimmäisenä Aino Laine.*myönteistä/);
    assert.match(round ?? '', /Aino Laine, Liisa Laine, .* ja Jari Nieminen$/);
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
