/**
 * The meeting's export for the client record, as a direct message to the one who asked: what it
 * holds, and its download links (Markdown to read and file, JSON for systems) where the channel
 * could make them.
 */
import { t } from '../../i18n/index.js';
import { dateAndTime, shorten } from './card-format.js';
import { base, requireMeeting, type ViewContext } from './common.js';

/** What the export holds, in the order the list says it. */
const HOLDS = ['memos', 'recorded', 'access', 'feedback'] as const;

export function exportView(ctx: ViewContext) {
  const { locale, exportUrls: urls } = ctx;
  const m = requireMeeting(ctx);
  return {
    ...base(locale),
    title: t(locale, 'card.export.title'),
    about: t(locale, 'card.export.about', {
      purpose: shorten(m.invitation.purpose, 200),
      when: dateAndTime(m, locale, m.invitation.startsAt),
    }),
    heading: t(locale, 'card.export.holds'),
    // A Markdown list: Teams and Slack both show it as one.
    holds: HOLDS.map((k) => `- ${t(locale, `card.export.holds.${k}`)}`).join('\n'),
    links: urls
      ? {
          markdown: { label: t(locale, 'card.export.markdown'), url: urls.markdown },
          json: { label: t(locale, 'card.export.json'), url: urls.json },
          note: t(locale, 'card.export.personal'),
        }
      : undefined,
    noLinks: urls ? undefined : t(locale, 'card.export.no_public_url'),
  };
}
