import { loadLocale } from './locale.ts';
import type { RateLimitStore } from './rate-limit/store.ts';
import type { RetryBudget, RetryBudgetOptions } from './retry/budget.ts';
import type { AgnesLocale } from './types/catalogue.ts';
import type {
  AttemptEndEvent,
  AttemptStartEvent,
  CallEndEvent,
  CallStartEvent,
  CallWaitEvent,
  ConcurrencyChangeEvent,
  GiveUpEvent,
  RetryEvent,
  WaitEvent,
} from './types/events.ts';
import type { LocaleOption } from './types/locale.ts';
import type { ModelListOptions } from './types/model-list.ts';
import {
  type PreflightEvent,
  type PreflightMode,
  type PreflightRules,
  preflightRuleNames,
} from './types/preflight.ts';
import type { BackoffStrategy, ReplayPolicy } from './types/settings.ts';
import { checkHosts } from './util/scope.ts';

export type {
  AttemptEndEvent,
  AttemptStartEvent,
  CallEndEvent,
  CallOperation,
  CallStartEvent,
  CallWaitEvent,
  ConcurrencyChangeEvent,
  GiveUpEvent,
  RetryEvent,
  WaitCause,
  WaitEvent,
} from './types/events.ts';
export type { PreflightEvent, PreflightMode, PreflightRuleName, PreflightRules } from './types/preflight.ts';
export type { BackoffStrategy, ReplayPolicy } from './types/settings.ts';

