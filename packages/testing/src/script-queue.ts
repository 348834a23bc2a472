import type { MockStep } from './types.ts';

/** Scripted steps per route key: `'POST /v1/videos'`, a path for any method, or `'*'` for any route. */
export class ScriptQueue {
  readonly #steps = new Map<string, MockStep[]>();

  add(route: string, steps: readonly MockStep[]): void {
    this.#steps.set(route, [...(this.#steps.get(route) ?? []), ...steps]);
  }

  /** The next step for a request: the most specific key that still has one. */
  take(method: string, pathname: string): MockStep | undefined {
    for (const key of [`${method} ${pathname}`, pathname, '*']) {
      const queue = this.#steps.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    return undefined;
  }

  clear(): void {
    this.#steps.clear();
  }
}
