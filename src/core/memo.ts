/** The memo, rebuilt from the event log as Markdown in the meeting's language. */
import { INTL_LOCALE, listNames, t } from '../i18n/index.js';
import type { Event } from './events.js';
import { replay } from './evolve.js';
import { feedbackResults, STATEMENTS } from './feedback-results.js';
import { findParticipant, roleRank } from './selectors.js';
import type { Commitment, Locale, Meeting, Participant } from './types.js';

/** Text people typed, made inert: Markdown characters are shown as themselves. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');

const when = (m: Meeting, locale: Locale, iso: string): string =>
  new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: m.invitation.timeZone,
  }).format(new Date(iso));

/** A calendar date (YYYY-MM-DD) as the language writes it. */
export const formatDate = (locale: Locale, date: string): string =>
  new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

function describePerson(m: Meeting, locale: Locale, p: Participant): string {
  const facts = [t(locale, `role.${p.role}`), p.relation, p.organisation].filter(Boolean).map(String);
  if (p.attendance === 'left') facts.push(t(locale, 'memo.left_early'));
  if (!p.invited) facts.push(t(locale, 'memo.not_invited'));
  const roles = [
    p.id === m.chairId ? t(locale, 'role.chair') : undefined,
    p.id === m.noteTakerId ? t(locale, 'role.notetaker') : undefined,
  ].filter(Boolean);
  return `${escapeMarkdown(p.name)} (${escapeMarkdown([...facts, ...roles].join(', '))})`;
}

const nameOf = (m: Meeting, id: string | undefined): string =>
  escapeMarkdown(findParticipant(m, id)?.name ?? '?');

function commitmentLines(m: Meeting, locale: Locale, c: Commitment, n: number): string[] {
  const withWhom = [...c.withParticipants.map((id) => findParticipant(m, id)?.name ?? '?'), ...c.withOthers];
  let line = `${n}. ${t(locale, 'memo.commitment', { what: escapeMarkdown(c.what), owner: nameOf(m, c.ownerId), due: formatDate(locale, c.due) })}`;
  if (withWhom.length > 0)
    line += `, ${t(locale, 'memo.commitment_with', { names: escapeMarkdown(listNames(locale, withWhom)) })}`;
  const facts = [
    t(locale, 'memo.commitment_status', { status: t(locale, `commitment.status.${c.status}`) }),
    t(locale, c.confirmation ? 'memo.confirmed' : 'memo.not_confirmed'),
  ];
  const lines = [line, `   ${facts.join(' · ')}`];
  if (c.confirmation?.clientComment) {
    lines.push(
      `   ${t(locale, 'memo.client_comment', { comment: escapeMarkdown(c.confirmation.clientComment) })}`,
    );
  }
  return lines;
}

function notesSection(m: Meeting, locale: Locale): string[] {
  if (m.notes.length === 0) return [t(locale, 'memo.no_notes')];
  const out: string[] = [];
  let heading = '';
  for (const note of m.notes) {
    const h = note.topic
      ? `${t(locale, `phase.${note.phase}`)}: ${escapeMarkdown(note.topic)}`
      : t(locale, `phase.${note.phase}`);
    if (h !== heading) out.push('', `### ${h}`);
    heading = h;
    out.push(`- ${escapeMarkdown(note.text).replace(/\n/g, '\n  ')}`);
  }
  return out.slice(1);
}

function feedbackSection(m: Meeting, locale: Locale): string[] {
  const results = feedbackResults(m);
  if (results.count === 0) return [t(locale, 'memo.feedback_none')];
  if (!results.visible || !results.statements)
    return [t(locale, 'memo.feedback_count', { count: results.count })];
  const lines = [t(locale, 'memo.feedback_count', { count: results.count }), ''];
  for (const s of STATEMENTS) {
    const average = results.statements[s].average.toLocaleString(INTL_LOCALE[locale], {
      minimumFractionDigits: 1,
    });
    lines.push(
      `- ${t(locale, 'memo.feedback_line', { statement: t(locale, `feedback.short.${s}`), average })}`,
    );
  }
  if (results.comments && results.comments.length > 0) {
    lines.push(
      '',
      `**${t(locale, 'memo.feedback_comments')}**`,
      ...results.comments.map((c) => `- ${escapeMarkdown(c)}`),
    );
  }
  return lines;
}