export interface AgnesOptions {
  /**
   * Retries after the first attempt (so `maxRetries: 2` means at most 3 attempts).
   * @default 3
   */
  readonly maxRetries?: number;
  /**
   * Total time budget for a call, all attempts and waits included, in ms. The engine never sleeps past
   * it, and an attempt still running at the deadline (headers or an error body that never finish) is
   * aborted: the call then fails with stop reason `deadline`.
   * @default undefined (no deadline)
   */
  readonly deadlineMs?: number | undefined;
  /**
   * Backoff shape between attempts.
   * @default 'full'
   */
  readonly backoff?: BackoffStrategy;
  /**
   * First backoff step, in ms; it doubles each attempt.
   * @default 500
   */
  readonly baseDelayMs?: number;
  /**
   * Longest backoff wait, in ms.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * Longest server-requested wait (Retry-After and friends) honoured, in ms.
   * @default 120000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * When the server asks for a wait longer than `maxRetryAfterMs`: `clamp` waits `maxRetryAfterMs`,
   * `fail` gives up at once.
   * @default 'clamp'
   */
  readonly longRetryAfter?: 'clamp' | 'fail';
  /**
   * Which POST/PATCH requests may be replayed.
   * @default 'auto'
   */
  readonly replay?: ReplayPolicy;
  /**
   * Statuses to retry even though the Agnes policy would not (never 402, never the caller's abort).
   * Replay safety still applies to POSTs.
   * @default []
   */
  readonly alwaysRetryStatuses?: readonly number[];
  /**
   * Retry budget shared by all requests of the client, or `false` to disable it.
   * @default { capacity: 500, retryCost: 5, timeoutCost: 10, successRefund: 1 }
   */
  readonly retryBudget?: RetryBudgetOptions | RetryBudget | false;
  /**
   * Requests per window to pace to (the account's RPM: free 20, enterprise 40, Token Plan 1000). A
   * ceiling: a lower limit learned from the server's 429s wins.
   * @default undefined (the limit is learned from the first rate-limit 429; until then no pacing)
   */
  readonly rpm?: number | undefined;
  /**
   * Length of the rate-limit window, in ms; also how long a 429 without Retry-After pauses the client.
   * @default 60000
   */
  readonly rpmWindowMs?: number;
  /**
   * Extra wait added to each rpm window, for clock and window-edge differences with the server.
   * (Arrival lag itself is covered: a request's slot counts from when its answer arrived.)
   * @default 2% of rpmWindowMs, at least 50 ms and at most 1000 ms
   */
  readonly rpmMarginMs?: number;
  /**
   * How many requests of this client (per `rateLimitKey`) may be in flight at once: a number is a
   * hard cap (waiters are served in order; the caller's abort and the deadline end a wait at once);
   * `'auto'` starts uncapped and lowers the cap when the provider shows overload (504, 524, a 503
   * that is no model fault, client timeouts, latency well above its recent floor), raising it again
   * as answers come back healthy (see ARCHITECTURE.md, "Concurrency"). With a shared `store` that
   * supports it (`@agnes-errors/redis`) the count is shared by every process.
   * @default undefined (uncapped)
   */
  readonly maxConcurrency?: number | 'auto' | undefined;
  /**
   * How long a concurrency slot held in a shared store lives without renewal, in ms: a slot of a
   * process that died is free again after it (a running request renews its slot).
   * @default 30000
   */
  readonly concurrencyLeaseMs?: number;
  /**
   * Called when the limit of `maxConcurrency: 'auto'` changes (old limit, new limit, why).
   * @default undefined
   */
  readonly onConcurrencyChange?: ((event: ConcurrencyChangeEvent) => void) | undefined;
  /**
   * Where limiter state lives; share one store (e.g. Redis) to share one limit across processes.
   * @default a new in-memory store per client
   */
  readonly store?: RateLimitStore;
  /**
   * Key of this client's limit in the store. By default each origin (and each API key the adapter
   * sees, as a short non-reversible fingerprint) has its own limit, so a 429 from one never paces or
   * pauses another. Give one key to make every request of the client share one limit.
   * @default the request's origin, plus `#` and the API key's fingerprint when one is sent
   */
  readonly rateLimitKey?: string;
  /**
   * Hosts whose requests the adapter handles, besides the known Agnes hosts (`apihub.agnes-ai.com`,
   * `api.agnes-ai.cn` and their subdomains) and the origin of the client's base URL (axios `baseURL`,
   * ky `prefix`/`prefixUrl`, got `prefixUrl`, the SDKs' `baseURL`). Every other request goes through
   * exactly as if the adapter were not installed: the client's own retries and errors, no pacing.
   * Entries: a host name (`gateway.internal`, every port), `host:port`, an origin
   * (`https://llm-proxy.example.com`), `*.example.com` (the domain and its subdomains), or `'*'`
   * (every request: a client used only for Agnes, through a proxy or gateway that rewrites hosts).
   * @default [] (the known Agnes hosts and the base URL's origin only)
   */
  readonly hosts?: readonly string[];
  /**
   * Language of messages and hints: a bundle (`import { zh } from '@agnes-errors/core/zh'` then
   * `locale: zh`), or the name of a loaded one. A name whose bundle was never loaded is a
   * configuration error (`TypeError`), never a silent English.
   * @default 'en'
   */
  readonly locale?: LocaleOption;
  /**
   * How much of an error response's body is read for the diagnosis (and kept on the response
   * `agnesFetch` returns), in bytes; the rest is cancelled, so a huge or endless error body costs
   * bounded memory and time.
   * @default 262144 (256 KiB)
   */
  readonly maxErrorBodyBytes?: number;
  /**
   * Throw an `AgnesError` instead of the client's own error type.
   * @default false
   */
  readonly throwAgnesError?: boolean;
  /**
   * What to do with a request the provider documents it rejects (`max_tokens` over 65536, `n` other
   * than 1, an image size that is not a multiple of 16, a missing or broken key, `/v1/v1` in the
   * URL...): `'refuse'` ends the call before anything is sent, so it costs no request slot and no
   * round trip (`info.stop === 'preflight'`, `attempts: 0`, the reason the server's rejection would
   * have); `'warn'` sends it and emits `onPreflight`; `'off'` checks nothing. Unknown endpoints,
   * fields and methods are never refused.
   * @default 'refuse'
   */
  readonly preflight?: PreflightMode;
  /**
   * Preflight rules to turn off, by the reason they produce (e.g. `{ max_tokens_too_large: false }`
   * when the provider raises a limit before this library does).
   * @default {} (every rule on)
   */
  readonly preflightRules?: PreflightRules;
  /**
   * Called when preflight finds a fault: `action: 'refused'` (the call ends, nothing was sent) or
   * `'warned'` (in `preflight: 'warn'`, or for whitespace at the ends of the key that the client
   * strips; the request is sent).
   * @default undefined
   */
  readonly onPreflight?: ((event: PreflightEvent) => void) | undefined;
  /**
   * After a failure for an unknown or unrouted model, fetch `GET /v1/models` (through the same fetch,
   * so auth, pacing and retries apply; at most once per `ttlMs` per base URL and key) and name the
   * closest models in the diagnosis ("did you mean agnes-2.5-flash?", `info.suggestedModels`).
   * `false` turns it off. Applies where the library owns the fetch: `agnesFetch` and the packages
   * built on it (OpenAI SDK, AI SDK, LangChain).
   * @default { ttlMs: 600000, timeoutMs: 10000 }
   */
  readonly modelList?: false | ModelListOptions;
  /**
   * Called after a failed attempt that will be retried.
   * @default undefined
   */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Called once when a call fails for good.
   * @default undefined
   */
  readonly onGiveUp?: ((event: GiveUpEvent) => void) | undefined;
  /**
   * Called when a request waits for the rate limiter.
   * @default undefined
   */
  readonly onWait?: ((event: WaitEvent) => void) | undefined;
  /**
   * Called when a call starts, with its identity (`callId`), operation, model, method and server
   * (no key, no query string, no prompt text). For telemetry: `@agnes-errors/otel` builds its spans
   * from this and the four events below. Nothing is computed for it when it is not set; a listener
   * that throws is ignored, as for the other call events.
   * @default undefined
   */
  readonly onCallStart?: ((event: CallStartEvent) => void) | undefined;
  /**
   * Called when each attempt of a call is sent (after any rate-limit wait).
   * @default undefined
   */
  readonly onAttemptStart?: ((event: AttemptStartEvent) => void) | undefined;
  /**
   * Called when each attempt's answer is known: success, or failure with its status or condition,
   * reason and duration.
   * @default undefined
   */
  readonly onAttemptEnd?: ((event: AttemptEndEvent) => void) | undefined;
  /**
   * Called when a call starts a wait, with its cause (`pacing`, `pause`, `backoff`, `retry_after`)
   * and delay.
   * @default undefined
   */
  readonly onCallWait?: ((event: CallWaitEvent) => void) | undefined;
  /**
   * Called once when a call succeeds, or ends without a diagnosis (aborted by the caller, or
   * abandoned): a call that fails ends with `onGiveUp`.
   * @default undefined
   */
  readonly onCallEnd?: ((event: CallEndEvent) => void) | undefined;
  /**
   * Random source in [0, 1) for jitter; inject one for deterministic tests.
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Clock in epoch ms; inject one for tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Options with every default filled in. */
export interface NormalizedOptions {
  readonly maxRetries: number;
  readonly deadlineMs: number;
  readonly backoff: BackoffStrategy;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly longRetryAfter: 'clamp' | 'fail';
  readonly replay: ReplayPolicy;
  readonly alwaysRetryStatuses: readonly number[];
  readonly rpm: number | undefined;
  readonly rpmWindowMs: number;
  readonly rpmMarginMs: number;
  readonly maxConcurrency: number | 'auto' | undefined;
  readonly concurrencyLeaseMs: number;
  readonly rateLimitKey: string;
  readonly hosts: readonly string[];
  readonly locale: AgnesLocale;
  readonly maxErrorBodyBytes: number;
  readonly throwAgnesError: boolean;
  readonly preflight: PreflightMode;
  readonly preflightRules: PreflightRules;
  readonly modelList: false | ModelListOptions;
  readonly random: () => number;
  readonly now: () => number;
}

/** The defaults, in one place. */
export const defaultOptions: Omit<NormalizedOptions, 'rpm' | 'rpmMarginMs' | 'maxConcurrency'> = {
  maxRetries: 3,
  deadlineMs: Number.POSITIVE_INFINITY,
  backoff: 'full',
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  longRetryAfter: 'clamp',
  replay: 'auto',
  alwaysRetryStatuses: [],
  rpmWindowMs: 60_000,
  concurrencyLeaseMs: 30_000,
  rateLimitKey: 'default',
  hosts: [],
  locale: 'en',
  maxErrorBodyBytes: 256 * 1024,
  throwAgnesError: false,
  preflight: 'refuse',
  preflightRules: {},
  modelList: {},
  random: Math.random,
  now: Date.now,
};

/**
 * The options that apply per call (axios `config.agnes`, `BeginOptions.overrides`): retries, waits,
 * replay, messages and events. Pacing, the store, the retry budget and the clock belong to the client.
 */
export type AgnesCallOptions = Pick<
  AgnesOptions,
  | 'maxRetries'
  | 'deadlineMs'
  | 'backoff'
  | 'baseDelayMs'
  | 'maxDelayMs'
  | 'maxRetryAfterMs'
  | 'longRetryAfter'
  | 'replay'
  | 'alwaysRetryStatuses'
  | 'locale'
  | 'maxErrorBodyBytes'
  | 'throwAgnesError'
  | 'onRetry'
  | 'onGiveUp'
  | 'preflight'
  | 'preflightRules'
  | 'onPreflight'
>;

function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.slice(0, 40)}'`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** A configuration mistake, reported where it is made, as ky does. */
function invalid(name: string, value: unknown, expected: string): never {
  throw new TypeError(`Agnes option \`${name}\` must be ${expected}, got ${shown(value)}.`);
}

