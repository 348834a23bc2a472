/** The model list's settings, as `AgnesOptions.modelList` gives them. */
export interface ModelListOptions {
  /**
   * How long one fetched list is used before it is fetched again, in ms. A failed fetch is kept as
   * long, so a broken `/v1/models` is not asked again on every failure.
   * @default 600000 (10 minutes)
   */
  readonly ttlMs?: number;
  /**
   * How long the list request may take, retries included, in ms: the caller's error is held this long at most.
   * @default 10000
   */
  readonly timeoutMs?: number;
}
