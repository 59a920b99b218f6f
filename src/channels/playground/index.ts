/** The playground channel: the local web chat that `npm start` serves without platform credentials. */
import type { App } from '../../app/index.js';
import { PlaygroundApi } from './api.js';
import { PlaygroundBrowsers } from './browsers.js';
import { PlaygroundChat } from './chat.js';
import type { SimulatedClock } from './clock.js';
import { type Handler, playgroundRoutes } from './routes.js';

/** The playground over an app whose clock is `clock`, the one the page moves forward. */
export function playground(app: App, clock: SimulatedClock): Handler {
  const chat = new PlaygroundChat();
  // Reminders of the playground's meetings land in each person's direct messages.
  app.aftercare.usePort(chat);
  // Each browser sees the meetings opened from it; an erased meeting leaves the chat and their lists.
  const browsers = new PlaygroundBrowsers(app);
  app.onErase(async (meetingId) => chat.forget(meetingId));
  return playgroundRoutes(new PlaygroundApi({ app, chat, clock, browsers }));
}
