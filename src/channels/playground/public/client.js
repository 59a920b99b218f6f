// The playground page: draws each card as Teams (adaptivecards) and as Slack (Block Kit HTML),
// and sends clicks back in the shape each platform would: an invoke value or a Slack payload.
/* global AdaptiveCards */
// A link may open a given meeting as a given person: /?meeting=…&as=…&locale=…
const query = new URLSearchParams(location.search);
const view = {
  meeting: query.get('meeting') || null,
  as: query.get('as') || null,
  // The language chosen for the page; a meeting is drawn in its own (`drawnIn`), and Toivo answers
  // the page's clicks in the language it is drawn in, also when it cannot read the meeting.
  locale: ['fi', 'sv', 'en'].includes(query.get('locale')) ? query.get('locale') : 'fi',
  drawnIn: null,
  labels: {},
};
const $ = (id) => document.getElementById(id);

const escapeHtml = (text) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** The Markdown Teams draws in cards: **bold**, _italic_, [links](https://…), "- " lists, line breaks. */
function markdown(text) {
  const inline = (line) =>
    escapeHtml(line)
      .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
      .replace(/(^|[\s(])_([^_]+)_/g, '$1<i>$2</i>')
      .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
  const lines = text.split('\n');
  const items = lines.filter((l) => /^- /.test(l));
  if (items.length > 0 && items.length === lines.filter((l) => l.trim()).length) {
    return `<ul>${items.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`;
  }
  return lines.map(inline).join('<br>');
}
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown(text);
  result.didProcess = true;
};
// A card is not a Tab stop of its own: Tab goes from one control to the next, as in Teams.
AdaptiveCards.GlobalSettings.setTabIndexAtCardRoot = false;

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...body,
      meeting: view.meeting,
      as: view.as,
      locale: view.drawnIn ?? view.locale,
    }),
  });
  return answerOf(res);
}

/** An answer's JSON. Toivo's are all JSON; anything else (a proxy's error page, say) is its text as the error. */
async function answerOf(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { ok: false, error: text };
  }
}

/**
 * A click or a form, sent as one command: its id is made here, once, so that if the same click is
 * ever sent again it carries the same id, and Toivo applies it once (or refuses it the same way).
 * A browser without crypto.randomUUID sends none, as pages did before.
 */
function command(path, body, inputs) {
  const commandId = globalThis.crypto?.randomUUID?.();
  return post(path, { ...body, ...(commandId ? { commandId } : {}), ...(inputs ? { inputs } : {}) });
}

/**
 * The ids of a card's inputs, as drawn in `container` on either side: sent with a click, so that
 * Toivo can say which of them a refusal is about (the click's own values leave out the empty ones).
 */
const inputIds = (container) => [
  ...new Set(
    [...container.querySelectorAll('[data-type]')]
      .map((el) => el.getAttribute('name') || el.dataset.name)
      .concat(container.adaptive?.getAllInputs().map((input) => input.id) ?? [])
      .filter(Boolean),
  ),
];

/** Says `text` where Toivo's notices appear: what went wrong, in the page's language. */
function say(text) {
  const said = document.createElement('p');
  said.textContent = text;
  $('notice').replaceChildren(said);
}

function drawTeams(container, card) {
  const adaptive = new AdaptiveCards.AdaptiveCard();
  adaptive.hostConfig = new AdaptiveCards.HostConfig(window.TOIVO_HOST_CONFIG);
  adaptive.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.OpenUrlAction) return window.open(action.url, '_blank', 'noopener');
    const from = container.closest('section.row');
    if (action instanceof AdaptiveCards.ExecuteAction) {
      return act(
        command(
          '/api/teams',
          {
            kind: 'invoke',
            value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data } },
          },
          inputIds(container),
        ),
        from,
      );
    }
    if (action instanceof AdaptiveCards.SubmitAction)
      return act(command('/api/teams', { kind: 'submit', value: action.data }, inputIds(container)), from);
  };
  adaptive.parse(card);
  container.adaptive = adaptive;
  container.replaceChildren(accessible(adaptive.render()));
}