/** Builds the memo from the events alone; `locale` defaults to the meeting's language. */
export function buildMemo(events: readonly Event[], locale?: Locale): string {
  const m = replay(events);
  if (!m) return '';
  const lang = locale ?? m.invitation.locale;
  const inv = m.invitation;
  const client = m.participants.find((p) => p.role === 'client');
  const attended = [...m.participants]
    .filter((p) => p.attendance === 'present' || p.attendance === 'left')
    .sort((a, b) => roleRank(a.role) - roleRank(b.role));
  const absent = m.participants.filter(
    (p) => p.invited && (p.attendance === 'absent' || p.attendance === 'unknown'),
  );
  // The memo speaks of the meeting as held: the day and time it started (the invitation's, if it never did).
  const held = m.startedAt ?? inv.startsAt;
  const day = new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    dateStyle: 'long',
    timeZone: inv.timeZone,
  }).format(new Date(held));
  const out: string[] = [`# ${t(lang, 'memo.title', { date: day })}`, ''];
  if (m.phase === 'cancelled')
    out.push(t(lang, 'memo.cancelled', { reason: escapeMarkdown(m.cancelReason ?? '') }), '');
  out.push(
    `**${t(lang, 'memo.when')}:** ${when(m, lang, held)} (${t(lang, 'memo.minutes', { minutes: inv.durationMinutes })})`,
  );
  if (inv.place) out.push(`**${t(lang, 'memo.where')}:** ${escapeMarkdown(inv.place)}`);
  if (inv.onlineUrl) out.push(`**${t(lang, 'memo.online')}:** ${inv.onlineUrl}`);
  out.push(`**${t(lang, 'memo.purpose')}:** ${escapeMarkdown(inv.purpose)}`);
  if (inv.topics.length > 0)
    out.push('', `**${t(lang, 'memo.topics')}:**`, ...inv.topics.map((x) => `- ${escapeMarkdown(x)}`));
  out.push(
    '',
    `## ${t(lang, 'memo.attendees')}`,
    '',
    ...attended.map((p) => `- ${describePerson(m, lang, p)}`),
  );
  if (absent.length > 0)
    out.push(
      '',
      `**${t(lang, 'memo.absent')}:** ${escapeMarkdown(
        listNames(
          lang,
          absent.map((p) => p.name),
        ),
      )}`,
    );
  out.push(
    '',
    `## ${t(lang, 'memo.roles')}`,
    '',
    `- ${t(lang, 'memo.convener', { name: nameOf(m, m.convenerId) })}`,
  );
  if (m.chairId) out.push(`- ${t(lang, 'memo.chair', { name: nameOf(m, m.chairId) })}`);
  if (m.noteTakerId) out.push(`- ${t(lang, 'memo.notetaker', { name: nameOf(m, m.noteTakerId) })}`);
  if (m.clientWish) {
    out.push(
      '',
      `## ${t(lang, 'memo.client_wish', { client: escapeMarkdown(client?.name ?? '') })}`,
      '',
      escapeMarkdown(m.clientWish),
    );
  }
  out.push('', `## ${t(lang, 'memo.notes')}`, '', ...notesSection(m, lang));
  out.push('', `## ${t(lang, 'memo.commitments')}`, '');
  if (m.commitments.length === 0) out.push(t(lang, 'memo.no_commitments'));
  m.commitments.forEach((c, i) => {
    out.push(...commitmentLines(m, lang, c, i + 1));
  });
  out.push('', `## ${t(lang, 'memo.followup')}`, '');
  if (m.responsibleId) out.push(`- ${t(lang, 'memo.responsible', { name: nameOf(m, m.responsibleId) })}`);
  if (m.followUp && 'at' in m.followUp)
    out.push(`- ${t(lang, 'memo.followup_at', { when: when(m, lang, m.followUp.at) })}`);
  if (m.followUp && 'noneReason' in m.followUp) {
    out.push(`- ${t(lang, 'memo.followup_none', { reason: escapeMarkdown(m.followUp.noneReason) })}`);
  }
  out.push('', `## ${t(lang, 'memo.feedback')}`, '', ...feedbackSection(m, lang));
  const notes = m.skipped.map(
    (s) =>
      `- ${t(lang, 'memo.skipped', { phase: t(lang, `phase.${s.phase}`), reason: escapeMarkdown(s.reason) })}`,
  );
  if (events.some((e) => e.onBehalfOf !== undefined)) notes.push(`- ${t(lang, 'memo.on_behalf')}`);
  out.push('', '---', '', ...notes, ...(notes.length > 0 ? [''] : []), `_${t(lang, 'memo.delivery')}_`, '');
  return out.join('\n');
}
