import type { AgnesLocale, CatalogueStatus, EntryText } from './catalogue.ts';
import type { LocaleMessages } from './messages.ts';

/** Everything one language needs: the catalogue's words and every message. */
export interface LocaleBundle {
  readonly locale: AgnesLocale;
  readonly entries: Readonly<Record<CatalogueStatus, EntryText>>;
  readonly messages: LocaleMessages;
}

/** A locale as options take it: a bundle (`import { zh } from '@agnes-errors/core/zh'`), or the name of a loaded one. */
export type LocaleOption = AgnesLocale | LocaleBundle;
