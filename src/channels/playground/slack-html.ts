/**
 * Block Kit as HTML, close to how Slack shows it: for the playground and the docs' pictures.
 * Everything shown is escaped; mrkdwn's *bold*, _italic_, ~strike~, `code` and <url|links> are drawn.
 */

type Json = Record<string, unknown>;

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Slack's own escapes (&amp; &lt; &gt;) are undone before our HTML escaping. */
const unslack = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function mrkdwnToHtml(text: string): string {
  const links: string[] = [];
  // Links first, as placeholders, so that their URLs are not touched by the inline styles.
  const withoutLinks = text.replace(
    /<(https?:\/\/[^|>]+)(?:\|([^>]+))?>/g,
    (_, url: string, label?: string) => {
      links.push(
        `<a href="${escapeHtml(unslack(url))}" target="_blank" rel="noopener">${escapeHtml(unslack(label ?? url))}</a>`,
      );
      return `\uE000${links.length - 1}\uE000`;
    },
  );
  return escapeHtml(unslack(withoutLinks))
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
    .replace(/\n/g, '<br>')
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => links[Number(i)] ?? '');
}

const textOf = (t: unknown): string => {
  const o = t as { type?: string; text?: string } | undefined;
  if (!o?.text) return '';
  return o.type === 'mrkdwn' ? mrkdwnToHtml(o.text) : escapeHtml(o.text);
};

const options = (el: Json): Json[] => (el.options as Json[] | undefined) ?? [];
const optionValue = (o: Json | undefined): string => String(o?.value ?? '');