/** A number option: `undefined` gives the default; anything else must be finite (or Infinity where allowed). */
function numberOption(
  options: AgnesOptions,
  name: keyof AgnesOptions,
  fallback: number,
  rule: { readonly integer?: boolean; readonly positive?: boolean; readonly infinite?: boolean } = {},
): number {
  const value = options[name];
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (rule.positive ? value > 0 : value >= 0) &&
    (rule.infinite || Number.isFinite(value)) &&
    (!rule.integer || Number.isInteger(value) || value === Number.POSITIVE_INFINITY);
  if (!ok)
    invalid(
      name,
      value,
      `${rule.integer ? 'an integer' : 'a number'} ${rule.positive ? 'above 0' : '0 or more'}${rule.infinite ? '' : ' (finite)'}`,
    );
  return value as number;
}

function choiceOption<T extends string>(
  options: AgnesOptions,
  name: keyof AgnesOptions,
  choices: readonly T[],
  fallback: T,
): T {
  const value = options[name];
  if (value === undefined) return fallback;
  if (!choices.includes(value as T))
    invalid(name, value, `one of ${choices.map((choice) => `'${choice}'`).join(', ')}`);
  return value as T;
}

function functionOption(options: AgnesOptions, name: keyof AgnesOptions): void {
  const value = options[name];
  if (value !== undefined && typeof value !== 'function') invalid(name, value, 'a function');
}

