import { entriesEn } from './catalogue/en.ts';
import { messagesEn } from './messages/en.ts';
import type { AgnesLocale } from './types/catalogue.ts';
import type { LocaleBundle, LocaleOption } from './types/locale.ts';

export type { LocaleBundle, LocaleOption } from './types/locale.ts';

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

/**
 * The name of the locale an option asks for, loading a bundle passed in; `undefined` for a name
 * whose bundle was never loaded (options reject it; `classify` and `formatAgnesMessage` use English).
 */
export function loadLocale(option: LocaleOption | undefined): AgnesLocale | undefined {
  if (option === undefined) return 'en';
  if (typeof option === 'object' && option !== null && typeof option.locale === 'string' && option.messages) {
    registerLocale(option);
    return option.locale;
  }
  return typeof option === 'string' && bundles.has(option) ? option : undefined;
}

/** The locale actually used for a requested one: itself when loaded (or passed as a bundle), else English. */
export function resolveLocale(locale: LocaleOption | undefined): AgnesLocale {
  return loadLocale(locale) ?? 'en';
}
