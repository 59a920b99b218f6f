/** What the chair is prompted with now, from the seed: as message keys and params, said by i18n. */
import { client, notHeardInRound, openRound } from './selectors.js';
import type { Meeting, Participant } from './types.js';

export interface Prompt {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * What a person is called in the meeting's prompts: their first name, or their whole name where
 * someone else in the meeting has the same first name.
 */
export function callName(m: Meeting, p: Participant): string {
  const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const own = first(p.name);
  const shared = m.participants.some((o) => o.id !== p.id && first(o.name) === own);
  return shared ? p.name : own;
}

/**
 * The prompts of the meeting as it is now. People are called by their first name; the client,
 * when it is they who look (`viewerId`), is spoken to as "you", not about as "the client".
 */
export function prompts(m: Meeting, viewerId?: string): readonly Prompt[] {
  const theClient = client(m);
  const clientName = theClient ? callName(m, theClient) : '';
  const toClient = theClient !== undefined && viewerId === theClient.id;
  const params = { client: clientName };
  const out: Prompt[] = [];
  switch (m.phase) {
    case 'opening':
      out.push({ key: toClient ? 'prompt.opening_client' : 'prompt.opening', params });
      break;
    case 'roles':
    case 'discussion':
    case 'summary':
    case 'followup':
    case 'feedback':
    case 'closed':
      out.push({ key: `prompt.${m.phase}`, params });
      break;
    case 'why':
      out.push({ key: toClient ? 'prompt.why_client' : 'prompt.why', params });
      if (m.invitation.topics.length > 0)
        out.push({ key: 'prompt.why_topics', params: { topics: m.invitation.topics } });
      break;
    case 'invited':
    case 'cancelled':
      break;
  }
  // Check with the client while any commitment has not been checked.
  if ((m.phase === 'discussion' || m.phase === 'summary') && m.commitments.some((c) => !c.confirmation)) {
    out.push({ key: toClient ? 'prompt.client_check_client' : 'prompt.client_check', params });
  }
  if (openRound(m)) {
    const missing = notHeardInRound(m).map((p) => callName(m, p));
    out.push(
      missing.length > 0
        ? { key: 'prompt.not_heard', params: { names: missing } }
        : { key: 'prompt.everyone_heard' },
    );
  }
  return out;
}
