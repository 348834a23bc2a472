import type { Words } from '../words.ts';
import type { StepOutcome } from './step.ts';

/** The documented Agnes hosts and their regions. */
export const agnesHosts: Readonly<Record<string, 'international' | 'china'>> = {
  'apihub.agnes-ai.com': 'international',
  'api.agnes-ai.cn': 'china',
};

/** The base URL when none is given. */
export const defaultBaseUrl = 'https://apihub.agnes-ai.com/v1';

/** What later steps need from the base URL: the parsed URL (absent when unusable). */
export interface BaseUrlCheck extends StepOutcome {
  readonly url: URL | undefined;
}

/** Scheme, host and region, `/v1` exactly once and nothing after it: checked without a request. */
export function checkBaseUrl(text: string, words: Words): BaseUrlCheck {
  const w = words.baseUrl;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      status: 'fail',
      figure: text.slice(0, 200),
      notes: [w.notUrl],
      fix: w.notUrlFix,
      url: undefined,
    };
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      status: 'fail',
      figure: shown,
      notes: [w.scheme(url.protocol)],
      fix: w.notUrlFix,
      url: undefined,
    };
  const region = agnesHosts[url.hostname];
  const where = region === 'international' ? w.international : region === 'china' ? w.china : w.otherHost;
  const fails: [string, string][] = [];
  const warns: [string, string][] = [];
  const segments = url.pathname.split('/').filter(Boolean);
  const v1Count = segments.filter((segment) => segment === 'v1').length;
  if (v1Count > 1) fails.push([w.duplicatedV1, w.duplicatedV1Fix]);
  else if (v1Count === 0) fails.push([w.missingV1, w.missingV1Fix]);
  else if (segments[segments.length - 1] !== 'v1') {
    const after = segments.slice(segments.indexOf('v1') + 1).join('/');
    fails.push([w.extraPath(`/${after}`), w.extraPathFix]);
  }
  if (url.search || url.hash || url.username || url.password) warns.push([w.extras, w.extrasFix]);
  if (region && url.protocol === 'http:') warns.push([w.plainHttp, w.plainHttpFix]);
  if (!region) warns.push([w.unknownHost(url.hostname), w.unknownHostFix]);
  const problems = [...fails, ...warns];
  return {
    status: fails.length > 0 ? 'fail' : warns.length > 0 ? 'warn' : 'pass',
    figure: w.figure(shown, where),
    notes: problems.map(([cause]) => cause),
    fix: problems.map(([, fix]) => fix).join('; ') || undefined,
    data: { host: url.hostname, region: region ?? null },
    url,
  };
}

/** The base URL requests go to: the user's, with a single trailing slash removed. */
export function apiBase(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
