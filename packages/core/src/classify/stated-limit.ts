/**
 * The limit a provider's own message states, so that a diagnosis repeats it rather than our default
 * (an Anthropic-style model caps max_tokens at 64000, an Agnes model at 65536; only the provider
 * knows). Every pattern is bounded and anchored on a keyword, so a hostile message costs linear time.
 * `said` is the lower-cased provider message, type and code.
 */

/** A whole number written as `64000`, `64,000` or `64 000`; `undefined` for nonsense. */
function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.replace(/[,_\s]/g, '');
  if (!/^\d{1,12}$/.test(digits)) return undefined;
  const value = Number(digits);
  return value > 0 ? value : undefined;
}

// Not followed by a digit: twelve digits cut from a longer run are not a limit.
const NUMBER = '(\\d{1,3}(?:[,_]\\d{3})+|\\d{1,12})(?!\\d)';

/** The first pattern whose number reads as a whole number. */
function firstNumber(said: string, patterns: readonly RegExp[]): number | undefined {
  for (const pattern of patterns) {
    const value = wholeNumber(pattern.exec(said)?.[1]);
    if (value !== undefined) return value;
  }
  return undefined;
}

let bounds: readonly RegExp[] | undefined;
let contextWindow: RegExp | undefined;

/**
 * Ways providers state an upper bound after the value they refused, or on its own. Built on first
 * use: patterns made at module level would stay in every bundle that imports anything of core.
 */
function boundPatterns(): readonly RegExp[] {
  bounds ??= [
    // "max_tokens: 100000 > 64000, which is the maximum allowed"; "210000 tokens > 200000 maximum"
    new RegExp(String.raw`>\s{0,4}${NUMBER}`),
    // "64000, which is the maximum allowed", "64000 is the maximum"
    new RegExp(String.raw`${NUMBER}\s{0,4},?\s{0,4}(?:which\s{1,4})?is\s{1,4}the\s{1,4}max`),
    // "at most 4096", "maximum is 64000", "maximum allowed: 64000", "limit of 65536", "must be <= 8192"
    new RegExp(
      String.raw`(?:at most|no more than|not exceed|up to|less than or equal to|<=|≤|maximum(?: allowed)?(?: value)?(?: is| of)?|max(?:imum)? is|limit(?: is| of)?)\s{0,4}[:=]?\s{0,4}[\x60'"]?${NUMBER}`,
    ),
    // "max_tokens 不能超过 65536", "最大值为 8192", "上限为 32768"
    new RegExp(
      String.raw`(?:不能超过|不得超过|不超过|最大值?(?:为|是)?|上限(?:为|是)?)\s{0,4}[:：]?\s{0,4}${NUMBER}`,
    ),
  ];
  return bounds;
}

/** The max_tokens ceiling the provider stated, if it stated one. */
export function statedMaxTokensLimit(said: string): number | undefined {
  // Only the part about max_tokens: a message may also name the context window.
  const start = said.search(/max_(?:completion_|output_)?tokens/);
  if (start < 0) return undefined;
  const about = said.slice(start, start + 200);
  // "input length and `max_tokens` exceed context limit: 197000 + 8192 > 200000" bounds the sum, not max_tokens.
  return /context/.test(about) ? undefined : firstNumber(about, boundPatterns());
}

/** The context window the provider stated, in tokens, if it stated one. */
export function statedContextLimit(said: string): number | undefined {
  // "This model's maximum context length is 128000 tokens"
  contextWindow ??= new RegExp(
    String.raw`context (?:length|window)(?: of)?(?: is)?\s{0,4}(?:limit\s{0,4})?[:=]?\s{0,4}${NUMBER}`,
  );
  // Then "prompt is too long: 210000 tokens > 200000 maximum".
  return firstNumber(said.slice(0, 600), [contextWindow, ...boundPatterns()]);
}

const byteUnits: Readonly<Record<string, number>> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1000,
  kib: 1024,
  mb: 1_000_000,
  mib: 1_048_576,
  gb: 1_000_000_000,
  gib: 1_073_741_824,
};

/** The request size limit the provider stated, in bytes, if it stated one ("maximum of 32 mb"). */
export function statedSizeLimitBytes(said: string): number | undefined {
  const match =
    /(?:max(?:imum)?|limit|at most|exceeds?|不能超过|上限|超过)[^\d]{0,40}?(\d{1,12}(?:\.\d{1,3})?)\s{0,2}(gib|gb|mib|mb|kib|kb|bytes|byte|b)\b/.exec(
      said.slice(0, 600),
    );
  if (!match) return undefined;
  const value = Number(match[1]) * (byteUnits[match[2] ?? ''] ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
}
