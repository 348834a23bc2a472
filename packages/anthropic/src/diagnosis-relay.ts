import type { AgnesErrorInfo } from '@agnes-errors/core';

/** The response header that carries a diagnosis id on `@anthropic-ai/sdk` 0.41 and earlier only; removed again when read. */
const relayHeader = 'x-agnes-diagnosis';
/** Ids the SDK never read (a failed response it did not turn into an error) are dropped past this. */
const maxPending = 1000;

/**
 * Carries a final diagnosis from our fetch to the SDK's `makeStatusError`, which builds the error the
 * caller gets. `@anthropic-ai/sdk` 0.50 and later hand `makeStatusError` the very `Headers` object our fetch returned,
 * so a WeakMap keyed by it is enough and nothing is added to the response. 0.41 and earlier (node-fetch) hand it a
 * snapshot of the header entries: there an id travels in a response header, deleted when read.
 */
export class DiagnosisRelay {
  readonly #byHeaders = new WeakMap<object, AgnesErrorInfo>();
  readonly #pending = new Map<string, AgnesErrorInfo>();
  #counter = 0;

  /** Marks a failed response with its diagnosis. */
  send(response: Response, info: AgnesErrorInfo): void {
    this.#byHeaders.set(response.headers, info);
    this.#counter += 1;
    const id = String(this.#counter);
    this.#pending.set(id, info);
    if (this.#pending.size > maxPending) this.#pending.delete(this.#pending.keys().next().value as string);
    response.headers.set(relayHeader, id);
  }

  /** The diagnosis of the response whose headers `makeStatusError` received; removes the carrier header. */
  receive(headers: unknown): AgnesErrorInfo | undefined {
    if (typeof headers !== 'object' || headers === null) return undefined;
    if (typeof (headers as Headers).get === 'function') {
      const id = (headers as Headers).get(relayHeader);
      (headers as Headers).delete(relayHeader);
      if (id !== null) this.#pending.delete(id);
      return this.#byHeaders.get(headers);
    }
    const snapshot = headers as Record<string, unknown>;
    const id = snapshot[relayHeader];
    delete snapshot[relayHeader];
    if (typeof id !== 'string') return undefined;
    const info = this.#pending.get(id);
    this.#pending.delete(id);
    return info;
  }
}
