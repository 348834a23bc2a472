/**
 * The hosts the Agnes API answers on. Their subdomains count too (a regional or dedicated endpoint
 * such as `eu.apihub.agnes-ai.com`).
 */
export const agnesHosts: readonly string[] = ['apihub.agnes-ai.com', 'api.agnes-ai.cn'];

/** What decides whether a request is an Agnes call. */
export interface ScopeOptions {
  /** The `hosts` option: host names, `host:port`, origins, `*.domain`, or `'*'` for every request. */
  readonly hosts?: readonly string[] | undefined;
  /** Base URLs the client or adapter was configured with: their origins are in scope. */
  readonly baseURLs?: readonly (string | URL | undefined | null)[] | undefined;
}

/** One parsed `hosts` entry. */
type HostRule =
  | { readonly kind: 'every' }
  | { readonly kind: 'origin'; readonly origin: string }
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'hostname'; readonly hostname: string; readonly subdomains: boolean };

function parseUrl(value: string | URL): URL | undefined {
  try {
    return value instanceof URL ? value : new URL(value);
  } catch {
    return undefined;
  }
}

/** Reads one `hosts` entry; a mistake is a configuration error, reported where it is made. */
function ruleOf(entry: string): HostRule {
  const text = entry.trim().toLowerCase();
  if (text === '*') return { kind: 'every' };
  if (text.includes('://')) {
    const url = parseUrl(text);
    if (!url || url.origin === 'null')
      throw new TypeError(
        `Agnes option \`hosts\` has an entry that is not an origin: '${entry.slice(0, 80)}'.`,
      );
    return { kind: 'origin', origin: url.origin };
  }
  if (text.startsWith('*.') || text.startsWith('.'))
    return { kind: 'hostname', hostname: text.replace(/^\*?\./, ''), subdomains: true };
  if (text.length === 0 || /[/?#@\s]/.test(text))
    throw new TypeError(`Agnes option \`hosts\` has an entry that is not a host: '${entry.slice(0, 80)}'.`);
  // `host:port` names one port; a bare host name (or [IPv6] address) every port and scheme.
  return /:\d+$/.test(text)
    ? { kind: 'host', host: text }
    : { kind: 'hostname', hostname: text, subdomains: false };
}

function matches(rule: HostRule, url: URL): boolean {
  switch (rule.kind) {
    case 'every':
      return true;
    case 'origin':
      return url.origin === rule.origin;
    case 'host':
      return url.host === rule.host || `${url.hostname}:${defaultPort(url)}` === rule.host;
    case 'hostname':
      return (
        url.hostname === rule.hostname || (rule.subdomains && url.hostname.endsWith(`.${rule.hostname}`))
      );
  }
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
}

/**
 * Whether a request URL is an Agnes call: a known Agnes host (or a subdomain of one), the origin of a
 * configured base URL, or a host the user listed in `hosts`. Everything else is left to the client as
 * if no adapter were installed. A URL that cannot be read is out of scope.
 */
export type Scope = (
  url: string | URL | undefined | null,
  /** The base URL this request was built from, when the client sets one per request (axios `baseURL`). */
  baseURL?: string | URL | undefined | null,
) => boolean;

const knownRules: readonly HostRule[] = agnesHosts.map((hostname) => ({
  kind: 'hostname',
  hostname,
  subdomains: true,
}));

/** Validates the `hosts` option (an array of strings): throws a `TypeError` naming the mistake. */
export function checkHosts(hosts: unknown): readonly string[] | undefined {
  if (hosts === undefined) return undefined;
  if (!Array.isArray(hosts) || !hosts.every((entry) => typeof entry === 'string'))
    throw new TypeError(
      'Agnes option `hosts` must be an array of host names, origins or `*.domain` entries.',
    );
  for (const entry of hosts) ruleOf(entry);
  return hosts;
}

/** The scope of one client: known Agnes hosts, its base URLs' origins, and the `hosts` option. */
export function agnesScope(options: ScopeOptions = {}): Scope {
  const rules: HostRule[] = [...knownRules, ...(options.hosts ?? []).map(ruleOf)];
  for (const base of options.baseURLs ?? []) {
    const url = base ? parseUrl(base) : undefined;
    if (url && url.origin !== 'null') rules.push({ kind: 'origin', origin: url.origin });
  }
  if (rules.some((rule) => rule.kind === 'every')) return () => true;
  return (target, baseURL) => {
    if (!target) return false;
    const url = parseUrl(target);
    if (url === undefined) return false;
    if (rules.some((rule) => matches(rule, url))) return true;
    const base = baseURL ? parseUrl(baseURL) : undefined;
    return base !== undefined && base.origin !== 'null' && base.origin === url.origin;
  };
}
