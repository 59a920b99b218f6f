/** The memo as Markdown in the reader's language: the record people download, drawn from memoContent. */
import {
  type Event,
  type Locale,
  type MemoContent,
  memoContent,
  type Participant,
  type PersonRef,
} from '../core/index.js';
import { listNames, t } from '../i18n/index.js';
import { dateAndTime } from './view-models/card-format.js';
import {
  approvalLines,
  commitmentLine,
  feedbackLines,
  followUpLines,
  memoTitle,
  refName,
  reviewLine,
  reviewSummary,
  type Typed,
  viewFacts,
  viewHeading,
  wishHeading,
} from './view-models/memo-lines.js';

/** Text people typed, made inert: Markdown characters are shown as themselves. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');

const TYPED: Typed = { text: escapeMarkdown, names: escapeMarkdown };

function describePerson(c: MemoContent, locale: Locale, p: Participant): string {
  const facts = [
    t(locale, `role.${p.role}`),
    p.relation,
    p.safeAdult ? t(locale, 'role.safe_adult') : undefined,
    p.organisation,
  ]
    .filter(Boolean)
    .map(String);
  if (p.attendance === 'left') facts.push(t(locale, 'memo.left_early'));
  if (!p.invited) facts.push(t(locale, 'memo.not_invited'));
  const roles = [
    p.id === c.chair?.id ? t(locale, 'role.chair') : undefined,
    p.id === c.noteTaker?.id ? t(locale, 'role.notetaker') : undefined,
  ].filter(Boolean);
  return `${escapeMarkdown(p.name)} (${escapeMarkdown([...facts, ...roles].join(', '))})`;
}

function invitationSection(c: MemoContent, locale: Locale): string[] {
  const inv = c.meeting.invitation;
  const minutes = t(locale, 'memo.minutes', { minutes: inv.durationMinutes });
  const out = [`**${t(locale, 'memo.when')}:** ${dateAndTime(c.meeting, locale, c.held)} (${minutes})`];
  if (inv.place) out.push(`**${t(locale, 'memo.where')}:** ${escapeMarkdown(inv.place)}`);
  if (inv.onlineUrl) out.push(`**${t(locale, 'memo.online')}:** ${inv.onlineUrl}`);
  out.push(`**${t(locale, 'memo.purpose')}:** ${escapeMarkdown(inv.purpose)}`);
  // Of what was prepared with the client, the invitees read the goal and that the client agreed.
  const prep = c.meeting.preparation;
  if (prep?.goal) out.push(`**${t(locale, 'memo.preparation_goal')}:** ${escapeMarkdown(prep.goal)}`);
  if (prep?.consent) out.push(t(locale, 'card.preparation.agreed'));
  if (inv.topics.length > 0)
    out.push('', `**${t(locale, 'memo.topics')}:**`, ...inv.topics.map((x) => `- ${escapeMarkdown(x)}`));
  return out;
}

function peopleSection(c: MemoContent, locale: Locale): string[] {
  const out = [
    `## ${t(locale, 'memo.attendees')}`,
    '',
    ...c.attended.map((p) => `- ${describePerson(c, locale, p)}`),
  ];
  if (c.absent.length > 0) {
    const names = listNames(
      locale,
      c.absent.map((p) => p.name),
    );
    out.push('', `**${t(locale, 'memo.absent')}:** ${escapeMarkdown(names)}`);
  }
  const name = (r: PersonRef) => escapeMarkdown(refName(r));
  out.push(
    '',
    `## ${t(locale, 'memo.roles')}`,
    '',
    `- ${t(locale, 'memo.convener', { name: name(c.convener) })}`,
  );
  if (c.chair) out.push(`- ${t(locale, 'memo.chair', { name: name(c.chair) })}`);
  if (c.noteTaker) out.push(`- ${t(locale, 'memo.notetaker', { name: name(c.noteTaker) })}`);
  return out;
}

/** Each one's view under their name, in the round's order; a text on several lines stays in its item. */
const viewsSection = (c: MemoContent, locale: Locale): string[] =>
  c.views.flatMap((mv) => [
    '',
    `### ${viewHeading(locale, mv, TYPED)}`,
    ...viewFacts(locale, mv, TYPED).map((f) => `- ${f.title}: ${f.value.replace(/\n/g, '\n  ')}`),
  ]);

