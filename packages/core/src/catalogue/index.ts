import { localeBundle } from '../locale.ts';
import { isCatalogueStatus, statusRules } from '../policy.ts';
import type { AgnesLocale, CatalogueEntry, CatalogueStatus, EntryText } from '../types/catalogue.ts';

export type {
  AgnesCategory,
  AgnesLocale,
  CatalogueEntry,
  CatalogueStatus,
  EntryText,
  ReplaySafety,
  RetryStance,
} from '../types/catalogue.ts';

/** Every status the Agnes error page documents, in ascending order. */
export const catalogueStatuses: readonly CatalogueStatus[] = /* @__PURE__ */ sortedStatuses();

// Module-level values are built by calls marked pure, so bundlers drop the catalogue (and its words)
// from applications that import only, say, `RateLimiter` or `redact`.
function sortedStatuses(): CatalogueStatus[] {
  return Object.keys(statusRules)
    .map(Number)
    .sort((a, b) => a - b) as CatalogueStatus[];
}

/** Joins one locale's words with the policy of each status. */
export function buildCatalogue(
  entries: Readonly<Record<CatalogueStatus, EntryText>>,
): Readonly<Record<CatalogueStatus, CatalogueEntry>> {
  const built = {} as Record<CatalogueStatus, CatalogueEntry>;
  for (const status of catalogueStatuses) {
    const { category, retry, replaySafety } = statusRules[status];
    built[status] = Object.freeze({ status, category, retry, replaySafety, ...entries[status] });
  }
  return Object.freeze(built);
}

const built = new Map<AgnesLocale, Readonly<Record<CatalogueStatus, CatalogueEntry>>>();

function catalogueFor(locale: AgnesLocale | undefined): Readonly<Record<CatalogueStatus, CatalogueEntry>> {
  const bundle = localeBundle(locale);
  let entries = built.get(bundle.locale);
  if (!entries) {
    entries = buildCatalogue(bundle.entries);
    built.set(bundle.locale, entries);
  }
  return entries;
}

/** The Agnes error catalogue in English, keyed by status (`catalogueZh` is in `@agnes-errors/core/zh`). */
export const catalogue: Readonly<Record<CatalogueStatus, CatalogueEntry>> =
  /* @__PURE__ */ catalogueFor('en');

export { isCatalogueStatus };

/**
 * The catalogue entry for a status in a locale, or `undefined` for an undocumented status. A locale
 * that was not registered (see `registerLocale`) gives English.
 */
export function getEntry(status: number | undefined, locale: AgnesLocale = 'en'): CatalogueEntry | undefined {
  if (!isCatalogueStatus(status)) return undefined;
  return catalogueFor(locale)[status];
}
