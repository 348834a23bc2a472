/** Options of {@link closestModels}. */
export interface ClosestModelsOptions {
  /**
   * How many names to return at most.
   * @default 3
   */
  readonly limit?: number;
  /**
   * Longest edit distance still worth suggesting, as a share of the longer name's length.
   * @default 0.5
   */
  readonly maxDistanceRatio?: number;
}

/** Names are compared without case, and with spaces and underscores as dashes: `Agnes 2.5 Flash` is `agnes-2.5-flash`. */
const comparable = (name: string): string =>
  name
    .slice(0, 200)
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** Levenshtein distance, one row at a time (names are cut at 200 characters, so any input is cheap). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let row = 1; row <= a.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= b.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (a[row - 1] === b[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The available model names closest to `name`, closest first: for "did you mean ...?" after an
 * unknown-model failure. A name that contains, or is contained in, another counts as close. Names
 * further than `maxDistanceRatio` of their length are left out, so a wild guess suggests nothing.
 * Never throws.
 *
 * @example
 * closestModels('agnes-2.5-flsh', ['agnes-2.5-flash', 'agnes-2.5-pro']) // ['agnes-2.5-flash', 'agnes-2.5-pro']
 */
export function closestModels(
  name: string,
  available: readonly string[],
  options: ClosestModelsOptions = {},
): string[] {
  if (typeof name !== 'string' || !Array.isArray(available)) return [];
  const limit = options.limit ?? 3;
  const ratio = options.maxDistanceRatio ?? 0.5;
  const wanted = comparable(name);
  const scored: { model: string; distance: number }[] = [];
  for (const model of new Set(available)) {
    if (typeof model !== 'string' || model === name) continue;
    const candidate = comparable(model);
    const contained =
      Math.min(wanted.length, candidate.length) >= 3 &&
      (candidate.includes(wanted) || wanted.includes(candidate));
    const distance = contained ? 0.5 : editDistance(wanted, candidate);
    if (distance <= Math.max(wanted.length, candidate.length) * ratio) scored.push({ model, distance });
  }
  scored.sort((left, right) => left.distance - right.distance || left.model.localeCompare(right.model));
  return scored.slice(0, Math.max(0, limit)).map((entry) => entry.model);
}
