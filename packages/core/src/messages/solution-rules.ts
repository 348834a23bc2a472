import type { CatalogueStatus } from '../types/catalogue.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import type { AgnesReason } from '../types/reasons.ts';

/**
 * Which of the provider's solutions (by index into `entry.solutions`, the same in every locale) fit
 * a failure. A message says only what fits the request: no image advice for a chat call, no model
 * advice for a plain 503, and no catalogue solution that the diagnosis's own fix already says.
 */

type Applies = (info: AgnesErrorInfo) => boolean;

const found =
  (...reasons: AgnesReason[]): Applies =>
  (info) =>
    info.hints.some((hint) => reasons.includes(hint.reason));
const endpointIs =
  (...endpoints: AgnesErrorInfo['endpoint'][]): Applies =>
  (info) =>
    endpoints.includes(info.endpoint);
const either =
  (...rules: Applies[]): Applies =>
  (info) =>
    rules.some((rule) => rule(info));
const media = endpointIs('images', 'video_create');
const modelFault = found('model_not_found', 'wrong_endpoint_for_model');

/** Solutions shown only when their condition holds; the others always fit their status. */
const conditions: Readonly<Partial<Record<CatalogueStatus, Readonly<Record<number, Applies>>>>> = {
  400: { 4: endpointIs('video_create') },
  404: { 3: modelFault },
  408: { 3: media },
  413: { 3: either(media, found('payload_too_large')), 4: either(media, found('payload_too_large')) },
  422: { 1: media, 3: endpointIs('images') },
  500: {
    1: either(endpointIs('images'), found('image_size_not_multiple_of_16')),
    2: either(endpointIs('video_create'), found('video_size_not_multiple_of_64')),
    3: found('context_length_exceeded'),
  },
  503: { 0: modelFault, 1: modelFault, 2: modelFault, 3: modelFault, 4: modelFault },
  504: { 2: media },
  524: { 3: media },
};

/** Catalogue solutions (status, indexes) that a diagnosis's own fix already says in other words. */
const covered: Readonly<
  Partial<Record<AgnesReason, Readonly<Partial<Record<CatalogueStatus, readonly number[]>>>>>
> = {
  invalid_api_key: { 401: [0, 2] },
  missing_authorization: { 401: [3], 403: [1] },
  rate_limited: { 429: [2, 5] },
  insufficient_quota: { 402: [0, 1, 2] },
  client_timeout: { 408: [4], 499: [2], 504: [4] },
  duplicate_task: { 409: [2] },
  model_not_found: { 404: [3], 503: [0, 2] },
  payload_too_large: { 413: [1, 2] },
  headers_too_large: { 431: [2] },
  wrong_method: { 405: [0] },
  edge_timeout: { 524: [5] },
  context_length_exceeded: { 400: [2] },
  image_size_not_multiple_of_16: { 500: [1] },
  video_size_not_multiple_of_64: { 500: [2] },
};

/** Whether solution `index` of the failure's catalogue entry fits it and is not already said. */
export function solutionFits(info: AgnesErrorInfo, status: CatalogueStatus, index: number): boolean {
  const condition = conditions[status]?.[index];
  if (condition && !condition(info)) return false;
  return !info.hints.some((hint) => covered[hint.reason]?.[status]?.includes(index));
}
