import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeRejection, t } from '../../src/i18n/index.js';

type Messages = Record<string, string>;

const LOCALES = ['fi', 'sv', 'en'] as const;
type Locale = (typeof LOCALES)[number];

const read = (locale: Locale): Messages =>
  JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), 'utf8')) as Messages;

const messages: Record<Locale, Messages> = { fi: read('fi'), sv: read('sv'), en: read('en') };

/** Keys whose translation may rightly equal the English text, per locale. */
const SAME_AS_ENGLISH: Record<'fi' | 'sv', ReadonlySet<string>> = {
  fi: new Set(['app.name', 'memo.minutes']),
  sv: new Set([
    'app.name',
    'memo.minutes',
    'field.person',
    'field.organisation',
    'memo.commitment_status',
    'card.commitments.status',
  ]),
};

const PLACEHOLDER = /\{(\w+)\}/g;
const placeholders = (text: string): string[] =>
  [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
const placeholderSet = (text: string): string[] => [...new Set(placeholders(text))];

/** True when nothing but placeholders, digits, spaces and punctuation is left. */
const onlyPlaceholders = (text: string): boolean => !/\p{L}/u.test(text.replace(PLACEHOLDER, ''));

describe('locales', () => {
  for (const locale of LOCALES) {
    for (const other of LOCALES) {
      if (locale === other) continue;
      it(`${locale} has every key of ${other}, and in the same order`, () => {
        const mine = Object.keys(messages[locale]);
        const theirs = Object.keys(messages[other]);
        assert.deepEqual(
          theirs.filter((k) => !(k in messages[locale])),
          [],
          `keys missing from ${locale}`,
        );
        assert.deepEqual(
          mine.filter((k) => !(k in messages[other])),
          [],
          `keys in ${locale} that ${other} lacks`,
        );
        assert.deepEqual(mine, theirs, `key order of ${locale} differs from ${other}`);
      });
    }

    it(`${locale} has no empty value`, () => {
      const empty = Object.entries(messages[locale])
        .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
        .map(([k]) => k);
      assert.deepEqual(empty, []);
    });

    it(`${locale} uses only well-formed placeholders`, () => {
      const bad = Object.entries(messages[locale])
        .filter(([, v]) => /[{}]/.test(v.replace(PLACEHOLDER, '')))
        .map(([k]) => k);
      assert.deepEqual(bad, [], 'stray braces');
    });
  }

  it('every key has the same placeholders in every locale', () => {
    const differ: string[] = [];
    for (const [key, english] of Object.entries(messages.en)) {
      const expected = placeholderSet(english);
      for (const locale of ['fi', 'sv'] as const) {
        const text = messages[locale][key];
        if (text === undefined) continue;
        if (JSON.stringify(placeholderSet(text)) !== JSON.stringify(expected))
          differ.push(`${locale}:${key}`);
      }
    }
    assert.deepEqual(differ, []);
  });

  for (const locale of ['fi', 'sv'] as const) {
    it(`${locale} is translated (no English copies left)`, () => {
      const untranslated = Object.entries(messages.en)
        .filter(([key, english]) => messages[locale][key] === english)
        .filter(([key, english]) => !SAME_AS_ENGLISH[locale].has(key) && !onlyPlaceholders(english))
        .map(([key]) => key);
      assert.deepEqual(untranslated, []);
    });

    it(`${locale} allow-list of English-equal texts is not stale`, () => {
      const stale = [...SAME_AS_ENGLISH[locale]].filter((key) => messages[locale][key] !== messages.en[key]);
      assert.deepEqual(stale, []);
    });
  }

  it('no Finnish placeholder has a case ending glued on ("{client}n", "{name}:lle")', () => {
    const glued = Object.entries(messages.fi)
      .filter(([, v]) => /\{\w+\}[-:'’]?\p{L}/u.test(v))
      .map(([k, v]) => `${k}: ${v}`);
    assert.deepEqual(glued, []);
  });

  it('Finnish says none of what a review found stiff (a chat id, a past-tense button, the practice field)', () => {
    // "Chat-tunnus" read as "type an id": the account is asked and named as a Teams or Slack account.
    const stiff = /chat-tunnu|harjoituskenttä|lopetti puheenvuoronsa/i;
    const found = Object.entries(messages.fi)
      .filter(([, v]) => stiff.test(v))
      .map(([k, v]) => `${k}: ${v}`);
    assert.deepEqual(found, []);
  });

  it('uses Finnish and Swedish quotation marks, not English ones', () => {
    const english = /[“‘"]/;
    for (const locale of ['fi', 'sv'] as const) {
      const wrong = Object.entries(messages[locale])
        .filter(([, v]) => english.test(v))
        .map(([k]) => `${locale}:${k}`);
      assert.deepEqual(wrong, []);
    }
  });
});

/** The follow-up meeting has one name in each language: its stem, and the names it must not go by. */
const FOLLOW_UP: Record<Locale, { readonly stem: RegExp; readonly others: RegExp }> = {
  fi: {
    stem: /seurantapalaver/i,
    others: /jatkopalaver|jatkokokou|seurantakokou|seurantatapaami|jatkotapaami|uusintapalaver/i,
  },
  sv: {
    stem: /uppföljningsmöte/i,
    others: /fortsättningsmöte|uppföljningsträff|uppföljande möte|återträff/i,
  },
  en: {
    stem: /follow-up meeting/i,
    others: /follow-up network meeting|follow up meeting|followup meeting|next meeting|further meeting/i,
  },
};
/** Texts about the follow-up meeting itself, which must call it by its name. */
const ABOUT_FOLLOW_UP = [
  'field.at',
  'memo.followup_at',
  'memo.followup_none',
  'card.followup-form.followup',
  'card.followup-form.save_followup',
  'card.followup-reminder.title',
  'card.followup-reminder.review',
  'calendar.followup_summary',
];

describe('the follow-up meeting', () => {
  for (const locale of LOCALES) {
    it(`is called by one word in ${locale}`, () => {
      const { stem, others } = FOLLOW_UP[locale];
      const elsewise = Object.entries(messages[locale])
        .filter(([, v]) => others.test(v))
        .map(([k, v]) => `${k}: ${v}`);
      assert.deepEqual(elsewise, [], 'another name for the follow-up meeting');
      const unnamed = ABOUT_FOLLOW_UP.filter((key) => !stem.test(messages[locale][key] ?? ''));
      assert.deepEqual(unnamed, [], `texts about the follow-up meeting that do not say ${stem.source}`);
    });
  }
});

describe('i18n through src/i18n', () => {
  it('fills the client check in Finnish', () => {
    const text = t('fi', 'prompt.client_check', { client: 'Aino' });
    assert.ok(text.includes('Aino'), text);
    assert.ok(!text.includes('{'), text);
    assert.notEqual(text, t('en', 'prompt.client_check', { client: 'Aino' }));
  });

  it('describes a rejection in Finnish, with the field name translated', () => {
    const rejection = { rejected: true, code: 'input.empty', params: { field: 'purpose' } } as const;
    const fi = describeRejection('fi', rejection);
    const field = messages.fi['field.purpose'];
    assert.ok(field, 'field.purpose exists in fi');
    assert.ok(fi.includes(field), fi);
    assert.ok(!fi.includes('purpose'), fi);
    assert.ok(!fi.includes('{'), fi);
    assert.notEqual(fi, describeRejection('en', rejection));
  });

  it('describes a rejection in Swedish, with the phase name translated', () => {
    const sv = describeRejection('sv', {
      rejected: true,
      code: 'phase.wrong',
      params: { phase: 'discussion' },
    });
    assert.ok(sv.includes(messages.sv['phase.discussion'] ?? '∅'), sv);
    assert.ok(!sv.includes('{'), sv);
  });

  it('says who would be left out in the singular for one name and in the plural for several', () => {
    const one = ['Eeva Salo'];
    const two = ['Eeva Salo', 'Liisa Laine'];
    const skip = (names: string[]) =>
      ({ rejected: true, code: 'phase.skip_unheard', params: { names } }) as const;
    const close = (names: string[]) =>
      ({
        rejected: true,
        code: 'feedback.not_everyone_answered',
        params: { names, count: names.length },
      }) as const;
    // What a reader notices: "hän jää" (is left) of one person, "he jäävät" (are left) of several.
    const fi = (r: Parameters<typeof describeRejection>[1]) => describeRejection('fi', r);
    assert.match(fi(skip(one)), /hän jää kuulematta/);
    assert.match(fi(skip(two)), /he jäävät kuulematta/);
    assert.match(fi(close(one)), /ei ole vielä vastannut: Eeva Salo\. .*myös häneltä/);
    assert.match(fi(close(two)), /eivät ole vielä vastanneet: .*myös heiltä/);
    assert.match(describeRejection('sv', skip(one)), /Eeva Salo har ännu inte hörts .*inte hörd /);
    assert.match(describeRejection('sv', skip(two)), /inte hörda/);
    assert.match(describeRejection('sv', close(one)), /^Eeva Salo har inte svarat/);
    assert.match(describeRejection('en', skip(one)), /^Eeva Salo has not yet been heard/);
    assert.match(describeRejection('en', close(one)), /^Eeva Salo has not yet answered/);
    for (const locale of ['fi', 'sv', 'en'] as const)
      for (const r of [skip(one), skip(two), close(one), close(two)]) {
        const text = describeRejection(locale, r);
        assert.ok(!text.includes('{'), text);
        for (const name of r.params.names) assert.ok(text.includes(name), text);
      }
  });
});
