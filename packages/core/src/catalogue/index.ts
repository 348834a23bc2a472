import { entriesEn } from './en.ts';
import { statusPolicy } from './policy.ts';
import type { AgnesLocale, CatalogueEntry, CatalogueStatus, EntryText } from './types.ts';
import { entriesZh } from './zh.ts';

export type {
  AgnesCategory,
  AgnesLocale,
  CatalogueEntry,
  CatalogueStatus,
  EntryText,
  ReplaySafety,
  RetryStance,
} from './types.ts';

const textByLocale: Record<AgnesLocale, Readonly<Record<CatalogueStatus, EntryText>>> = {
  en: entriesEn,
  zh: entriesZh,
};

/** Every status the Agnes error page documents, in ascending order. */
export const catalogueStatuses: readonly CatalogueStatus[] = Object.keys(statusPolicy)
  .map(Number)
  .sort((a, b) => a - b) as CatalogueStatus[];

function buildCatalogue(locale: AgnesLocale): Readonly<Record<CatalogueStatus, CatalogueEntry>> {
  const built = {} as Record<CatalogueStatus, CatalogueEntry>;
  for (const status of catalogueStatuses) {
    const [category, retry, replay] = statusPolicy[status];
    built[status] = Object.freeze({ status, category, retry, replay, ...textByLocale[locale][status] });
  }
  return Object.freeze(built);
}

/** The Agnes error catalogue in English, keyed by status. */
export const catalogue: Readonly<Record<CatalogueStatus, CatalogueEntry>> = buildCatalogue('en');

/** The Agnes error catalogue in Chinese, keyed by status. */
export const catalogueZh: Readonly<Record<CatalogueStatus, CatalogueEntry>> = buildCatalogue('zh');

/** True when `status` is one of the 21 statuses the Agnes error page documents. */
export function isCatalogueStatus(status: unknown): status is CatalogueStatus {
  return typeof status === 'number' && Object.hasOwn(statusPolicy, status);
}

/** The catalogue entry for a status in a locale, or `undefined` for an undocumented status. */
export function getEntry(status: number | undefined, locale: AgnesLocale = 'en'): CatalogueEntry | undefined {
  if (!isCatalogueStatus(status)) return undefined;
  return (locale === 'zh' ? catalogueZh : catalogue)[status];
}
