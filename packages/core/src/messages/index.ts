import { localeBundle } from '../locale.ts';
import type { AgnesLocale } from '../types/catalogue.ts';
import type { LocaleMessages } from '../types/messages.ts';

export type { LocaleMessages, ReasonText, StopDetails } from '../types/messages.ts';

/** The messages of a locale; English for a locale that was not registered. */
export function getMessages(locale: AgnesLocale | undefined): LocaleMessages {
  return localeBundle(locale).messages;
}
