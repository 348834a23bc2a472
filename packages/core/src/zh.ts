/**
 * Chinese for every catalogue entry and message; English-only applications never load it. Pass the
 * bundle as the locale (importing this module also makes the name `'zh'` usable).
 *
 * @example
 * import { zh } from '@agnes-errors/core/zh';
 * attachAgnes(api, { locale: zh });
 */
import { buildCatalogue } from './catalogue/index.ts';
import { entriesZh } from './catalogue/zh.ts';
import { type LocaleBundle, registerLocale } from './locale.ts';
import { messagesZh } from './messages/zh.ts';
import type { CatalogueEntry, CatalogueStatus } from './types/catalogue.ts';

/** The Chinese locale bundle. */
export const zh: LocaleBundle = { locale: 'zh', entries: entriesZh, messages: messagesZh };

registerLocale(zh);

/** The Agnes error catalogue in Chinese, keyed by status. */
export const catalogueZh: Readonly<Record<CatalogueStatus, CatalogueEntry>> =
  /* @__PURE__ */ buildCatalogue(entriesZh);