function notesSection(c: MemoContent, locale: Locale): string[] {
  if (c.notes.length === 0) return [t(locale, 'memo.no_notes')];
  const out: string[] = [];
  let heading = '';
  for (const note of c.notes) {
    const h = note.topic
      ? `${t(locale, `phase.${note.phase}`)}: ${escapeMarkdown(note.topic)}`
      : t(locale, `phase.${note.phase}`);
    if (h !== heading) out.push('', `### ${h}`);
    heading = h;
    out.push(`- ${escapeMarkdown(note.text).replace(/\n/g, '\n  ')}`);
  }
  return out.slice(1);
}

function commitmentsSection(c: MemoContent, locale: Locale): string[] {
  if (c.commitments.length === 0) return [t(locale, 'memo.no_commitments')];
  return c.commitments.flatMap((mc, i) => {
    const { status, confirmation, statusNote } = mc.commitment;
    const facts = [
      t(locale, 'memo.commitment_status', { status: t(locale, `commitment.status.${status}`) }),
      t(locale, confirmation ? 'memo.confirmed' : 'memo.not_confirmed'),
    ];
    const lines = [`${i + 1}. ${commitmentLine(locale, mc, TYPED)}`, `   ${facts.join(' · ')}`];
    if (confirmation?.clientComment) {
      const comment = escapeMarkdown(confirmation.clientComment);
      lines.push(`   ${t(locale, 'memo.client_comment', { comment })}`);
    }
    // How it is going, as its owner, the chair or the responsible worker last said it.
    if (statusNote) lines.push(`   ${t(locale, 'memo.status_note', { note: escapeMarkdown(statusNote) })}`);
    return lines;
  });
}

/** The figures and the comments only once the poll has closed with enough answers (feedbackResults). */
function feedbackSection(c: MemoContent, locale: Locale): string[] {
  const { summary, statements } = feedbackLines(locale, c.feedback);
  if (c.feedback.status !== 'shown') return [summary];
  const lines = [summary, '', ...statements.map((s) => `- ${s}`)];
  const { comments } = c.feedback;
  if (comments.length > 0) {
    lines.push(
      '',
      `**${t(locale, 'memo.feedback_comments')}**`,
      ...comments.map((x) => `- ${escapeMarkdown(x)}`),
    );
  }
  return lines;
}

function closingNotes(c: MemoContent, locale: Locale): string[] {
  const notes = c.skipped.map((s) => {
    const phase = t(locale, `phase.${s.phase}`);
    return `- ${t(locale, 'memo.skipped', { phase, reason: escapeMarkdown(s.reason) })}`;
  });
  if (c.onBehalf) notes.push(`- ${t(locale, 'memo.on_behalf')}`);
  notes.push(...approvalLines(locale, c, TYPED).map((l) => `- ${l}`));
  return notes;
}

/** Builds the memo from the events alone; `locale` defaults to the meeting's language. */
export function buildMemo(events: readonly Event[], locale?: Locale): string {
  const c = memoContent(events);
  if (!c) return '';
  const lang = locale ?? c.meeting.invitation.locale;
  const out: string[] = [`# ${memoTitle(lang, c)}`, ''];
  if (c.cancelled) out.push(t(lang, 'memo.cancelled', { reason: escapeMarkdown(c.cancelled.reason) }), '');
  // A draft says so first: it is for its reviewers, and may still change.
  if (c.draft) out.push(`> **${t(lang, 'memo.draft')}**`, '');
  out.push(...invitationSection(c, lang), '', ...peopleSection(c, lang));
  if (c.review.length > 0)
    out.push(
      '',
      `## ${t(lang, 'memo.review')}`,
      '',
      reviewSummary(lang, c),
      '',
      ...c.review.map((r, i) => `${i + 1}. ${reviewLine(lang, r, TYPED)}`),
    );
  if (c.clientWish) out.push('', `## ${wishHeading(lang, c, TYPED)}`, '', escapeMarkdown(c.clientWish));
  if (c.views.length > 0) out.push('', `## ${t(lang, 'memo.views')}`, ...viewsSection(c, lang));
  out.push('', `## ${t(lang, 'memo.notes')}`, '', ...notesSection(c, lang));
  out.push('', `## ${t(lang, 'memo.commitments')}`, '', ...commitmentsSection(c, lang));
  out.push('', `## ${t(lang, 'memo.followup')}`, '', ...followUpLines(lang, c, TYPED).map((l) => `- ${l}`));
  out.push('', `## ${t(lang, 'memo.feedback')}`, '', ...feedbackSection(c, lang));
  const notes = closingNotes(c, lang);
  out.push('', '---', '', ...notes, ...(notes.length > 0 ? [''] : []), `_${t(lang, 'memo.delivery')}_`, '');
  return out.join('\n');
}
