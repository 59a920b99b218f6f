/** What the chair is prompted with now, from the seed: as message keys and params, said by i18n. */
import { client, notHeardInRound, openRound } from './selectors.js';
import type { Meeting } from './types.js';

export interface Prompt {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | readonly string[]>>;
}

export function prompts(m: Meeting): readonly Prompt[] {
  const clientName = client(m)?.name ?? '';
  const out: Prompt[] = [];
  switch (m.phase) {
    case 'opening':
    case 'roles':
    case 'discussion':
    case 'summary':
    case 'followup':
    case 'feedback':
    case 'closed':
      out.push({ key: `prompt.${m.phase}`, params: { client: clientName } });
      break;
    case 'why':
      out.push({ key: 'prompt.why', params: { client: clientName } });
      if (m.invitation.topics.length > 0)
        out.push({ key: 'prompt.why_topics', params: { topics: m.invitation.topics } });
      break;
    case 'invited':
    case 'cancelled':
      break;
  }
  // Check with the client while any commitment has not been checked.
  if ((m.phase === 'discussion' || m.phase === 'summary') && m.commitments.some((c) => !c.confirmation)) {
    out.push({ key: 'prompt.client_check', params: { client: clientName } });
  }
  if (openRound(m)) {
    const missing = notHeardInRound(m).map((p) => p.name);
    out.push(
      missing.length > 0
        ? { key: 'prompt.not_heard', params: { names: missing } }
        : { key: 'prompt.everyone_heard' },
    );
  }
  return out;
}
