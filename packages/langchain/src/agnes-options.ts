import type { AgnesOptions } from '@agnes-errors/core';
import type { FallbackOptions } from '@agnes-errors/core/adapter-kit';

/** The name of an Agnes option (core's and the fallback models'). */
type AgnesOptionName = keyof AgnesOptions | keyof FallbackOptions;

/** Every Agnes option, and whether it is plain data that LangChain serialisation can keep. */
const agnesOptionNames: Record<AgnesOptionName, boolean> = {
  maxRetries: true,
  deadlineMs: true,
  backoff: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
  longRetryAfter: true,
  replay: true,
  alwaysRetryStatuses: true,
  retryBudget: false,
  rpm: true,
  rpmWindowMs: true,
  rpmMarginMs: true,
  maxConcurrency: true,
  concurrencyLeaseMs: true,
  onConcurrencyChange: false,
  store: false,
  rateLimitKey: true,
  hosts: true,
  locale: false,
  maxErrorBodyBytes: true,
  throwAgnesError: true,
  preflight: true,
  preflightRules: true,
  onPreflight: false,
  modelList: true,
  onRetry: false,
  onGiveUp: false,
  onWait: false,
  onCallStart: false,
  onAttemptStart: false,
  onAttemptEnd: false,
  onCallWait: false,
  onCallEnd: false,
  random: false,
  now: false,
  fallbackModels: true,
  onFallback: false,
};

/** The Agnes options that are plain data (numbers, strings, lists): kept when a model is serialised. */
export const serialisableAgnesOptions: readonly string[] = Object.entries(agnesOptionNames)
  .filter(([, plain]) => plain)
  .map(([name]) => name);

/** Splits constructor fields into the Agnes options and the rest (the chat model's own fields). */
export function splitAgnesOptions<Fields extends object>(
  fields: Fields,
): { agnes: AgnesOptions & FallbackOptions; rest: Omit<Fields, AgnesOptionName> } {
  const agnes: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (Object.hasOwn(agnesOptionNames, name)) agnes[name] = value;
    else rest[name] = value;
  }
  return {
    agnes: agnes as AgnesOptions & FallbackOptions,
    rest: rest as Omit<Fields, AgnesOptionName>,
  };
}
