/**
 * A whole network meeting run through the real App, clicks and all, with a marker in every field
 * people type, so that a scan of a backend can tell whether anything of it is left after erasure.
 *
 * Written as in production: the meeting's event stream, the conversation record, every account's
 * list of meetings, the due-time index of reminders (some of them sent and marked done), the
 * outbox (direct messages to one person fail and wait to be tried again) and the follow-up
 * meeting the first one agreed, with its own invitation change, start and review.
 *
 * Markers look like `MRK-purpose-3f9a1c2e`: a label and a nonce of the run, ASCII only, so that
 * they cannot occur by chance, are never a part of one another, and are found as they are in JSON,
 * in SQL text and in file bytes. Each run has its own nonce: a backend shared with other runs
 * (or left over from a run whose erasure failed) never answers for this one.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { App } from '../../src/app/app.js';
import type { Delivery } from '../../src/app/deliveries.js';
import { followUpIdOf } from '../../src/app/followups.js';
import type { Handled } from '../../src/app/interactions.js';
import type { ChannelPort, DeliveryResult } from '../../src/app/port.js';
import { buildCard } from '../../src/cards/cards.js';
import { PlaygroundChat } from '../../src/channels/playground/chat.js';
import type { Event, Meeting } from '../../src/core/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { MovableClock } from './movable-clock.js';

/** Everyone in the meeting. The uncle is invited without an account and claims one; the joiner comes in at the door. */
export const PERSONS = [
  'convener',
  'client',
  'mother',
  'grandfather',
  'teacher',
  'nurse',
  'uncle',
  'joiner',
] as const;
export type Person = (typeof PERSONS)[number];

export interface Marker {
  /** What the marker stands in for: "purpose", "name-mother", "note-discussion". */
  readonly label: string;
  readonly text: string;
  /**
   * Whose personal data it is: their name, relation, organisation and the name their platform
   * shows; what they said of themselves (the client's wish and comments, a feedback comment, a
   * status note or review note on their own commitment) and what they took on (their commitments).
   * Unset for what is the meeting's own: purpose, topics, place, link, notes, a skip reason.
   */
  readonly person?: Person;
}

export interface MarkedMeetingOptions {
  /** Different in every run unless given: the markers' and the accounts' suffix. */
  readonly nonce?: string;
}

export interface MarkedMeeting {
  readonly app: App;
  readonly clock: MovableClock;
  /** Where the playground channel holds what was delivered, in memory only. */
  readonly chat: PlaygroundChat;
  readonly nonce: string;
  readonly meetingId: string;
  /** The follow-up meeting the first one agreed: made as it closed (see followUpIdOf). */
  readonly followUpId: string;
  /** The id of the conversation both meetings live in (a platform's id, not typed). */
  readonly conversationId: string;
  /** Every marker typed into the meetings and kept by them. */
  readonly markers: readonly Marker[];
  /** Markers typed only into clicks the app refused: never to be kept anywhere. */
  readonly refused: readonly Marker[];
  /** Each person's markers (see Marker.person). */
  readonly byPerson: Readonly<Record<Person, readonly Marker[]>>;
  /** The chat account of each person who has one ("guest" claimed the uncle's place). */
  readonly accounts: Readonly<Record<string, string>>;
  /** Reminders sent by the ticks after the meeting. */
  readonly remindersSent: number;
  /** Direct messages that failed (to the mother) and wait in the outbox. */
  readonly failedDirects: number;
  /** What the app logged. */
  readonly log: readonly string[];
  /** Stops the app's timers (retries waiting, the schedule); the store stays open. */
  stop(): Promise<void>;
}

/** The playground's chat, except that direct messages to one account fail, as if their platform were down. */
class UnreachableDirects implements ChannelPort {
  readonly channel = 'playground' as const;
  failed = 0;

  constructor(
    private readonly chat: PlaygroundChat,
    private readonly account: string,
  ) {}

  send(d: Extract<Delivery, { kind: 'post' }>): Promise<DeliveryResult> {
    return this.chat.send(d);
  }