/**
 * What the renderer leaves out for a screen reader: its radio buttons and check boxes are not
 * grouped, and only the first of them is named with the question ("2", "3", "4" say nothing).
 * Each set of choices becomes a group named by its question, and each choice is named by its title.
 */
function accessible(card) {
  for (const group of card.querySelectorAll('.ac-choiceSetInput-expanded, .ac-choiceSetInput-multiSelect')) {
    const radios = group.classList.contains('ac-choiceSetInput-expanded');
    group.setAttribute('role', radios ? 'radiogroup' : 'group');
    const question = card.querySelector(`label[for="${group.id}"]`);
    if (question) group.setAttribute('aria-labelledby', question.id);
    for (const input of group.querySelectorAll('input')) {
      const title = group.querySelector(`label[for="${input.id}"]`);
      if (title) input.setAttribute('aria-labelledby', title.id);
    }
  }
  return card;
}

/** What Slack would send as `state.values` for the inputs inside `root`. */
function slackState(root) {
  const values = {};
  for (const el of root.querySelectorAll('[data-type]')) {
    const type = el.dataset.type;
    const name = el.getAttribute('name') || el.dataset.name;
    const block = el.closest('[data-block-id]')?.dataset.blockId || name;
    let entry;
    if (type === 'plain_text_input') entry = { type, value: el.value || null };
    else if (type === 'static_select')
      entry = { type, selected_option: el.value ? { value: el.value } : null };
    else if (type === 'multi_static_select')
      entry = {
        type,
        selected_options: [...el.selectedOptions].filter((o) => o.value).map((o) => ({ value: o.value })),
      };
    else if (type === 'radio_buttons') {
      const checked = el.querySelector('input:checked');
      entry = { type, selected_option: checked ? { value: checked.value } : null };
    } else if (type === 'checkboxes')
      entry = {
        type,
        selected_options: [...el.querySelectorAll('input:checked')].map((i) => ({ value: i.value })),
      };
    else if (type === 'datepicker') entry = { type, selected_date: el.value || null };
    else if (type === 'timepicker') entry = { type, selected_time: el.value || null };
    if (entry) values[block] = { ...values[block], [name]: entry };
  }
  return { values };
}

function drawSlack(container, slack) {
  container.innerHTML = slack.html;
  container.onclick = (event) => {
    const button = event.target.closest('button.sk-button');
    if (!button || !container.contains(button)) return;
    const action = { type: 'button', action_id: button.dataset.actionId, value: button.dataset.value };
    act(
      command(
        '/api/slack',
        { payload: { type: 'block_actions', actions: [action], state: slackState(container) } },
        inputIds(container),
      ),
      container.closest('section.row'),
    );
  };
  if (slack.modal) {
    const submit = document.createElement('button');
    submit.className = 'sk-button primary';
    submit.textContent = slack.modal.submit;
    submit.onclick = () =>
      act(
        command(
          '/api/slack',
          {
            payload: {
              type: 'view_submission',
              view: { private_metadata: slack.modal.privateMetadata, state: slackState(container) },
            },
          },
          inputIds(container),
        ),
        container.closest('section.row'),
      );
    const bar = document.createElement('div');
    bar.className = 'modal-actions';
    bar.append(submit);
    // Drawn again (a refused form), the form keeps one submit button.
    if (container.nextElementSibling?.classList.contains('modal-actions'))
      container.nextElementSibling.remove();
    // Slack draws the submit button around the modal's blocks, not among them: outside them it is not
    // also taken for one of their buttons (which sent a second, empty request with every submission).
    container.after(bar);
  }
}

function row(drawn, title) {
  const section = document.createElement('section');
  section.className = 'row';
  section.dataset.surface = drawn.surface;
  const teams = document.createElement('div');
  teams.className = 'side teams-side';
  teams.innerHTML = `<h2>${view.labels.teams}${title ? ` · ${title}` : ''}</h2><div class="teams-message"></div>`;
  const slack = document.createElement('div');
  slack.className = 'side slack-side';
  // A form of its own, so that Slack's radio buttons do not join the Teams side's groups of the same name.
  slack.innerHTML = `<h2>${view.labels.slack}${title ? ` · ${title}` : ''}</h2><form class="sk-message"></form>`;
  slack.querySelector('form').onsubmit = (event) => event.preventDefault();
  drawTeams(teams.querySelector('.teams-message'), drawn.teams);
  drawSlack(slack.querySelector('.sk-message'), drawn.slack);
  section.append(teams, slack);
  return section;
}

