/**
 * Fuzz settings: a fixed seed so a failure reproduces, and the number of cases per property:
 * 10,000 by default (what CI runs), `AGNES_FUZZ_RUNS` to change it (`pnpm fuzz` runs 100,000).
 */
export const fuzzRuns: number = Number(process.env.AGNES_FUZZ_RUNS) || 10_000;
export const fuzzSeed = 20_261_129;

/** fast-check parameters for one property, scaled from `fuzzRuns`. */
export function fuzzParameters(share = 1): { numRuns: number; seed: number; endOnFailure: boolean } {
  return { numRuns: Math.max(1, Math.round(fuzzRuns * share)), seed: fuzzSeed, endOnFailure: true };
}

/** Vitest's timeout for a fuzz test: generous, since 100,000 cases take minutes. */
export const fuzzTimeoutMs: number = Math.max(120_000, fuzzRuns * 10);
