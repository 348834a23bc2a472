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

/** A locale as options take it: a bundle (`import { zh } from '@agnes-errors/core/zh'`), or the name of a loaded one. */
export type LocaleOption = AgnesLocale | LocaleBundle;

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
