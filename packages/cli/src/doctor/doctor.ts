import type { LocaleBundle } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { maskKey } from '../mask.ts';
import { wordsFor } from '../words.ts';
import { checkChat, checkModel, checkModels, checkRateLimit } from './api.ts';
import { apiBase, checkBaseUrl, defaultBaseUrl } from './base-url.ts';
import { checkKey, type KeySource } from './key.ts';
import { checkDns, checkTcp, checkTls } from './network.ts';
import { checkProxy } from './proxy.ts';
import type { DoctorStep, StepId, StepOutcome } from './step.ts';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /**
   * The API key to check.
   * @default env.AGNES_API_KEY, else env.OPENAI_API_KEY
   */
  readonly apiKey?: string | undefined;
  /**
   * The base URL to check.
   * @default env.AGNES_BASE_URL, else env.OPENAI_BASE_URL, else 'https://apihub.agnes-ai.com/v1'
   */
  readonly baseURL?: string | undefined;
  /**
   * A model to look for among the models the key can use.
   * @default undefined (no model check)
   */
  readonly model?: string | undefined;
  /**
   * Send one tiny chat request (`max_tokens: 1`), which is billed.
   * @default false
   */
  readonly chat?: boolean | undefined;
  /**
   * Time each network step may take, in ms.
   * @default 5000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Check only what needs no network: the key, the base URL and the proxy variables.
   * @default false
   */
  readonly offline?: boolean | undefined;
  /**
   * Language of the report.
   * @default 'en'
   */
  readonly locale?: 'en' | 'zh' | undefined;
  /**
   * Environment variables: the key, the base URL and the proxy variables are read from here.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Told before a billed request is sent (`--chat`).
   * @default undefined
   */
  readonly onNotice?: ((text: string) => void) | undefined;
}

/** What doctor found: every step in order, and whether all is well (no step failed). */
export interface DoctorReport {
  readonly ok: boolean;
  /** The base URL checked: origin and path (no credentials, no query string). */
  readonly baseURL: string;
  /** The key as it may be shown (`sk-…abcd`), or `null` when none was found. */
  readonly key: string | null;
  readonly steps: readonly DoctorStep[];
}

/** The key to check and where it came from. */
function findKey(options: DoctorOptions): KeySource {
  const env = options.env ?? {};
  if (options.apiKey !== undefined) return { key: options.apiKey, source: '--api-key' };
  if (env.AGNES_API_KEY !== undefined) return { key: env.AGNES_API_KEY, source: 'AGNES_API_KEY' };
  if (env.OPENAI_API_KEY !== undefined) return { key: env.OPENAI_API_KEY, source: 'OPENAI_API_KEY' };
  return { key: undefined, source: '' };
}

/**
 * Runs the checks a person does by hand, in order: the key's shape, the base URL, the proxy
 * variables, DNS, a TCP connect, the TLS handshake, `GET /v1/models` with the key, the model, the
 * rate-limit headers, and (only with `chat: true`) one tiny chat request. A step after a failure it
 * depends on is skipped with the reason. Every network step has a timeout. The key is never printed.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const words = wordsFor(options.locale ?? 'en');
  const locale: LocaleBundle | 'en' = options.locale === 'zh' ? zh : 'en';
  const env = options.env ?? {};
  const timeoutMs = options.timeoutMs ?? 5000;
  const steps: DoctorStep[] = [];
  const add = (id: StepId, outcome: StepOutcome): void => {
    const { notes, ...rest } = outcome;
    const step: DoctorStep = { id, title: words.titles[id], notes: notes ?? [], ...rest };
    steps.push(step);
  };
  const skip = (ids: readonly StepId[], figure: string): void => {
    for (const id of ids) add(id, { status: 'skip', figure, fix: undefined });
  };
  const keySource = findKey(options);
  const { usable, ...key } = checkKey(keySource, words);
  add('key', key);
  const baseText = options.baseURL ?? env.AGNES_BASE_URL ?? env.OPENAI_BASE_URL ?? defaultBaseUrl;
  const { url, ...base } = checkBaseUrl(baseText, words);
  add('base_url', base);
  const report = (): DoctorReport => ({
    ok: steps.every((step) => step.status !== 'fail'),
    // Without credentials or a query string, which may hold a key.
    baseURL: url ? `${url.origin}${url.pathname}` : baseText.slice(0, 200),
    key: keySource.key ? maskKey(keySource.key) : null,
    steps,
  });
  const network: readonly StepId[] = ['dns', 'tcp', 'tls', 'models', 'model', 'rate_limit', 'chat'];
  if (!url) {
    skip(['proxy', ...network], words.skipped(words.titles.base_url));
    return report();
  }
  add('proxy', checkProxy(url, env, words));
  if (options.offline) return report();
  const { addresses, ...dns } = await checkDns(url.hostname, timeoutMs, words);
  add('dns', dns);
  const address = addresses[0];
  if (dns.status === 'fail' || address === undefined) {
    skip(network.slice(1), words.skipped(words.titles.dns));
    return report();
  }
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const tcp = await checkTcp(address, port, timeoutMs, words);
  add('tcp', tcp);
  if (tcp.status === 'fail') {
    skip(network.slice(2), words.skipped(words.titles.tcp));
    return report();
  }
  if (https) {
    const tls = await checkTls(address, url.hostname, port, timeoutMs, words);
    add('tls', tls);
    if (tls.status === 'fail') {
      skip(network.slice(3), words.skipped(words.titles.tls));
      return report();
    }
  } else skip(['tls'], words.tls.notHttps);
  if (!usable || !keySource.key) {
    skip(network.slice(3), words.skippedNoKey);
    return report();
  }
  const apiRoot = apiBase(url);
  const { models, headers, ...listed } = await checkModels(apiRoot, keySource.key, timeoutMs, words, locale);
  add('models', listed);
  if (!models) {
    skip(network.slice(4), words.skipped(words.titles.models));
    return report();
  }
  add('model', checkModel(options.model, models, words));
  add('rate_limit', checkRateLimit(headers, words));
  if (!options.chat) {
    skip(['chat'], words.chat.notAsked);
    return report();
  }
  // A chat model the key can use: agnes-2.5-flash when listed, else the first that is no image or video model.
  const chatModel =
    options.model ??
    models.find((model) => model === 'agnes-2.5-flash') ??
    models.find((model) => !/image|video/i.test(model)) ??
    'agnes-2.5-flash';
  options.onNotice?.(words.chat.notice(chatModel));
  add('chat', await checkChat(apiRoot, keySource.key, chatModel, timeoutMs, words, locale));
  return report();
}