function localeOption(option: AgnesOptions['locale']): AgnesLocale {
  const locale = loadLocale(option);
  if (locale) return locale;
  const loadHint =
    option === 'zh'
      ? "import { zh } from '@agnes-errors/core/zh', then pass { locale: zh }"
      : "use 'en' or a locale bundle";
  return invalid('locale', option, `a loaded locale (${loadHint})`);
}

function concurrencyOption(value: unknown): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  return invalid('maxConcurrency', value, "an integer above 0 or 'auto'");
}

/** Fills in defaults and rejects what makes no sense (a negative retry count, NaN, an unknown choice) with a `TypeError` naming the option and the value. */
export function normalizeOptions(options: AgnesOptions = {}): NormalizedOptions {
  const rpm = numberOption(options, 'rpm', Number.NaN, { positive: true });
  const rpmWindowMs = numberOption(options, 'rpmWindowMs', defaultOptions.rpmWindowMs, { positive: true });
  const statuses = options.alwaysRetryStatuses;
  if (
    statuses !== undefined &&
    (!Array.isArray(statuses) ||
      !statuses.every((status) => Number.isInteger(status) && status >= 100 && status <= 999))
  )
    invalid('alwaysRetryStatuses', statuses, 'an array of HTTP statuses (100 to 999)');
  for (const name of [
    'onRetry',
    'onGiveUp',
    'onWait',
    'onConcurrencyChange',
    'onCallStart',
    'onAttemptStart',
    'onAttemptEnd',
    'onCallWait',
    'onCallEnd',
    'onPreflight',
    'random',
    'now',
  ] as const)
    functionOption(options, name);
  if (options.throwAgnesError !== undefined && typeof options.throwAgnesError !== 'boolean')
    invalid('throwAgnesError', options.throwAgnesError, 'true or false');
  if (options.rateLimitKey !== undefined && typeof options.rateLimitKey !== 'string')
    invalid('rateLimitKey', options.rateLimitKey, 'a string');
  const rules = options.preflightRules;
  if (
    rules !== undefined &&
    (typeof rules !== 'object' ||
      rules === null ||
      Array.isArray(rules) ||
      !Object.entries(rules).every(
        ([name, on]) => (preflightRuleNames as readonly string[]).includes(name) && typeof on === 'boolean',
      ))
  )
    invalid(
      'preflightRules',
      rules,
      `an object of rule names (${preflightRuleNames.join(', ')}) to true or false`,
    );
  const modelList = options.modelList;
  if (
    modelList !== undefined &&
    modelList !== false &&
    (typeof modelList !== 'object' ||
      modelList === null ||
      !Object.values(modelList).every(
        (value) => value === undefined || (typeof value === 'number' && value >= 0),
      ))
  )
    invalid('modelList', modelList, 'false or { ttlMs, timeoutMs } in ms');
  const { store, retryBudget } = options;
  if (store !== undefined && (typeof store?.acquire !== 'function' || typeof store?.pause !== 'function'))
    invalid('store', store, 'a RateLimitStore (acquire and pause)');
  if (
    retryBudget !== undefined &&
    retryBudget !== false &&
    (typeof retryBudget !== 'object' || retryBudget === null)
  )
    invalid('retryBudget', retryBudget, 'false, a RetryBudget or its options');
  return {
    maxRetries: numberOption(options, 'maxRetries', defaultOptions.maxRetries, {
      integer: true,
      infinite: true,
    }),
    deadlineMs: numberOption(options, 'deadlineMs', defaultOptions.deadlineMs, {
      positive: true,
      infinite: true,
    }),
    backoff: choiceOption(options, 'backoff', ['full', 'equal', 'decorrelated'], defaultOptions.backoff),
    baseDelayMs: numberOption(options, 'baseDelayMs', defaultOptions.baseDelayMs),
    maxDelayMs: numberOption(options, 'maxDelayMs', defaultOptions.maxDelayMs),
    maxRetryAfterMs: numberOption(options, 'maxRetryAfterMs', defaultOptions.maxRetryAfterMs),
    longRetryAfter: choiceOption(options, 'longRetryAfter', ['clamp', 'fail'], defaultOptions.longRetryAfter),
    replay: choiceOption(options, 'replay', ['auto', 'always', 'never'], defaultOptions.replay),
    alwaysRetryStatuses: statuses ?? defaultOptions.alwaysRetryStatuses,
    rpm: Number.isNaN(rpm) ? undefined : rpm,
    rpmWindowMs,
    rpmMarginMs: numberOption(
      options,
      'rpmMarginMs',
      Math.min(1000, Math.max(50, Math.ceil(rpmWindowMs * 0.02))),
    ),
    maxConcurrency: concurrencyOption(options.maxConcurrency),
    concurrencyLeaseMs: numberOption(options, 'concurrencyLeaseMs', defaultOptions.concurrencyLeaseMs, {
      positive: true,
    }),
    rateLimitKey: options.rateLimitKey ?? defaultOptions.rateLimitKey,
    hosts: checkHosts(options.hosts) ?? defaultOptions.hosts,
    locale: localeOption(options.locale),
    maxErrorBodyBytes: numberOption(options, 'maxErrorBodyBytes', defaultOptions.maxErrorBodyBytes, {
      integer: true,
    }),
    throwAgnesError: options.throwAgnesError ?? false,
    preflight: choiceOption(options, 'preflight', ['refuse', 'warn', 'off'], defaultOptions.preflight),
    preflightRules: rules ?? defaultOptions.preflightRules,
    modelList: modelList ?? defaultOptions.modelList,
    random: options.random ?? defaultOptions.random,
    now: options.now ?? defaultOptions.now,
  };
}