function element(el: Json): string {
  switch (el.type) {
    case 'button': {
      const style = el.style === 'primary' ? ' primary' : el.style === 'danger' ? ' danger' : '';
      const data = `data-action-id="${escapeHtml(String(el.action_id ?? ''))}" data-value="${escapeHtml(String(el.value ?? ''))}"`;
      return el.url
        ? `<a class="sk-button${style}" href="${escapeHtml(String(el.url))}" target="_blank" rel="noopener">${textOf(el.text)}</a>`
        : `<button type="button" class="sk-button${style}" ${data}>${textOf(el.text)}</button>`;
    }
    case 'plain_text_input': {
      const attrs = `data-type="plain_text_input" name="${escapeHtml(String(el.action_id))}" placeholder="${escapeHtml(String((el.placeholder as Json | undefined)?.text ?? ''))}"`;
      const value = escapeHtml(String(el.initial_value ?? ''));
      return el.multiline
        ? `<textarea class="sk-input" ${attrs}>${value}</textarea>`
        : `<input class="sk-input" ${attrs} value="${value}">`;
    }
    case 'static_select':
    case 'multi_static_select': {
      const chosen = new Set([
        optionValue(el.initial_option as Json),
        ...((el.initial_options as Json[] | undefined) ?? []).map(optionValue),
      ]);
      const multiple = el.type === 'multi_static_select' ? ' multiple' : '';
      const opts = options(el)
        .map(
          (o) =>
            `<option value="${escapeHtml(optionValue(o))}"${chosen.has(optionValue(o)) ? ' selected' : ''}>${textOf(o.text)}</option>`,
        )
        .join('');
      return `<select class="sk-input" data-type="${el.type}" name="${escapeHtml(String(el.action_id))}"${multiple}><option value=""></option>${opts}</select>`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = el.type === 'radio_buttons' ? 'radio' : 'checkbox';
      const chosen = new Set([
        optionValue(el.initial_option as Json),
        ...((el.initial_options as Json[] | undefined) ?? []).map(optionValue),
      ]);
      return `<div class="sk-choices" data-type="${el.type}" data-name="${escapeHtml(String(el.action_id))}">${options(
        el,
      )
        .map(
          (o) =>
            `<label><input type="${kind}" name="${escapeHtml(String(el.action_id))}" value="${escapeHtml(optionValue(o))}"${chosen.has(optionValue(o)) ? ' checked' : ''}> ${textOf(o.text)}</label>`,
        )
        .join('')}</div>`;
    }
    case 'datepicker':
      return `<input class="sk-input" type="date" data-type="datepicker" name="${escapeHtml(String(el.action_id))}" value="${escapeHtml(String(el.initial_date ?? ''))}">`;
    case 'timepicker':
      return `<input class="sk-input" type="time" data-type="timepicker" name="${escapeHtml(String(el.action_id))}" value="${escapeHtml(String(el.initial_time ?? ''))}">`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${textOf(el)}</span>`;
    default:
      return `<span class="sk-unknown">${escapeHtml(String(el.type))}</span>`;
  }
}

/** The few words Slack itself adds around blocks, in the viewer's language. */
export interface SlackChrome {
  readonly optional: string;
}

/** A modal's errors as Slack shows them: the message under the input block it names. */
export type SlackErrors = Readonly<Record<string, string>>;

/** The error under an input: what it says is part of the input's description, as a screen reader reads it. */
function errorOf(blockId: string, errors: SlackErrors): { html: string; describedBy: string } {
  const message = errors[blockId];
  if (message === undefined) return { html: '', describedBy: '' };
  const id = `sk-error-${blockId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  return {
    html: `<span class="sk-error" id="${id}">${escapeHtml(message)}</span>`,
    describedBy: ` aria-describedby="${id}"`,
  };
}

/** An input's HTML with `attributes` on its control (the first input, select or textarea). */
const described = (html: string, attributes: string): string =>
  attributes ? html.replace(/^<(input|select|textarea)\b/, `$&${attributes}`) : html;

function block(b: Json, chrome: SlackChrome, errors: SlackErrors): string {
  switch (b.type) {
    case 'header':
      return `<h3 class="sk-header">${textOf(b.text)}</h3>`;
    case 'section': {
      const fields = (b.fields as Json[] | undefined) ?? [];
      const grid = fields.length
        ? `<div class="sk-fields">${fields.map((f) => `<div>${textOf(f)}</div>`).join('')}</div>`
        : '';
      const accessory = b.accessory ? `<div class="sk-accessory">${element(b.accessory as Json)}</div>` : '';
      return `<div class="sk-section"><div>${textOf(b.text)}${grid}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="sk-context">${((b.elements as Json[] | undefined) ?? []).map(element).join(' ')}</div>`;
    case 'divider':
      return '<hr class="sk-divider">';
    case 'actions':
      return `<div class="sk-actions">${((b.elements as Json[] | undefined) ?? []).map(element).join('')}</div>`;
    case 'input': {
      const optional = b.optional ? ` <span class="sk-optional">${escapeHtml(chrome.optional)}</span>` : '';
      const id = `data-block-id="${escapeHtml(String(b.block_id ?? ''))}"`;
      const el = b.element as Json;
      const error = errorOf(String(b.block_id ?? ''), errors);
      // Radio buttons and check boxes have labels of their own: their question is the legend of
      // their group, not one more label around them all.
      return el.type === 'radio_buttons' || el.type === 'checkboxes'
        ? `<fieldset class="sk-field" ${id}${error.describedBy}><legend class="sk-label">${textOf(b.label)}${optional}</legend>${element(el)}${error.html}</fieldset>`
        : `<label class="sk-field" ${id}><span class="sk-label">${textOf(b.label)}${optional}</span>${described(element(el), error.describedBy && `${error.describedBy} aria-invalid="true"`)}</label>${error.html}`;
    }
    default:
      return `<div class="sk-unknown">${escapeHtml(String(b.type))}</div>`;
  }
}

export const blocksToHtml = (
  blocks: readonly unknown[],
  chrome: SlackChrome,
  errors: SlackErrors = {},
): string => blocks.map((b) => block(b as Json, chrome, errors)).join('\n');

export const SLACK_CSS = `
.sk-message{font:15px/1.46668 Lato,'Helvetica Neue',Arial,sans-serif;color:#1d1c1d;background:#fff;padding:8px 20px;max-width:640px}
.sk-header{font-size:18px;font-weight:900;margin:8px 0 4px}
.sk-section{display:flex;gap:12px;justify-content:space-between;margin:4px 0}
.sk-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}
.sk-context{font-size:13px;color:#616061;margin:4px 0}
.sk-divider{border:0;border-top:1px solid #dddddd;margin:12px 0}
.sk-actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.sk-button{font:700 14px Lato,Arial,sans-serif;border:1px solid #bbbabb;background:#fff;color:#1d1c1d;border-radius:4px;padding:0 12px;height:36px;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center}
.sk-button.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.sk-button.danger{background:#fff;border-color:#e01e5a;color:#e01e5a}
.sk-field{display:block;margin:10px 0;border:0;padding:0;min-width:0}
.sk-label{display:block;font-weight:700;margin-bottom:4px}
.sk-optional{font-weight:400;color:#616061}
.sk-input{font:15px Lato,Arial,sans-serif;border:1px solid #bbbabb;border-radius:4px;padding:8px;width:100%;box-sizing:border-box}
textarea.sk-input{min-height:72px}
.sk-choices label{display:block;margin:2px 0}
.sk-error{display:block;color:#c01343;font-size:13px;margin:-6px 0 10px}
`;
