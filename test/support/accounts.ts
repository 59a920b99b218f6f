/** The account commands as tests send them: a claim from someone in the chat, and the chair's answer. */
import type { Command } from '../../src/core/index.js';

export const claim = (participantId: string, chatUserId: string, displayName?: string): Command => ({
  type: 'account.claim',
  participantId,
  chatUserId,
  ...(displayName ? { displayName } : {}),
});

export const confirm = (participantId: string, chatUserId: string): Command => ({
  type: 'account.confirm',
  participantId,
  chatUserId,
});

export const refuse = (participantId: string, chatUserId: string): Command => ({
  type: 'account.refuse',
  participantId,
  chatUserId,
});
