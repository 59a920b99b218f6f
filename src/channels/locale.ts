/** A platform's locale ("fi-FI", "sv-SE", "en-US") as one of the app's languages, when it is one. */
import { LOCALES, type Locale } from '../app/index.js';

export function localeOf(platformLocale: unknown): Locale | undefined {
  if (typeof platformLocale !== 'string') return undefined;
  const language = platformLocale.slice(0, 2).toLowerCase();
  return LOCALES.find((l) => l === language);
}
