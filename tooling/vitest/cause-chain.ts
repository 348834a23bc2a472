import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every object reachable from an error through `cause`, the error first (at most 10, no cycles). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let link: unknown = error;
  while (typeof link === 'object' && link !== null && !chain.includes(link) && chain.length < 10) {
    chain.push(link);
    link = (link as { cause?: unknown }).cause;
  }
  return chain;
}

/** Everything a log could print of one object: inspect (deep), JSON, String and its stack. */
function printed(value: unknown): string[] {
  const outputs = [inspect(value, { depth: 6, showHidden: false }), String(value)];
  try {
    outputs.push(JSON.stringify(value) ?? '');
  } catch {
    // A cycle: JSON.stringify throws, and so prints nothing.
  }
  const stack = (value as { stack?: unknown }).stack;
  if (typeof stack === 'string') outputs.push(stack);
  return outputs;
}

/**
 * Asserts that nothing printed of the error or of any cause in its chain contains the key, or any
 * 12 of its characters in a row. Returns how many links were checked.
 */
export function expectNoKeyInCauseChain(error: unknown, key: string): number {
  const chain = causeChain(error);
  const fragments = new Set<string>([key]);
  for (let start = 0; start + 12 <= key.length; start += 1) fragments.add(key.slice(start, start + 12));
  for (const [index, link] of chain.entries()) {
    for (const output of printed(link)) {
      for (const fragment of fragments) {
        expect(
          output.includes(fragment),
          `cause ${index} prints "${fragment}": ${output.slice(0, 400)}`,
        ).toBe(false);
      }
    }
  }
  return chain.length;
}