/** Draws the card of the row `section` again, on both sides, where it is. */
function redraw(section, drawn) {
  section.dataset.surface = drawn.surface;
  drawTeams(section.querySelector('.teams-message'), drawn.teams);
  drawSlack(section.querySelector('.sk-message'), drawn.slack);
}

/** Carries out a click's request; `from` is the row of the card it was made on. */
async function act(request, from) {
  const reply = await request;
  // Nothing was done (the store did not answer, say): the page stays as it was, with what one had
  // filled in, and says why, so that one can try again.
  if (reply.error && !reply.notice) {
    say(reply.error);
    settled();
    return;
  }
  if (reply.meeting) view.meeting = reply.meeting;
  $('notice').replaceChildren(...(reply.notice ? [row(reply.notice)] : []));
  // A refused form stays where it was, holding what was sent, and says why at the input. Nothing
  // changed, so nothing else is drawn again.
  if (reply.refused && from?.isConnected) {
    redraw(from, reply.refused);
    settled();
    return;
  }
  // Any other click refused (but for a card drawn for an earlier state) changed nothing either: the
  // page stays as it is, with everything typed on it, and says why at the input it is about too.
  if (reply.rejected && from?.isConnected) {
    // Focus goes to the input to put right (its description says why), or else to the notice.
    const at = markRefused(from, reply.rejected);
    const notice = $('notice').firstElementChild;
    if (at) at.focus();
    else if (notice) show(notice);
    settled();
    return;
  }
  await load();
  $('form').replaceChildren();
  if (reply.form) {
    const close = document.createElement('button');
    close.className = 'sk-button';
    close.textContent = view.labels.close_form;
    close.onclick = () => {
      $('form').replaceChildren();
      landFocus();
    };
    $('form').append(row(reply.form, view.labels.form), close);
  }
  settled();
}

let refusals = 0;
const CONTROL = 'input, select, textarea';

/**
 * Says `rejected.message` at the input `rejected.input` of the card in the row `from`, on both
 * sides, as each draws a refused form: Teams above the input, Slack under it; the input is marked
 * invalid and described by it, for a screen reader. What an earlier refusal said goes. Gives the
 * input's control on the side that was clicked, to take the focus; none when the card has no such input.
 */
function markRefused(from, rejected) {
  for (const said of document.querySelectorAll('.refusal-message')) said.remove();
  for (const marked of document.querySelectorAll('[data-refused]')) {
    marked.removeAttribute('aria-invalid');
    const rest = marked.dataset.refused;
    if (rest) marked.setAttribute('aria-describedby', rest);
    else marked.removeAttribute('aria-describedby');
    delete marked.dataset.refused;
  }
  const side = document.activeElement?.closest?.('.side')?.classList.contains('slack-side')
    ? 'slack'
    : 'teams';
  if (!rejected.input) return undefined;
  const selector = (kind) =>
    kind === 'teams'
      ? `.teams-message [id="${CSS.escape(rejected.input)}"]`
      : `.sk-message [data-block-id="${CSS.escape(rejected.input)}"]`;
  const controls = {};
  for (const kind of ['teams', 'slack']) {
    const field = from.querySelector(selector(kind));
    if (!field) continue;
    const said = document.createElement(kind === 'teams' ? 'div' : 'span');
    refusals += 1;
    said.id = `refusal-${refusals}`;
    said.className = kind === 'teams' ? 'refusal-message' : 'sk-error refusal-message';
    said.textContent = rejected.message;
    if (kind === 'teams') field.before(said);
    else if (field.localName === 'fieldset') field.append(said);
    else field.after(said);
    // A set of choices is described as a group (its first choice takes the focus); any other input itself.
    const group =
      field.localName === 'fieldset' ? field : field.querySelector('[role="radiogroup"], [role="group"]');
    const control = group ?? (field.matches(CONTROL) ? field : field.querySelector(CONTROL));
    if (!control) continue;
    control.dataset.refused = control.getAttribute('aria-describedby') ?? '';
    control.setAttribute('aria-describedby', `${control.dataset.refused} ${said.id}`.trim());
    if (!group) control.setAttribute('aria-invalid', 'true');
    controls[kind] = group ? focusables(group)[0] : control;
  }
  return controls[side] ?? controls.teams ?? controls.slack;
}

