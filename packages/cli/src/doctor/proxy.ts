import { maskProxy } from '../mask.ts';
import type { Words } from '../words.ts';
import type { StepOutcome } from './step.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The value of a variable in either case, upper case first (as curl and most tools read them). */
function variable(env: Env, name: string): { name: string; value: string } | undefined {
  for (const each of [name.toUpperCase(), name.toLowerCase()]) {
    const value = env[each];
    if (value !== undefined && value.trim() !== '') return { name: each, value: value.trim() };
  }
  return undefined;
}

/** Whether NO_PROXY (comma or space separated: `*`, `host`, `.domain`, `host:port`) excludes the host. */
export function noProxyExcludes(noProxy: string, host: string, port: string): boolean {
  const hostname = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((rawEntry) => {
      const entry = rawEntry.toLowerCase();
      if (entry === '*') return true;
      const [entryHost = '', entryPort] = entry.startsWith('[') ? [entry] : entry.split(':');
      if (entryPort !== undefined && entryPort !== port) return false;
      const bare = entryHost.replace(/^\*?\./, '');
      return hostname === bare || hostname.endsWith(`.${bare}`);
    });
}

/** The proxy variables that apply to the base URL's host, and whether NO_PROXY excludes it. */
export function checkProxy(url: URL, env: Env, words: Words): StepOutcome {
  const w = words.proxy;
  const https = url.protocol === 'https:';
  const wanted = https ? 'https_proxy' : 'http_proxy';
  const other = https ? 'http_proxy' : 'https_proxy';
  const notes: string[] = [];
  const fixes: string[] = [];
  for (const name of ['https_proxy', 'http_proxy', 'no_proxy', 'all_proxy']) {
    const upper = env[name.toUpperCase()]?.trim();
    const lower = env[name]?.trim();
    if (upper && lower && upper !== lower) {
      notes.push(w.differ(name.toUpperCase(), name));
      fixes.push(w.differFix);
    }
  }
  const proxy = variable(env, wanted) ?? variable(env, 'all_proxy');
  const port = url.port || (https ? '443' : '80');
  const noProxy = variable(env, 'no_proxy');
  if (!proxy) {
    const others = variable(env, other);
    const figure = others ? w.otherScheme(others.name) : w.none;
    return { status: notes.length > 0 ? 'warn' : 'pass', figure, notes, fix: fixes.join('; ') || undefined };
  }
  if (noProxy && noProxyExcludes(noProxy.value, url.hostname, port))
    return {
      status: notes.length > 0 ? 'warn' : 'pass',
      figure: w.excluded(proxy.name, url.hostname),
      notes,
      fix: fixes.join('; ') || undefined,
      data: { proxy: maskProxy(proxy.value), excluded: true },
    };
  let valid = true;
  try {
    valid = ['http:', 'https:', 'socks:', 'socks5:', 'socks5h:', 'socks4:'].includes(
      new URL(proxy.value).protocol,
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      status: 'fail',
      figure: w.invalid(proxy.name),
      notes,
      fix: [w.invalidFix(proxy.name), ...fixes].join('; '),
      data: { proxy: maskProxy(proxy.value) },
    };
  return {
    status: 'warn',
    figure: w.applies(proxy.name, maskProxy(proxy.value), url.hostname),
    notes,
    fix: [w.appliesFix, ...fixes].join('; '),
    data: { proxy: maskProxy(proxy.value), excluded: false },
  };
}
