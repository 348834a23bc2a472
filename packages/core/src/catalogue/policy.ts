import type { AgnesCategory, CatalogueStatus, ReplaySafety, RetryStance } from './types.ts';

/** Category, retry stance and replay safety per status: DESIGN.md's policy table as data. */
export const statusPolicy: Readonly<
  Record<CatalogueStatus, readonly [AgnesCategory, RetryStance, ReplaySafety | undefined]>
> = {
  400: ['invalid_request', 'no', undefined],
  401: ['authentication', 'no', undefined],
  402: ['billing', 'never', undefined],
  403: ['permission', 'no', undefined],
  404: ['not_found', 'no', undefined],
  405: ['invalid_request', 'no', undefined],
  408: ['timeout', 'yes', 'safe'],
  409: ['conflict', 'no', undefined],
  413: ['invalid_request', 'no', undefined],
  415: ['invalid_request', 'no', undefined],
  422: ['invalid_request', 'no', undefined],
  429: ['rate_limit', 'yes', 'safe'],
  431: ['invalid_request', 'no', undefined],
  499: ['aborted', 'yes', 'ambiguous'],
  500: ['server', 'yes', 'ambiguous'],
  502: ['gateway', 'yes', 'ambiguous'],
  503: ['server', 'yes', 'safe'],
  504: ['timeout', 'yes', 'ambiguous'],
  520: ['gateway', 'yes', 'ambiguous'],
  522: ['gateway', 'yes', 'safe'],
  524: ['timeout', 'yes', 'ambiguous'],
};
