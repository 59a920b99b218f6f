/**
 * A refused form drawn again as the person left it: every input holding what was sent, and the
 * refusal said in words right above the input it is about (or under the form's title when it is
 * about none). Teams answers the click with it; the playground and Slack's buttons in a form show it.
 */
import type { Rejection } from '../core/index.js';
import { describeRejection } from '../i18n/index.js';
import { refusedInput } from './refused-input.js';
import type { AdaptiveCard, Surface } from './render.js';
import { type Fields, isRecord } from './submission-fields.js';
import { VERBS } from './verbs.js';
import type { ViewContext } from './view-models/common.js';
import { leftOut, mayConfirm } from './view-models/confirm-form.js';

type Node = Readonly<Record<string, unknown>>;

const isInput = (n: Node): boolean => typeof n.type === 'string' && n.type.startsWith('Input.');

/** The ids of a card's inputs, in reading order. */
export function inputIdsOf(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else if (isRecord(x)) {
      if (isInput(x) && typeof x.id === 'string') ids.push(x.id);
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(card);
  return ids;
}

/** `node` with every input whose id was sent holding what was sent, and `before(input)` put in front of it. */
function redraw(node: unknown, fields: Fields, before: (n: Node) => readonly Node[]): unknown {
  if (Array.isArray(node))
    return node.flatMap((n) => [...(isRecord(n) ? before(n) : []), redraw(n, fields, before)]);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = redraw(v, fields, before);
  const sent = typeof node.id === 'string' && isInput(node) ? fields[node.id] : undefined;
  if (sent !== undefined) out.value = sent;
  return out;
}

/** The card with each of its inputs holding what was sent in `fields` (inputs not sent keep theirs). */
export function refilled(card: AdaptiveCard, fields: Fields): AdaptiveCard {
  return redraw(card, fields, () => []) as AdaptiveCard;
}

/** How a refusal reads on a card: plain words, in the colour cards keep for what needs attention. */
const said = (text: string): Node => ({
  type: 'TextBlock',
  text,
  wrap: true,
  weight: 'Bolder',
  color: 'Attention',
});

/**
 * The card refilled with `fields`, and `rejection` said above the input it is about; about none,
 * under the card's title. Also which input that is, for a channel that marks it its own way.
 */
export function withRefusal(
  card: AdaptiveCard,
  fields: Fields,
  rejection: Rejection,
  locale: ViewContext['locale'],
): { readonly card: AdaptiveCard; readonly input: string | undefined; readonly message: string } {
  const message = describeRejection(locale, rejection);
  const input = refusedInput(rejection, inputIdsOf(card), fields);
  if (input) {
    const drawn = redraw(card, fields, (n) => (isInput(n) && n.id === input ? [said(message)] : []));
    return { card: drawn as AdaptiveCard, input, message };
  }
  const kept = refilled(card, fields);
  const body = Array.isArray(kept.body) ? (kept.body as unknown[]) : [];
  return { card: { ...kept, body: [...body.slice(0, 1), said(message), ...body.slice(1)] }, input, message };
}

/** The form each verb is sent from. */
const FORM_OF_VERB: Readonly<Record<string, Surface>> = {
  [VERBS.meetingCreate]: 'invitation-form',
  [VERBS.invitationUpdate]: 'invitation-form',
  [VERBS.commitmentAdd]: 'commitment-form',
  [VERBS.commitmentEdit]: 'commitment-form',
  [VERBS.responsibleAssign]: 'followup-form',
  [VERBS.followupAgree]: 'followup-form',
  [VERBS.feedbackAnswer]: 'feedback-poll',
  [VERBS.meetingErase]: 'erase-form',
  [VERBS.viewRecord]: 'view-form',
  // Also sent from the board: only a click on the card that asked first is kept (see refusedForm).
  [VERBS.meetingClose]: 'confirm-form',
  [VERBS.phaseSkip]: 'confirm-form',
};

/**
 * Forms drawn afresh from the meeting as it is now when refused, not only refilled: whom the card
 * that asks first names, and whom its button goes on without, may have changed since it was drawn.
 * Slack answers their submit with the new modal instead of errors on the old one.
 */
export const drawnAfresh = (surface: Surface): boolean => surface === 'confirm-form';

/**
 * The form a refused submission came from, to be drawn again as it was left: its surface and the
 * view it is drawn from (the meeting as it is now, for the person, in the form's language), from
 * the view of the notice that tells the refusal. Undefined when the form is not to be kept: a card
 * drawn from an older state (the meeting moved on) is answered with the current one instead; and
 * a form of a meeting the person is not shown.
 */
export function refusedForm(
  verb: string,
  fields: Fields,
  notice: ViewContext | undefined,
): { readonly surface: Surface; readonly view: ViewContext; readonly rejection: Rejection } | undefined {
  const surface = FORM_OF_VERB[verb];
  const rejection = notice?.rejection;
  if (!surface || !notice || !rejection || rejection.code === 'stale') return undefined;
  const { rejection: _, info: __, ...view } = notice;
  const m = view.meeting;
  if (fields.meetingId && !m) return undefined;
  const editing = surface === 'commitment-form' ? fields.commitmentId : undefined;
  if (editing && !m?.commitments.some((c) => c.id === editing)) return undefined;
  // A view form is about one person: drawn again only while they are in the meeting.
  const personId = surface === 'view-form' ? fields.participantId : undefined;
  if (surface === 'view-form' && !m?.participants.some((p) => p.id === personId)) return undefined;
  // The card that asks first, when the click came from it (the board closes and skips too): drawn
  // again naming who is missing now, while the person may still take the step and someone is
  // missing. With nobody missing the step was refused for something else, and is told as such.
  if (
    surface === 'confirm-form' &&
    (fields.surface !== surface || !m || !mayConfirm(m, view.viewerId) || leftOut(m).length === 0)
  )
    return undefined;
  return {
    surface,
    view: {
      ...view,
      ...(m ? { locale: m.invitation.locale } : {}),
      ...(editing ? { commitmentId: editing } : {}),
      ...(personId ? { personId } : {}),
    },
    rejection,
  };
}
