/**
 * "Export for the client record" in one's direct messages: signed links to the meeting's chain as
 * Markdown and as JSON, made for the person it is sent to and served only while they may export
 * it (its convener, chair or responsible worker). Each download is noted in the access log. The
 * links are short-lived: an export is made to be saved at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Delivery, ExportFormat } from '../app/index.js';
import { SignedLinks } from './signed-links.js';

/** A day: long enough to open it, short enough not to lie about in a chat history. */
const DAYS = 1;

export class ExportLinks {
  private readonly links: Readonly<Record<ExportFormat, SignedLinks>>;

  /** `path` is the channel's own (its links are signed with its own secret): /slack/export, /teams/export. */
  constructor(secret: string, publicUrl: string, path: string) {
    this.links = {
      markdown: new SignedLinks(secret, 'toivo export links markdown', publicUrl, `${path}.md`, DAYS),
      json: new SignedLinks(secret, 'toivo export links json', publicUrl, `${path}.json`, DAYS),
    };
  }

  /** What a direct message's card gets: the export's links, on the export card only. */
  viewFor(d: Extract<Delivery, { kind: 'direct' }>): { exportUrls?: { markdown: string; json: string } } {
    const meetingId = d.view.meeting?.id;
    if (d.surface !== 'export' || !meetingId) return {};
    const link = (format: ExportFormat) => this.links[format].link(meetingId, d.to.account, d.view.locale);
    return { exportUrls: { markdown: link('markdown'), json: link('json') } };
  }

  /** Serves both formats. */
  route(app: App) {
    const serve = (format: ExportFormat) =>
      this.links[format].serve(
        app,
        async ({ meetingId, account }, locale) => app.export(meetingId, account, format, locale),
        'export.link_invalid',
      );
    const markdown = serve('markdown');
    const json = serve('json');
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
      (await markdown(req, res)) || json(req, res);
  }
}
