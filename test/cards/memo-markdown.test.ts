/** The Markdown memo of a whole realistic meeting, rebuilt from its event log, in each language. */
import assert from 'node:assert/strict';
import { buildMemo } from '../../src/cards/memo-markdown.js';
import type { Locale } from '../../src/core/index.js';
import { PEOPLE as P, realisticMeeting, withAbsentAndLeft } from '../support/realistic-meeting.js';

/** What a reader must find in each language's memo, in this order. */
const EXPECTED: Record<Locale, readonly string[]> = {
  fi: [
    '# Verkostokokouksen muistio 26. marraskuuta 2026\n',
    '**Paikka:** Koulun neuvotteluhuone 2',
    '**Tavoite:** Ainon koulunkäynnin tukeminen ja arjen rytmi',
    '- Aino Laine (asiakas)',
    '- Matti Laine (läheinen, isoisä)',
    '- Jari Nieminen (työntekijä, nuorisotyöntekijä, Nuorisopalvelut, puheenjohtaja)',
    '- Kirjuri: Hanna Mäkelä',
    '## Mitä Aino Laine toivoo',
    'Haluan jaksaa käydä koulua ja että kotona olisi vähemmän riitaa.',
    '### Miksi olemme koolla: Koulupoissaolot',
    '1. Aamuherätys ja yhteinen aamupala arkisin: Liisa Laine, 4. joulukuuta 2026 mennessä, mukana Aino Laine',
    'Asiakkaan lisäys: Ei ennen seitsemää.',
    '2. Viikoittainen tapaaminen koulun jälkeen: Jari Nieminen, 11. joulukuuta 2026 mennessä, mukana Aino Laine ja Nuorisotalon ohjaaja',
    '3. Tukiopetus matematiikassa tiistaisin: Pekka Virtanen, 1. joulukuuta 2026 mennessä',
    '- Vastuutyöntekijä: Sanna Korhonen',
    '- Seurantapalaveri: 14. tammikuuta 2027 klo 14.00',
    '7 vastasi (heistä 1 jonkun toisen kirjaamana).',
    '- Toiveikkaampi: 4,0 / 5',
    '- Tuntui, että minua kuunneltiin.',
    '_Tämä muistio on tarkoitettu vain kokoukseen kutsutuille._',
  ],
  sv: [
    '# Minnesanteckningar från nätverksmötet 26 november 2026\n',
    '- Aino Laine (klient)',
    '- Liisa Laine (närstående, äiti)',
    '- Ordförande: Jari Nieminen',
    '## Vad Aino Laine önskar',
    '1. Aamuherätys ja yhteinen aamupala arkisin: Liisa Laine, senast 4 december 2026, tillsammans med Aino Laine',
    'Status: öppet · avstämt med klienten',
    '- Ansvarig arbetstagare: Sanna Korhonen',
    '- Uppföljningsmöte: 14 januari 2027 kl. 14.00',
    '7 har svarat (varav 1 för någons räkning).',
    '- Mer tillitsfull: 4,1 / 5',
  ],
  en: [
    '# Memo: network meeting 26 November 2026\n',
    '- Aino Laine (client)',
    '- Hanna Mäkelä (worker, kouluterveydenhoitaja, Kouluterveydenhuolto, note-taker)',
    '## What Aino Laine wishes for',
    '## Who does what',
    '2. Viikoittainen tapaaminen koulun jälkeen: Jari Nieminen, by 11 December 2026, with Aino Laine and Nuorisotalon ohjaaja',
    'Status: open · checked with the client',
    '- Responsible worker: Sanna Korhonen',
    '- Follow-up meeting: 14 January 2027 at 14:00',
    "7 answered (1 of them on someone's behalf).",
    '- Clearer: 4.1 / 5',
  ],
};