/**
 * Where focus goes once the page is drawn anew. Drawing removes what had focus, which would leave a
 * keyboard or screen-reader user at the page's start: focus goes to what the click opened (the
 * notice that says why not, a form), or else back to the same control in the card drawn anew (the
 * nearest one when it is gone), and from a form that closed back to what opened it.
 */
const lastFocus = { place: null, form: null, notice: null, opener: null };
const REGIONS = '#notice, #form, #messages, #direct, header';

document.addEventListener('focusin', (event) => {
  lastFocus.place = placeOf(event.target);
  lastFocus.form = $('form').firstElementChild;
  lastFocus.notice = $('notice').firstElementChild;
});

const focusables = (scope) =>
  [...scope.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')].filter(
    (el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0,
  );

/** A control told apart from the others of its card however often the card is drawn. */
const keyOf = (el) =>
  [
    el.localName,
    el.getAttribute('name') ?? '',
    ['radio', 'checkbox'].includes(el.type) ? el.value : '',
    el.localName === 'button' ? el.textContent.trim() : (el.labels?.[0]?.textContent ?? ''),
  ].join('|');

/** Where `element` is: its part of the page, its card (which of those drawn for a surface), its side. */
function placeOf(element) {
  const region = element.closest?.(REGIONS);
  if (!region) return null;
  const row = element.closest('section.row');
  const side = element.closest('.side');
  return {
    region: region.id ? `#${region.id}` : region.localName,
    surface: row?.dataset.surface,
    nth: row
      ? [...region.querySelectorAll(`section.row[data-surface="${row.dataset.surface}"]`)].indexOf(row)
      : 0,
    side: side?.classList.contains('slack-side') ? 'slack-side' : 'teams-side',
    key: keyOf(element),
    index: focusables(row ? side : region).indexOf(element),
  };
}

/** Focuses the control at `place` in the page as drawn now; false when its card is gone. */
function refocus(place) {
  const region = place && document.querySelector(place.region);
  const row = place?.surface
    ? region?.querySelectorAll(`section.row[data-surface="${place.surface}"]`)[place.nth]
    : region;
  const scope = place?.surface ? row?.querySelector(`.${place.side}`) : row;
  if (!scope) return false;
  const controls = focusables(scope);
  const control =
    controls.find((c) => keyOf(c) === place.key) ?? controls[Math.min(place.index, controls.length - 1)];
  control?.focus();
  return Boolean(control);
}

/** Focuses a notice or a form at its start (its heading on the side one was on). */
function show(part) {
  const heading = part.querySelector(`.${lastFocus.place?.side ?? 'teams-side'} > h2`) ?? part;
  heading.tabIndex = -1;
  heading.focus();
}

function landFocus() {
  const now = document.activeElement;
  if (now && now !== document.body && now.isConnected) return;
  const notice = $('notice').firstElementChild;
  const form = $('form').firstElementChild;
  if (notice && notice !== lastFocus.notice) return show(notice);
  if (form && form !== lastFocus.form && lastFocus.place?.region !== '#form') {
    lastFocus.opener = lastFocus.place;
    return show(form);
  }
  if (!refocus(lastFocus.place)) refocus(lastFocus.opener);
}

/** Counts each time the page is drawn anew: the browser tests wait for that rather than for a timeout. */
function settled() {
  landFocus();
  document.body.dataset.version = String(Number(document.body.dataset.version || 0) + 1);
}

function options(select, items, chosen) {
  select.replaceChildren(
    ...items.map(([value, text]) => {
      const o = new Option(text, value);
      o.selected = value === chosen;
      return o;
    }),
  );
}

async function load() {
  const query = new URLSearchParams({
    locale: view.locale,
    ...(view.meeting ? { meeting: view.meeting } : {}),
    ...(view.as ? { as: view.as } : {}),
  });
  const res = await fetch(`/api/state?${query}`);
  const state = await answerOf(res);
  if (!res.ok) {
    // A meeting not opened from this browser (or no longer there), or someone one cannot act as:
    // the page says so, and is drawn without it (the invitation form; the convener's view).
    // Anything else (the store did not answer, say) leaves the page as it was, saying why.
    if (res.status === 404 && view.meeting) view.meeting = null;
    else if (res.status === 403 && view.as) view.as = null;
    else return say(state.error);
    await load();
    say(state.error);
    return;
  }
  view.labels = state.labels;
  view.as = state.as;
  view.drawnIn = state.locale;
  // The address says which meeting, as whom and in which language: a reload opens the same.
  const address = new URLSearchParams({
    ...(view.meeting ? { meeting: view.meeting } : {}),
    ...(view.meeting && view.as ? { as: view.as } : {}),
    locale: view.locale,
  });
  history.replaceState(null, '', `?${address}`);
  document.documentElement.lang = state.locale;
  $('title').textContent = state.labels.title;
  $('intro').textContent = state.labels.intro;
  $('meeting-label').textContent = state.labels.meeting;
  $('locale-label').textContent = state.labels.language;
  // The list shows the page's own language, not the first one it offers.
  $('locale-select').value = state.locale;
  $('locale-box').hidden = Boolean(state.meeting);
  $('as-label').textContent = state.labels.acting_as;
  $('clock').textContent = state.clock;
  options(
    $('meeting-select'),
    [['', state.labels.new_meeting], ...state.meetings.map((m) => [m.id, m.title])],
    view.meeting ?? '',
  );
  options(
    $('as-select'),
    state.meeting
      ? [
          ...state.people.map((p) => [p.id, `${p.name} (${p.role})`]),
          ...(state.guest ? [['guest', state.labels.guest]] : []),
        ]
      : [['', state.labels.convener_to_be]],
    state.as ?? '',
  );
  $('as-select').title = state.labels.no_account;
  const buttons = [
    ['hour_later', 60],
    ['day_later', 60 * 24],
    ['week_later', 60 * 24 * 7],
  ].map(([key, minutes]) => {
    const b = document.createElement('button');
    b.textContent = state.labels[key];
    b.onclick = async () => {
      const reply = await post('/api/clock', { minutes });
      if (reply.ok) await load();
      else say(reply.error);
      settled();
    };
    return b;
  });
  $('clock-buttons').replaceChildren(...buttons);
  const memo = $('memo-link');
  memo.hidden = state.meeting?.phase !== 'closed';
  memo.textContent = state.labels.download_memo;
  if (state.meeting)
    memo.href = `/api/memo?meeting=${encodeURIComponent(state.meeting.id)}&as=${encodeURIComponent(state.as ?? '')}`;
  $('messages').replaceChildren(...state.messages.map((m) => row(m)));
  // What Toivo sent this person alone: their invitation, the memo.
  const heading = document.createElement('h2');
  heading.textContent = state.labels.direct;
  $('direct').replaceChildren(
    ...(state.direct.length > 0 ? [heading] : []),
    ...state.direct.map((m) => row(m)),
  );
}

$('meeting-select').onchange = (e) => {
  view.meeting = e.target.value || null;
  view.as = null;
  $('notice').replaceChildren();
  $('form').replaceChildren();
  load().then(settled);
};
$('as-select').onchange = (e) => {
  view.as = e.target.value || null;
  $('notice').replaceChildren();
  $('form').replaceChildren();
  load().then(settled);
};
$('locale-select').onchange = (e) => {
  view.locale = e.target.value;
  load().then(settled);
};
load().then(settled);
