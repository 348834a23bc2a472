import { entriesEn } from './catalogue/en.ts';
import type { AgnesLocale, CatalogueStatus, EntryText } from './catalogue/types.ts';
import { messagesEn } from './messages/en.ts';
import type { LocaleMessages } from './messages/types.ts';

/** Everything one language needs: the catalogue's words and every message. */
export interface LocaleBundle {
  readonly locale: AgnesLocale;
  readonly entries: Readonly<Record<CatalogueStatus, EntryText>>;
  readonly messages: LocaleMessages;
}

/** English: always there. */
export const en: LocaleBundle = { locale: 'en', entries: entriesEn, messages: messagesEn };

const bundles = new Map<string, LocaleBundle>([['en', en]]);

/**
 * Makes a locale available to `locale` options by name. `import '@agnes-errors/core/zh'` registers
 * Chinese; English-only applications never load it.
 */
export function registerLocale(bundle: LocaleBundle): void {
  bundles.set(bundle.locale, bundle);
}

/** The bundle of a locale; English when the locale was not registered. */
export function localeBundle(locale: AgnesLocale | undefined): LocaleBundle {
  return (locale && bundles.get(locale)) || en;
}

/** The locale actually used for a requested one: itself when registered, else English. */
export function resolveLocale(locale: AgnesLocale | undefined): AgnesLocale {
  return localeBundle(locale).locale;
}
