/** The playground channel: the local web chat that `npm start` serves without platform credentials. */
import { type ConversationRecord, Conversations } from '../../app/conversations.js';
import { Interactions } from '../../app/interactions.js';
import { MeetingService } from '../../app/meeting-service.js';
import { Deliverer } from '../../app/port.js';
import type { Event } from '../../core/index.js';
import type { EventStore } from '../../store/event-store.js';
import { PlaygroundApi } from './api.js';
import { PlaygroundChat } from './chat.js';
import { SimulatedClock } from './clock.js';
import { type Handler, playgroundRoutes } from './routes.js';

export function playground(store: EventStore<Event>, clock = new SimulatedClock()): Handler {
  const meetings = new MeetingService(store, clock);
  const conversations = new Conversations(store.records<ConversationRecord>('conversation'));
  const api = new PlaygroundApi({
    meetings,
    interactions: new Interactions(meetings, conversations),
    deliverer: new Deliverer(conversations),
    chat: new PlaygroundChat(),
    clock,
  });
  return playgroundRoutes(api);
}
