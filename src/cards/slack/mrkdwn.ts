/**
 * Adaptive Card text is a small Markdown (bold, italic, links, lists); Slack has its own mrkdwn.
 * User content sits in that text, so Slack's control characters are escaped before anything else.
 */

const LINK = /\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g; // one level of brackets in a URL, as in Wikipedia's
const BOLD_MARK = '\uE000'; // private-use: never in real text, holds bold while italics are rewritten

/** Slack reads `&`, `<` and `>` as markup; everything else is shown as written. */
export const escapeMrkdwn = (text: string): string =>
  /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;

const linkable = (url: string): boolean => /^(https?:|mailto:)/i.test(url);

/** Whether `text` has anything emphasis rewrites: most card text has not, and then it is kept as it is. */
const emphasised = (text: string): boolean =>
  text.includes('*') || text.includes('_') || text.includes(BOLD_MARK);

function emphasis(text: string): string {
  if (!emphasised(text)) return text;
  return text
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/__(?=\S)(.+?)(?<=\S)__/g, `${BOLD_MARK}$1${BOLD_MARK}`)
    .replace(/(^|[^*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])/g, '$1_$2_')
    .replaceAll(BOLD_MARK, '*');
}

const stripEmphasis = (text: string): string =>
  !emphasised(text)
    ? text
    : text
        .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
        .replace(/(^|[^*\w])([*_])(?=\S)([^*_]+?)(?<=\S)\2(?![*\w])/g, '$1$3');

function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, label = '', url = ''] = match;
    out += emphasis(escapeMrkdwn(text.slice(last, match.index)));
    const shown = escapeMrkdwn(stripEmphasis(label));
    out += linkable(url)
      ? `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${shown || escapeMrkdwn(url)}>`
      : shown;
    last = match.index + whole.length;
  }
  return out + emphasis(escapeMrkdwn(text.slice(last)));
}

const BULLET = /^(\s*)[-*+]\s+(.*)$/;

/** Adaptive Card Markdown → Slack mrkdwn, line by line (lists keep their lines). */
export function toMrkdwn(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .map((line) => {
      const bullet = BULLET.exec(line);
      return bullet ? `${bullet[1]}• ${inline(bullet[2] ?? '')}` : inline(line);
    })
    .join('\n');
}

/** Adaptive Card Markdown → plain text, for the places Slack takes no formatting (headers, labels). */
export function toPlain(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .map((line) => {
      const bullet = BULLET.exec(line);
      const body = bullet ? `${bullet[1]}• ${bullet[2] ?? ''}` : line;
      return stripEmphasis(body.replace(LINK, (_, label: string, url: string) => label || url));
    })
    .join('\n');
}

/** Bold in mrkdwn works line by line and only around non-blank text. */
export const bold = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line.trim() && !line.includes('*') ? `*${line.trim()}*` : line))
    .join('\n');
