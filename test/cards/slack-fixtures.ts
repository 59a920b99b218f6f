/** Filled Adaptive Cards (as renderCard would give them) for the Slack translator's tests. */
import type { AdaptiveCard } from '../../src/cards/render.js';

const card = (body: unknown[], actions: unknown[] = []): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions.length ? { actions } : {}),
});

export const execute = (verb: string, title: string, data: object, extra: object = {}) => ({
  type: 'Action.Execute',
  verb,
  title,
  data,
  fallback: { type: 'Action.Submit', title, data: { verb, ...data } },
  ...extra,
});

export const PEOPLE = [
  { title: 'Aino Laine', value: 'p-aino' },
  { title: 'Liisa Laine', value: 'p-liisa' },
  { title: 'Pekka Virtanen', value: 'p-pekka' },
  { title: 'Hanna Mäkelä', value: 'p-hanna' },
];

export const SCALE = ['1', '2', '3', '4', '5'].map((v) => ({ title: v, value: v }));

/** Every element of the portable subset, in the ways the templates use them. */
export function everyElementCard(): AdaptiveCard {
  return card(
    [
      { type: 'TextBlock', text: 'Verkostokokous', style: 'heading', weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text: 'Vaihe: **keskustelu** – katso [muistio](https://example.org/m?a=1&b=2)',
        wrap: true,
      },
      { type: 'TextBlock', text: 'Puheenvuorossa: Aino', isSubtle: true, wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Aika', value: '23.11.2026 klo 9' },
          { title: 'Paikka', value: 'Kuusikon koulu' },
        ],
      },
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', items: [{ type: 'TextBlock', text: 'Puhuneet', weight: 'Bolder' }] },
          { type: 'Column', items: [{ type: 'TextBlock', text: 'Aino, Liisa' }] },
        ],
      },
      {
        type: 'Container',
        separator: true,
        items: [
          {
            type: 'Input.Text',
            id: 'what',
            label: 'Mitä tehdään',
            isMultiline: true,
            maxLength: 500,
            isRequired: true,
            errorMessage: 'Kirjoita tehtävä',
          },
          {
            type: 'Input.ChoiceSet',
            id: 'ownerId',
            label: 'Kuka',
            choices: PEOPLE,
            value: 'p-liisa',
            placeholder: 'Valitse',
          },
          { type: 'Input.Date', id: 'due', label: 'Mihin mennessä', value: '2026-12-01' },
          { type: 'Input.Time', id: 'followupTime', label: 'Kellonaika', value: '14:30' },
          {
            type: 'Input.ChoiceSet',
            id: 'withParticipants',
            label: 'Kenen kanssa',
            choices: PEOPLE,
            isMultiSelect: true,
            value: 'p-aino,p-hanna',
          },
          {
            type: 'Input.ChoiceSet',
            id: 'hopeful',
            label: 'Toiveikkaampi',
            choices: SCALE,
            style: 'expanded',
          },
          {
            type: 'Input.ChoiceSet',
            id: 'presentIds',
            label: 'Paikalla',
            choices: PEOPLE,
            style: 'expanded',
            isMultiSelect: true,
            value: 'p-aino',
          },
        ],
      },
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', items: [{ type: 'TextBlock', text: 'Kenen puolesta' }] },
          {
            type: 'Column',
            items: [{ type: 'Input.ChoiceSet', id: 'onBehalfOf', label: 'Kenen puolesta', choices: PEOPLE }],
          },
        ],
      },
      {
        type: 'ActionSet',
        actions: [
          execute('turn.pass', 'Ohita vuoro', { meetingId: 'm1', version: 3, behalf: true }),
          { type: 'Action.OpenUrl', title: 'Avaa muistio', url: 'https://example.org/memo' },
        ],
      },
    ],
    [
      execute('commitment.add', 'Tallenna tehtävä', { meetingId: 'm1', version: 3 }, { style: 'positive' }),
      {
        type: 'Action.Submit',
        title: 'Peru',
        style: 'destructive',
        data: { verb: 'ui.refresh', meetingId: 'm1' },
      },
    ],
  );
}

/** The small form of the round-trip test: one of each input kind, and one action. */
export function roundTripCard(): AdaptiveCard {
  return card(
    [
      { type: 'TextBlock', text: 'Uusi sovittu tehtävä', style: 'heading', wrap: true },
      { type: 'Input.Text', id: 'what', label: 'Mitä', isRequired: true, errorMessage: 'Pakollinen' },
      {
        type: 'Input.ChoiceSet',
        id: 'ownerId',
        label: 'Kuka',
        choices: PEOPLE,
        isRequired: true,
        errorMessage: 'Pakollinen',
      },
      { type: 'Input.Date', id: 'due', label: 'Mihin mennessä' },
      {
        type: 'Input.ChoiceSet',
        id: 'withParticipants',
        label: 'Kenen kanssa',
        choices: PEOPLE,
        isMultiSelect: true,
      },
      { type: 'Input.Time', id: 'followupTime', label: 'Kellonaika' },
      { type: 'Input.ChoiceSet', id: 'hopeful', label: 'Toiveikkaampi', choices: SCALE, style: 'expanded' },
    ],
    [execute('commitment.add', 'Tallenna', { meetingId: 'm1', version: 7 }, { style: 'positive' })],
  );
}

/** Deliberately huge: 300 long paragraphs, 200 facts, and buttons with overlong labels at the end. */
export function hugeCard(): AdaptiveCard {
  const paragraph = (i: number) => `${i}: ${'Pitkä muistiinpano & <huomio> '.repeat(200)}`.slice(0, 5000);
  return card([
    { type: 'TextBlock', text: 'Muistio', style: 'heading' },
    ...Array.from({ length: 300 }, (_, i) => ({ type: 'TextBlock', text: paragraph(i), wrap: true })),
    {
      type: 'FactSet',
      facts: Array.from({ length: 200 }, (_, i) => ({ title: `Tehtävä ${i}`, value: 'x'.repeat(2500) })),
    },
    {
      type: 'ActionSet',
      actions: [
        execute(
          'phase.next',
          'Seuraava vaihe '.repeat(14),
          { meetingId: 'm1', version: 9 },
          { style: 'positive' },
        ),
        execute('ui.refresh', 'Näytä nykyinen tilanne', { meetingId: 'm1' }),
      ],
    },
  ]);
}