describe('the memo of a whole meeting', () => {
  for (const locale of ['fi', 'sv', 'en'] as const) {
    it(`reads in order, complete, in ${locale}`, () => {
      const memo = buildMemo(realisticMeeting('closed', locale).events);
      let from = 0;
      for (const line of EXPECTED[locale]) {
        const at = memo.indexOf(line, from);
        assert.ok(at >= 0, `missing or out of order in ${locale}: ${line}\n\n${memo}`);
        from = at + line.length;
      }
      assert.doesNotMatch(memo, /\{\w+\}/, 'no placeholder left unfilled');
    });
  }

  it('is the same whichever language the reader asks for, apart from the words', () => {
    const events = realisticMeeting('closed', 'fi').events;
    const lines = (l: Locale) => buildMemo(events, l).split('\n').length;
    assert.equal(lines('sv'), lines('fi'));
    assert.equal(lines('en'), lines('fi'));
  });

  it('shows what people typed as text, never as Markdown', () => {
    const d = realisticMeeting('discussion');
    d.do(P.nurse, { type: 'note.add', text: '*Tärkeä*: [linkki](http://x) # ei otsikko' });
    const memo = buildMemo(d.events);
    assert.ok(memo.includes('\\*Tärkeä\\*: \\[linkki\\](http://x) \\# ei otsikko'));
  });

  it('follows the commitments after the meeting: a status change shows in the memo rebuilt later', () => {
    const d = realisticMeeting('closed', 'en');
    d.now = '2026-12-02T10:00:00+02:00';
    d.do(P.teacher, { type: 'commitment.status', commitmentId: 'c3', status: 'done' });
    assert.match(
      buildMemo(d.events),
      /Tukiopetus matematiikassa tiistaisin: Pekka Virtanen, by 1 December 2026\n {3}Status: done/,
    );
  });

  it('says how a commitment is going in its owner’s words: the status note in the memo rebuilt later', () => {
    const d = realisticMeeting('closed', 'en');
    d.now = '2026-12-02T10:00:00+02:00';
    d.do(P.mother, {
      type: 'commitment.status',
      commitmentId: 'c1',
      status: 'needs_help',
      note: 'Aamut sujuvat, mutta *herätys* on vaikea',
    });
    assert.match(
      buildMemo(d.events),
      /Aamuherätys ja yhteinen aamupala arkisin: .*\n.*\n {3}The client added: Ei ennen seitsemää\.\n {3}Status note: Aamut sujuvat, mutta \\\*herätys\\\* on vaikea\n/,
    );
  });

  it('tells only how many answered the feedback while the poll is open, and that too few did if it closed so', () => {
    const feedback = (memo: string) => memo.slice(memo.indexOf('## Feedback'), memo.indexOf('\n---\n'));
    const open = realisticMeeting('feedback', 'en');
    assert.equal(
      feedback(buildMemo(open.events)),
      "## Feedback\n\n7 answered (1 of them on someone's behalf). The results are shown once the poll has closed, if at least 3 have answered.\n",
    );
    const few = realisticMeeting('followup', 'en');
    few.do(P.youth, { type: 'phase.next' });
    few.do(P.client, {
      type: 'feedback.answer',
      hopeful: 5,
      trusting: 4,
      clearer: 3,
      comment: 'Kiitos paljon',
    });
    few.do(P.youth, few.closeAnyway());
    assert.equal(
      feedback(buildMemo(few.events)),
      "## Feedback\n\n1 answered. Too few answered for the results to be shown: at least 3 answers are needed, so that nobody's answer can be worked out from them.\n",
    );
  });

  it('says who was invited but absent, and who left early', () => {
    const d = withAbsentAndLeft();
    const memo = buildMemo(d.events);
    assert.ok(memo.includes('- Pekka Virtanen (worker, luokanvalvoja, Kuusikon koulu, left early)'));
    assert.ok(memo.includes('**Invited but absent:** Matti Laine, Hanna Mäkelä and Jari Nieminen'));
  });

  it('says where the follow-up is held and who hosts it, or by when its time is agreed and by whom, and that the client confirmed it', () => {
    const section = (memo: string) =>
      memo.slice(memo.indexOf('## Responsible worker and follow-up'), memo.indexOf('## Feedback'));
    const d = realisticMeeting('followup', 'en');
    d.do(P.youth, {
      type: 'followup.agree',
      at: '2027-01-14T14:00:00+02:00',
      place: 'Youth centre',
      onlineUrl: 'https://meet.example/a',
      hostId: d.id(P.teacher),
    });
    d.do(P.client, { type: 'followup.confirm', clientComment: 'Afternoons are better.' });
    assert.equal(
      section(buildMemo(d.events)),
      [
        '## Responsible worker and follow-up',
        '',
        '- Responsible worker: Sanna Korhonen',
        '- Follow-up meeting: 14 January 2027 at 14:00',
        '- Place: Youth centre',
        '- Online: https://meet.example/a',
        '- Host: Pekka Virtanen',
        '- Aino Laine confirmed that the responsible worker and the follow-up suit them.',
        '- The client added: Afternoons are better.',
        '',
        '',
      ].join('\n'),
    );
    d.do(P.youth, { type: 'followup.agree', agreeBy: '2026-12-10', agreerId: d.id(P.social) });
    const later = section(buildMemo(d.events));
    assert.ok(
      later.includes(
        "- The follow-up meeting's time is agreed by 10 December 2026. Sanna Korhonen agrees it.",
      ),
      later,
    );
    // Changed after she confirmed it: the memo no longer says she did.
    assert.ok(!later.includes('confirmed'), later);
  });
});
