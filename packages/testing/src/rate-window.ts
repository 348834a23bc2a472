/** The provider's RPM limiter: a sliding window of accepted requests. */
export class RateWindow {
  readonly #limit: number | undefined;
  readonly #windowMs: number;
  #accepted: number[] = [];

  constructor(limit: number | undefined, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Admits a request arriving at `now`, or says how long until the window frees a slot. */
  admit(now: number): number | undefined {
    if (this.#limit === undefined) return undefined;
    this.#accepted = this.#accepted.filter((time) => time > now - this.#windowMs);
    if (this.#accepted.length < this.#limit) {
      this.#accepted.push(now);
      return undefined;
    }
    return (this.#accepted[0] ?? now) + this.#windowMs - now;
  }

  /** What rate-limit headers report at `now`: the limit, requests left, and ms until a slot frees. */
  status(now: number): { limit: number; remaining: number; resetMs: number } | undefined {
    if (this.#limit === undefined) return undefined;
    const live = this.#accepted.filter((time) => time > now - this.#windowMs);
    const resetMs = live.length === 0 ? 0 : (live[0] ?? now) + this.#windowMs - now;
    return { limit: this.#limit, remaining: Math.max(0, this.#limit - live.length), resetMs };
  }

  reset(): void {
    this.#accepted = [];
  }
}
