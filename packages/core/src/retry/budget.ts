/** Options of the retry budget: a token bucket that stops retry storms during an outage. */
export interface RetryBudgetOptions {
  /**
   * Tokens the bucket holds when full.
   * @default 500
   */
  readonly capacity?: number;
  /**
   * Tokens one retry spends.
   * @default 5
   */
  readonly retryCost?: number;
  /**
   * Tokens one retry after a timeout spends (timeouts load the server most).
   * @default 10
   */
  readonly timeoutCost?: number;
  /**
   * Tokens a success that needed no retry returns.
   * @default 1
   */
  readonly successRefund?: number;
}

/**
 * AWS-style retry quota. Retries spend tokens; successes refund them (a retried success refunds what
 * it spent). When the bucket is empty, failures are returned at once instead of multiplying the load.
 */
export class RetryBudget {
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutCost: number;
  readonly successRefund: number;
  #tokens: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 500;
    this.retryCost = options.retryCost ?? 5;
    this.timeoutCost = options.timeoutCost ?? 10;
    this.successRefund = options.successRefund ?? 1;
    this.#tokens = this.capacity;
  }

  /** Tokens left. */
  get tokens(): number {
    return this.#tokens;
  }

  /** Takes `cost` tokens if the bucket holds them. */
  trySpend(cost: number): boolean {
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Returns tokens after a success: what its retries spent, or `successRefund`. */
  refund(spent: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (spent > 0 ? spent : this.successRefund));
  }
}
