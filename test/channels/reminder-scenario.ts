/**
 * The aftercare scenario the Slack and Teams reminder tests both play: what was agreed on Monday
 * 1 February 2027 and by when, and what a postponement must do to its reminders, whatever the
 * channel's messages look like. Reminders come two working days before the day, on it and on the
 * working day after it, at 9 in Helsinki.
 */
import assert from 'node:assert/strict';

export const AINO = 'Aino Laine';
export const MATTI = 'Matti Laine';

export const TELL = { what: 'Kertoa opettajalle poissaoloista', owner: AINO, due: '2027-02-12' };
export const MATHS = { what: 'Harjoitella matematiikkaa', owner: AINO, due: '2027-02-12' };
export const RIDE = { what: 'Viedä Aino harrastukseen torstaisin', owner: MATTI, due: '2027-02-12' };
export const WAKE = { what: 'Herätä itse kello seitsemän', owner: AINO, due: '2027-03-01' };
export const FOLLOWUP = '2027-03-04';
/** The new day MATHS is postponed to: Friday 19 February. */
export const MATHS_NEW_DUE = '2027-02-19';

/** A date as the cards write it in Finnish. */
export const day = (iso: string): string =>
  new Intl.DateTimeFormat('fi-FI', { dateStyle: 'long', timeZone: 'Europe/Helsinki' }).format(
    new Date(`${iso}T12:00:00Z`),
  );

export function shows(text: string, ...parts: string[]): void {
  for (const part of parts) assert.ok(text.includes(part), `expected "${part}" in:\n${text}`);
}

/**
 * MATHS postponed to MATHS_NEW_DUE: no reminder of it on its old day or the working day after
 * (while TELL, due then, is still reminded of), and one two working days before the new day, to
 * `owner`. Gives that one. `tickAt` moves the clock and ticks, saying what reached whom.
 */
export async function remindedOnItsNewDays<P, M>(
  tickAt: (at: string) => Promise<ReadonlyMap<P, readonly M[]>>,
  remindersAbout: (messages: readonly M[], what: string) => M[],
  owner: P,
): Promise<M> {
  const onOldDays = [
    ...(await tickAt('2027-02-12T09:30:00+02:00')).values(),
    ...(await tickAt('2027-02-15T09:30:00+02:00')).values(),
  ].flat();
  assert.deepEqual(remindersAbout(onOldDays, MATHS.what), [], 'no reminder on the old day or after it');
  assert.ok(remindersAbout(onOldDays, TELL.what).length > 0, 'while the others are still reminded of');
  const before = (await tickAt('2027-02-17T09:30:00+02:00')).get(owner) ?? [];
  const [moved, ...more] = remindersAbout(before, MATHS.what);
  assert.ok(moved, 'reminded two working days before the new day');
  assert.equal(more.length, 0);
  return moved;
}
