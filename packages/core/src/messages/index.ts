import type { AgnesLocale } from '../catalogue/types.ts';
import { localeBundle } from '../locale.ts';
import type { LocaleMessages } from './types.ts';

export type { LocaleMessages, ReasonText, StopDetails } from './types.ts';

/** The messages of a locale; English for a locale that was not registered. */
export function getMessages(locale: AgnesLocale | undefined): LocaleMessages {
  return localeBundle(locale).messages;
}