  update(d: Extract<Delivery, { kind: 'update' }>, messageId: string): Promise<DeliveryResult> {
    return this.chat.update(d, messageId);
  }

  openForm(d: Extract<Delivery, { kind: 'form' }>): Promise<DeliveryResult> {
    return this.chat.openForm(d);
  }

  notify(d: Extract<Delivery, { kind: 'notice' }>): Promise<DeliveryResult> {
    return this.chat.notify(d);
  }

  async direct(d: Extract<Delivery, { kind: 'direct' }>): Promise<DeliveryResult> {
    if (d.to.account !== this.account) return this.chat.direct(d);
    this.failed += 1;
    return { ok: false, error: 'unreachable in the test' };
  }
}

/** Codes that say a round has nobody left to hear. */
const ROUND_DONE = new Set(['round.everyone_heard', 'round.last_speaker', 'floor.nobody_waiting']);

/**
 * Runs the marked meeting over `store`, from the invitation (Monday 23 November 2026) through the
 * meeting (Thursday 26th), the reminders after it, to the start of its follow-up meeting (14
 * January 2027), where the first meeting's commitments are reviewed.
 */
export async function runMarkedMeeting(
  store: EventStore<Event>,
  options: MarkedMeetingOptions = {},
): Promise<MarkedMeeting> {
  const nonce = options.nonce ?? randomBytes(4).toString('hex');
  const markers: Marker[] = [];
  const refused: Marker[] = [];
  const mark = (label: string, person?: Person, into: Marker[] = markers): string => {
    const text = `MRK-${label}-${nonce}`;
    assert.ok(!markers.concat(refused).some((m) => m.text === text), `marker ${label} twice`);
    into.push({ label, text, ...(person ? { person } : {}) });
    return text;
  };
  const refuse = (label: string, person?: Person) => mark(label, person, refused);

  const accounts: Record<string, string> = {};
  for (const who of ['convener', 'client', 'mother', 'teacher', 'nurse', 'guest'])
    accounts[who] = `acct-${who}-${nonce}`;
  const conversationId = `conversation-${nonce}`;

  const names: Record<Person, string> = {
    convener: `Sanna ${mark('name-convener', 'convener')}`,
    client: `Aino ${mark('name-client', 'client')}`,
    mother: `Liisa ${mark('name-mother', 'mother')}`,
    grandfather: `Matti ${mark('name-grandfather', 'grandfather')}`,
    teacher: `Pekka ${mark('name-teacher', 'teacher')}`,
    nurse: `Hanna ${mark('name-nurse', 'nurse')}`,
    uncle: `Kalle ${mark('name-uncle', 'uncle')}`,
    joiner: `Jari ${mark('name-joiner', 'joiner')}`,
  };
  const topics = [
    `Koulupoissaolot ${mark('topic-1')}`,
    `Arjen rytmi ${mark('topic-2')}`,
    `Harrastukset ${mark('topic-3')}`,
  ];

  const clock = new MovableClock('2026-11-23T09:00:00+02:00');
  const log: string[] = [];
  // A failed direct message waits an hour for its next try: long after the test, so it stays in the outbox.
  const app = new App(store, { clock, log: (line) => log.push(line), retry: { delaysMs: [60 * 60_000] } });
  const chat = new PlaygroundChat();
  const port = new UnreachableDirects(chat, accounts.mother as string);
  app.aftercare.usePort(port);

  let clicks = 0;
  // The name the guest's platform shows for their account: kept with their claim.
  const guestName = `Kalle L ${mark('claim-displayname', 'uncle')}`;
  const who = (as: string) =>
    as === 'guest'
      ? { account: accounts.guest as string, displayName: guestName }
      : { account: accounts[as] as string };
  const click = async (meetingId: string, as: string, verb: string, fields: Record<string, string> = {}) => {
    assert.ok(accounts[as], `${as} has no account`);
    clicks += 1;
    const { handled } = await app.click(
      meetingId,
      { verb, fields: { meetingId, ...fields } },
      who(as),
      port,
      {
        conversation: { channel: 'playground', id: conversationId },
        commandId: `click-${nonce}-${clicks}`,
      },
    );
    return handled;
  };
  const act = async (meetingId: string, as: string, verb: string, fields: Record<string, string> = {}) => {
    const handled = await click(meetingId, as, verb, fields);
    assert.ok(handled.ok, `${verb} by ${as} was refused: ${JSON.stringify(handled.rejection)}`);
    return handled;
  };
  const refusedClick = async (
    meetingId: string,
    as: string,
    verb: string,
    fields: Record<string, string>,
    code: string,
  ) => {
    const handled: Handled = await click(meetingId, as, verb, fields);
    assert.equal(handled.rejection?.code, code, `${verb} by ${as}: ${JSON.stringify(handled)}`);
  };
  const meeting = async (id: string): Promise<Meeting> => {
    const m = await app.meetings.get(id);
    assert.ok(m, `meeting ${id} is there`);
    return m;
  };
  const idOf = async (meetingId: string, person: Person): Promise<string> => {
    const p = (await meeting(meetingId)).participants.find((x) => x.name === names[person]);
    assert.ok(p, `${person} is in meeting ${meetingId}`);
    return p.id;
  };
  /**
   * The chair closes or skips with people left out: the card that asks first opens, and its button
   * is pressed as drawn, carrying whom it names.
   */
  const askedFirst = async (
    meetingId: string,
    chair: string,
    verb: string,
    fields: Record<string, string> = {},
  ) => {
    const opened = await act(meetingId, chair, 'ui.confirm_form');
    const form = opened.deliveries.find((d) => d.kind === 'form' && d.surface === 'confirm-form');
    assert.ok(form, `${chair} is asked first`);
    const without = /"without":"([^"]*)"/.exec(JSON.stringify(buildCard('confirm-form', form.view)))?.[1];
    assert.ok(without, 'the card names whom the step leaves out');
    return act(meetingId, chair, verb, { ...fields, without });
  };
  /** The chair gives the floor round the room and ends each turn, until everyone has been heard. */
  const hearEveryone = async (meetingId: string, chair: string) => {
    for (let turn = 0; turn < 20; turn++) {
      const next = await click(meetingId, chair, 'floor.next');
      if (!next.ok) {
        assert.ok(ROUND_DONE.has(next.rejection?.code ?? ''), JSON.stringify(next.rejection));
        return;
      }
      await act(meetingId, chair, 'turn.end');
    }
    assert.fail('the round did not end');
  };

  // Monday: the convener sends the invitation.
  const accountFor = (row: string) =>
    ({
      client: accounts.client,
      invitee1: accounts.mother,
      invitee3: accounts.teacher,
      invitee4: accounts.nurse,
    })[row];
  const invitation = {
    purpose: `Ainon koulunkäynnin tukeminen ${mark('purpose')}`,
    topics: topics.join('\n'),
    date: '2026-11-26',
    time: '14:00',
    durationMinutes: '90',
    place: `Koulun neuvotteluhuone ${mark('place')}`,
    onlineUrl: `https://meet.example.org/${mark('online-url')}`,
    meetingLocale: 'fi',
    convenerName: names.convener,
    convenerOrganisation: `Lastensuojelu ${mark('organisation-convener', 'convener')}`,
    clientName: names.client,
    clientAccount: 'yes',
    invitee1Name: names.mother,
    invitee1Role: 'close',
    invitee1Relation: `äiti ${mark('relation-mother', 'mother')}`,
    invitee1Account: 'yes',
    invitee2Name: names.grandfather,
    invitee2Role: 'close',
    invitee2Relation: `isoisä ${mark('relation-grandfather', 'grandfather')}`,
    invitee2Account: 'no',
    invitee3Name: names.teacher,
    invitee3Role: 'worker',
    invitee3Relation: `luokanvalvoja ${mark('relation-teacher', 'teacher')}`,
    invitee3Organisation: `Kuusikon koulu ${mark('organisation-teacher', 'teacher')}`,
    invitee3Account: 'yes',
    invitee4Name: names.nurse,
    invitee4Role: 'worker',
    invitee4Relation: `terveydenhoitaja ${mark('relation-nurse', 'nurse')}`,
    invitee4Organisation: `Kouluterveydenhuolto ${mark('organisation-nurse', 'nurse')}`,
    invitee4Account: 'yes',
    invitee5Name: names.uncle,
    invitee5Role: 'close',
    invitee5Relation: `eno ${mark('relation-uncle', 'uncle')}`,
    invitee5Account: 'no',
    // Prepared with the client: the answers are about her.
    prepHelp: `Kaikki saman pöydän ääreen ${mark('prep-help', 'client')}`,
    prepWho: `Äiti ja koulun väki ${mark('prep-who', 'client')}`,
    prepGoal: `Koulupäivät sujuvat ${mark('prep-goal', 'client')}`,
    prepConsent: 'no',
  };
  const created = await app.click(
    undefined,
    { verb: 'meeting.create', fields: invitation },
    { account: accounts.convener as string, accountFor },
    port,
    { conversation: { channel: 'playground', id: conversationId }, commandId: `create-${nonce}` },
  );
  assert.ok(created.handled.ok && created.handled.meetingId, JSON.stringify(created.handled.rejection));
  const id = created.handled.meetingId;
  const followUpId = followUpIdOf(id);

  // The client agrees to the meeting from her own invitation.
  await act(id, 'client', 'preparation.agree', { phase: 'invited' });

  // The uncle's account: someone in the chat says they are him, and the convener confirms it.
  const uncle = await idOf(id, 'uncle');
  await act(id, 'guest', 'account.claim', { claimFor: uncle });
  await act(id, 'convener', 'account.confirm', {
    participantId: uncle,
    chatUserId: accounts.guest as string,
  });

  // Thursday, at two: everyone invited is there.
  clock.set('2026-11-26T14:00:00+02:00');
  const everyone = (await meeting(id)).participants.map((p) => p.id).join(',');
  await act(id, 'convener', 'meeting.start', { presentIds: everyone });
  await act(id, 'convener', 'participant.join', {
    joinName: names.joiner,
    joinRole: 'worker',
    joinRelation: `nuorisotyöntekijä ${mark('relation-joiner', 'joiner')}`,
  });
  await act(id, 'convener', 'note.add', { noteText: `Avaus ${mark('note-opening')}` });
  await hearEveryone(id, 'convener');
  await act(id, 'convener', 'phase.next');

  // Roles: the teacher chairs, the nurse keeps the notes.
  await act(id, 'convener', 'chair.assign', { newChairId: await idOf(id, 'teacher') });
  await act(id, 'teacher', 'notetaker.assign', { newNoteTakerId: await idOf(id, 'nurse') });
  await act(id, 'teacher', 'phase.next');

  // Why we are here: the client's wish, a note, and the round skipped with a reason.
  clock.set('2026-11-26T14:20:00+02:00');
  const wish = `Haluan jaksaa ${mark('wish', 'client')}`;
  await act(id, 'client', 'wish.record', { wishText: wish });
  await act(id, 'nurse', 'note.add', {
    noteText: `Aamut ovat vaikeita ${mark('note-why')}`,
    noteTopic: topics[0] as string,
  });
  await askedFirst(id, 'teacher', 'phase.skip', { skipReason: `Aika loppuu ${mark('skip-reason')}` });

  // Discussion: a round, a note, the commitments; and what is refused leaves nothing behind.
  clock.set('2026-11-26T14:40:00+02:00');
  await hearEveryone(id, 'teacher');
  // Each one's view, written down by the note-taker in the form the board opens: the form holds the
  // client's wish, and the note-taker adds her worry; the mother's view in full.
  const mother = await idOf(id, 'mother');
  await act(id, 'nurse', 'ui.view_form', { participantId: await idOf(id, 'client') });
  await act(id, 'nurse', 'view.record', {
    participantId: await idOf(id, 'client'),
    viewWish: wish,
    viewWorry: `Aamut ${mark('view-worry-client', 'client')}`,
  });
  await act(id, 'nurse', 'view.record', {
    participantId: mother,
    viewWish: `Rauhaa ${mark('view-wish-mother', 'mother')}`,
    viewWorry: `Väsymys ${mark('view-worry-mother', 'mother')}`,
    viewPossibility: `Herätys ${mark('view-possibility-mother', 'mother')}`,
  });
  await refusedClick(
    id,
    'client',
    'view.record',
    { participantId: mother, viewWorry: `Ei kirjata ${refuse('refused-view', 'client')}` },
    'auth.chair_or_notetaker_only',
  );
  await act(id, 'nurse', 'note.add', {
    noteText: `Nukkumaanmeno ${mark('note-discussion')}`,
    noteTopic: topics[1] as string,
  });
  await refusedClick(
    id,
    'client',
    'note.add',
    { noteText: `Ei kirjata ${refuse('refused-note', 'client')}` },
    'auth.chair_or_notetaker_only',
  );
  const client = await idOf(id, 'client');
  await act(id, 'nurse', 'commitment.add', {
    what: `Yhteinen aamupala ${mark('what-mother', 'mother')}`,
    ownerId: await idOf(id, 'mother'),
    due: '2026-12-04',
    withParticipants: client,
    withOthers: `Naapuri ${mark('with-others-mother', 'mother')}`,
  });
  await act(id, 'nurse', 'commitment.add', {
    what: `Tukiopetus ${mark('what-teacher', 'teacher')}`,
    ownerId: await idOf(id, 'teacher'),
    due: '2026-12-01',
    withOthers: `Erityisopettaja ${mark('with-others-teacher', 'teacher')}`,
  });
  await act(id, 'nurse', 'commitment.add', {
    what: `Kyyti harrastukseen ${mark('what-grandfather', 'grandfather')}`,
    ownerId: await idOf(id, 'grandfather'),
    due: '2026-12-11',
    withParticipants: client,
  });
  await refusedClick(
    id,
    'nurse',
    'commitment.add',
    { what: `Myöhässä ${refuse('refused-what')}`, ownerId: client, due: '2026-11-01' },
    'input.date_in_past',
  );
  await act(id, 'teacher', 'phase.next');

  // Summary: the client confirms each commitment, with comments.
  clock.set('2026-11-26T15:00:00+02:00');
  await act(id, 'client', 'commitment.confirm', {
    commitmentId: 'c1',
    'clientComment-c1': `Ei ennen seitsemää ${mark('client-comment-1', 'client')}`,
  });
  await act(id, 'client', 'commitment.confirm', {
    commitmentId: 'c2',
    'clientComment-c2': `Tiistaisin käy ${mark('client-comment-2', 'client')}`,
  });
  await act(id, 'client', 'commitment.confirm', { commitmentId: 'c3' });
  await act(id, 'nurse', 'note.add', { noteText: `Yhteenveto ${mark('note-summary')}` });
  await act(id, 'teacher', 'phase.next');

  // The follow-up: a responsible worker, and a meeting agreed in January.
  await act(id, 'teacher', 'responsible.assign', { responsibleId: await idOf(id, 'convener') });
  await act(id, 'teacher', 'followup.agree', {
    followupDate: '2027-01-14',
    followupTime: '14:00',
    followupPlace: `Nuorisotalo ${mark('followup-place')}`,
  });
  await act(id, 'client', 'followup.confirm', {
    followupComment: `Iltapäivä sopii ${mark('followup-comment', 'client')}`,
  });
  await act(id, 'nurse', 'note.add', { noteText: `Jatko ${mark('note-followup')}` });
  await act(id, 'teacher', 'phase.next');

  // Feedback, with comments; the note-taker answers for the grandfather, who has no account.
  clock.set('2026-11-26T15:20:00+02:00');
  const feedback = (comment: string) => ({ hopeful: '4', trusting: '4', clearer: '5', comment });
  await act(
    id,
    'client',
    'feedback.answer',
    feedback(`Minua kuunneltiin ${mark('feedback-client', 'client')}`),
  );
  await act(id, 'mother', 'feedback.answer', feedback(`Hyvä kokous ${mark('feedback-mother', 'mother')}`));
  await act(id, 'guest', 'feedback.answer', feedback(`Selkeä ${mark('feedback-uncle', 'uncle')}`));
  await act(id, 'nurse', 'feedback.answer', {
    ...feedback(`Toivoa on ${mark('feedback-grandfather', 'grandfather')}`),
    behalf: 'true',
    onBehalfOf: await idOf(id, 'grandfather'),
  });
  await act(id, 'teacher', 'feedback.answer', feedback(`Hyvä ${mark('feedback-teacher', 'teacher')}`));
  await askedFirst(id, 'teacher', 'meeting.close');
  assert.ok(await app.meetings.get(followUpId), 'the follow-up meeting was made as the meeting closed');
  // The memo is a draft: the note-taker adds what was left out, and the client approves it with a word.
  await act(id, 'nurse', 'note.add', { noteText: `Jälkikäteen ${mark('note-after-close')}` });
  await act(id, 'client', 'memo.approve', {
    memoComment: `Muistio on hyvä ${mark('memo-comment', 'client')}`,
  });

  // After the meeting: reminders fall due and go out; people say how their commitments stand.
  let remindersSent = 0;
  const tickAt = async (at: string) => {
    clock.set(at);
    remindersSent += await app.aftercare.tick();
  };
  await tickAt('2026-11-27T09:00:00+02:00');
  clock.set('2026-11-27T10:00:00+02:00');
  await act(id, 'mother', 'commitment.status', {
    commitmentId: 'c1',
    status: 'needs_help',
    statusNote: `En jaksa aamuisin ${mark('status-note-mother', 'mother')}`,
  });
  await act(id, 'teacher', 'commitment.status', {
    commitmentId: 'c2',
    status: 'postponed',
    newDue: '2026-12-09',
    statusNote: `Sairasloma ${mark('status-note-teacher', 'teacher')}`,
  });
  // The responsible worker, reminded for the grandfather, tells how his stands.
  await act(id, 'convener', 'commitment.status', {
    commitmentId: 'c3',
    status: 'done',
    statusNote: `Hoidettu ${mark('status-note-grandfather', 'grandfather')}`,
    behalf: 'true',
    onBehalfOf: await idOf(id, 'grandfather'),
  });
  await tickAt('2026-11-30T09:01:00+02:00');
  await tickAt('2026-12-02T09:01:00+02:00');
  assert.ok(remindersSent > 0, 'the ticks sent reminders');

  // The follow-up meeting moves to another room; the eve's reminders go out; it starts and reviews.
  clock.set('2026-12-10T10:00:00+02:00');
  await act(followUpId, 'convener', 'invitation.update', {
    ...invitation,
    date: '2027-01-14',
    place: `Nuorisotalo ${mark('place-followup')}`,
  });
  await tickAt('2027-01-13T09:05:00+02:00');
  clock.set('2027-01-14T14:00:00+02:00');
  const present = (await meeting(followUpId)).participants.map((p) => p.id).join(',');
  await act(followUpId, 'convener', 'meeting.start', { presentIds: present });
  await act(followUpId, 'mother', 'review.record', {
    itemId: 'c1',
    outcome: 'continues',
    reviewNote: `Vähän parempi ${mark('review-note-mother', 'mother')}`,
  });

  const byPerson = Object.fromEntries(
    PERSONS.map((p) => [p, markers.filter((m) => m.person === p)]),
  ) as Record<Person, Marker[]>;
  return {
    app,
    clock,
    chat,
    nonce,
    meetingId: id,
    followUpId,
    conversationId,
    markers,
    refused,
    byPerson,
    accounts,
    remindersSent,
    failedDirects: port.failed,
    log,
    stop: async () => {
      await app.aftercare.stop();
      await app.deliverer.stop();
    },
  };
}
