/**
 * Keeps a platform's calls in one conversation a gap apart, as the platforms ask (Slack about one
 * new message a second per channel, Teams about two a second per conversation over half a
 * minute): a burst (a new meeting's cards, a round of reminders) goes out in order instead of
 * being refused.
 */
export class Pacer {
  private readonly last = new Map<string, Promise<number>>();

  constructor(private readonly gapMs = 1000) {}

  /** Runs `work` once the channel's previous message is `gapMs` behind; keeps the channel's order. */
  turn<T>(channel: string, work: () => Promise<T>): Promise<T> {
    const previous = this.last.get(channel) ?? Promise.resolve(0);
    const result = previous.then(async (at) => {
      const wait = at + this.gapMs - Date.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      return work();
    });
    const done = result.then(
      () => Date.now(),
      () => Date.now(),
    );
    this.last.set(channel, done);
    // A quiet channel is forgotten, so the map stays as small as the channels in use.
    void done.then(() => {
      if (this.last.get(channel) === done)
        setTimeout(() => this.last.get(channel) === done && this.last.delete(channel), this.gapMs).unref();
    });
    return result;
  }
}
